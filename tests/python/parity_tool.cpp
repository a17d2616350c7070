// Runs a ResDense checkpoint on the input tensor a Python script saved and compares the logits
// with the ones torchvision computed. Usage: parity_tool CHECKPOINT IO_FILE [TOLERANCE]
// IO_FILE is torch.save({"input": x, "logits": y}). Exit 0 when max|ours - theirs| / max|theirs|
// is within the tolerance (default 1e-4; 0 asks for the same bits).
//
// parity_tool --pretrained ARCH IN_CHANNELS WEIGHTS IO_FILE [TOLERANCE] builds the preset ARCH
// for IN_CHANNELS-channel images and starts it from WEIGHTS as training start does (the head and
// the gray-image stem rule included) instead of loading a checkpoint.
#include <cstdio>
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "io/checkpoint.h"
#include "io/pretrained.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"

int main(int argc, char** argv)
{
    const bool pretrained = argc > 1 && std::string(argv[1]) == "--pretrained";
    const int io_arg = pretrained ? 5 : 2;
    if (argc <= io_arg) {
        std::cerr
            << "usage: parity_tool CHECKPOINT IO_FILE [TOLERANCE]\n"
               "       parity_tool --pretrained ARCH IN_CHANNELS WEIGHTS IO_FILE [TOLERANCE]\n";
        return 2;
    }
    const double tolerance = argc > io_arg + 1 ? std::stod(argv[io_arg + 1]) : 1e-4;
    try {
        torch::set_num_threads(2);
        resdense::Net net;
        if (pretrained) {
            resdense::ModelSpec spec = resdense::model_spec(argv[2]);
            spec.in_channels = std::stoi(argv[3]);
            net = resdense::make_model(spec, 0);
            for (const auto& note : resdense::apply_pretrained(
                     *net, spec, resdense::read_pretrained(argv[4]), argv[4], "the model"))
                std::printf("%s\n", note.c_str());
        } else {
            net = resdense::load_model(argv[1]);
        }
        net->eval();
        const resdense::TorchFile io = resdense::read_torch_file(argv[io_arg]);
        const resdense::NamedTensors* tensors = io.dict("");
        torch::Tensor input, expected;
        for (const auto& [name, t] : tensors ? *tensors : resdense::NamedTensors{}) {
            if (name == "input")
                input = t;
            if (name == "logits")
                expected = t;
        }
        if (!input.defined() || !expected.defined()) {
            std::cerr << argv[io_arg] << ": needs 'input' and 'logits'\n";
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
