// Grad-CAM of a ResDense checkpoint for the input and classes a Python script saved, compared
// with the maps it computed with hooks on torchvision's model.
// Usage: grad_cam_tool CHECKPOINT IO_FILE [TOLERANCE]
// IO_FILE is torch.save({"input": x (1 x C x H x W), "classes": int64 K, "cams": K x h x w}).
// Exit 0 when every map agrees within TOLERANCE (default 1e-4) at every position.
#include <cstdio>
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "infer/grad_cam.h"
#include "io/checkpoint.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: grad_cam_tool CHECKPOINT IO_FILE [TOLERANCE]\n";
        return 2;
    }
    const double tolerance = argc > 3 ? std::stod(argv[3]) : 1e-4;
    try {
        torch::set_num_threads(2);
        resdense::Net net = resdense::load_model(argv[1]);
        net->eval();
        const resdense::TorchFile io = resdense::read_torch_file(argv[2]);
        const resdense::NamedTensors* tensors = io.dict("");
        torch::Tensor input, classes, expected;
        for (const auto& [name, t] : tensors ? *tensors : resdense::NamedTensors{}) {
            if (name == "input")
                input = t;
            if (name == "classes")
                classes = t;
            if (name == "cams")
                expected = t;
        }
        if (!input.defined() || !classes.defined() || !expected.defined()) {
            std::cerr << argv[2] << ": needs 'input', 'classes' and 'cams'\n";
            return 2;
        }
        std::vector<int> wanted;
        for (std::int64_t i = 0; i < classes.numel(); ++i)
            wanted.push_back(static_cast<int>(classes[i].item<std::int64_t>()));
        const auto maps = resdense::grad_cam(*net, input, wanted);
        double worst = 0.0;
        for (std::size_t i = 0; i < maps.size(); ++i) {
            const auto& m = maps[i];
            const torch::Tensor theirs = expected[static_cast<std::int64_t>(i)];
            if (theirs.size(0) != m.height || theirs.size(1) != m.width) {
                std::cerr << "class " << m.class_index << ": our map is " << m.height << " x "
                          << m.width << ", theirs " << theirs.size(0) << " x " << theirs.size(1)
                          << '\n';
                return 1;
            }
            const torch::Tensor ours =
                torch::from_blob(const_cast<float*>(m.values.data()), {m.height, m.width});
            const double diff = (ours - theirs).abs().max().item<double>();
            std::printf("class %d: %d x %d map, max |ours - theirs| = %.3g (peak at %lld)\n",
                        m.class_index, m.height, m.width, diff,
                        static_cast<long long>(ours.flatten().argmax().item<std::int64_t>()));
            worst = std::max(worst, diff);
        }
        std::printf("worst difference %.3g, tolerance %.3g\n", worst, tolerance);
        return worst <= tolerance ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }
}
