// Runs a ResDense checkpoint on the input tensor a Python script saved and compares the logits
// with the ones torchvision computed. Usage: parity_tool CHECKPOINT IO_FILE [TOLERANCE]
// IO_FILE is torch.save({"input": x, "logits": y}). Exit 0 when max|ours - theirs| / max|theirs|
// is within the tolerance (default 1e-4).
#include <cstdio>
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "io/checkpoint.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: parity_tool CHECKPOINT IO_FILE [TOLERANCE]\n";
        return 2;
    }
    const double tolerance = argc > 3 ? std::stod(argv[3]) : 1e-4;
    try {
        torch::set_num_threads(2);
        resdense::Net net = resdense::load_model(argv[1]);
        net->eval();
        const resdense::TorchFile io = resdense::read_torch_file(argv[2]);
        const resdense::NamedTensors* tensors = io.dict("");
        torch::Tensor input, expected;
        for (const auto& [name, t] : tensors ? *tensors : resdense::NamedTensors{}) {
            if (name == "input")
                input = t;
            if (name == "logits")
                expected = t;
        }
        if (!input.defined() || !expected.defined()) {
            std::cerr << argv[2] << ": needs 'input' and 'logits'\n";
            return 2;
        }
        torch::NoGradGuard no_grad;
        const torch::Tensor ours = net->forward(input);
        const double diff = (ours - expected).abs().max().item<double>();
        const double scale = expected.abs().max().item<double>();
        const double relative = diff / std::max(scale, 1e-12);
        std::printf("max |ours - torchvision| = %.3g, max |torchvision| = %.3g, relative %.3g\n",
                    diff, scale, relative);
        return relative <= tolerance ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "parity_tool: " << e.what() << '\n';
        return 1;
    }
}
