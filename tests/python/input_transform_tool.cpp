// Applies the engine's resize-and-crop to the tensor a Python script saved and compares it with
// torchvision's. Usage: input_transform_tool IO_FILE RESIZE CROP [TOLERANCE]
// IO_FILE is torch.save({"input": x, "expected": y}) with x a float batch in [0, 1]. Exit 0 when
// max|ours - theirs| is within the tolerance (default 1e-5) and the shapes agree.
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "data/input_transform.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::cerr << "usage: input_transform_tool IO_FILE RESIZE CROP [TOLERANCE]\n";
        return 2;
    }
    const double tolerance = argc > 4 ? std::stod(argv[4]) : 1e-5;
    try {
        const resdense::TorchFile io = resdense::read_torch_file(argv[1]);
        const resdense::NamedTensors* tensors = io.dict("");
        torch::Tensor input, expected;
        for (const auto& [name, t] : tensors ? *tensors : resdense::NamedTensors{}) {
            if (name == "input")
                input = t;
            if (name == "expected")
                expected = t;
        }
        if (!input.defined() || !expected.defined()) {
            std::cerr << argv[1] << ": needs 'input' and 'expected'\n";
            return 2;
        }
        resdense::InputOptions options;
        options.resize = std::stoi(argv[2]);
        options.crop = std::stoi(argv[3]);
        const torch::Tensor ours = resdense::resize_and_crop(input, options);
        if (ours.sizes() != expected.sizes()) {
            std::cerr << "shape " << ours.sizes() << ", torchvision " << expected.sizes() << "\n";
            return 1;
        }
        const double diff = (ours - expected).abs().max().item<double>();
        std::cout << "max |difference| " << diff << " (tolerance " << tolerance << ")\n";
        return diff <= tolerance ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
