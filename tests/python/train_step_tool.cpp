// One training step of a freshly built ResDense model, for train_step_reference.py to repeat in
// plain PyTorch. Usage: train_step_tool PRESET SEED BATCH_FILE INITIAL_OUT RESULT_OUT
//   PRESET       a model preset ("resnet20", "densenet-bc-40"), built by SlotRun from SEED with
//                the batch's channel count, 10 classes, channels-last, fp32
//   BATCH_FILE   torch.save({"images": N x C x H x W float, "labels": N int64})
//   INITIAL_OUT  the model before the step, as a ResDense checkpoint
//   RESULT_OUT   torch.save-compatible {"model": state dict after the step, "grad": each
//                parameter's gradient of this step, "result": {"loss": 0-d double,
//                "correct": 0-d int64}}
// The step is SlotRun::train_step itself (train mode, cross entropy, backward, the optimizer of
// make_optimizer: FusedSGD, lr 0.1, momentum 0.9, weight decay 5e-4, none on 1-D parameters),
// with the fused norm kernels at whatever RESDENSE_FUSED_BATCH_NORM selects.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "data/batch_loader.h"
#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"
#include "resdense/model_spec.h"
#include "resdense/run_config.h"
#include "train/slot_run.h"

int main(int argc, char** argv)
{
    if (argc != 6) {
        std::cerr << "usage: train_step_tool PRESET SEED BATCH_FILE INITIAL_OUT RESULT_OUT\n";
        return 2;
    }
    try {
        torch::set_num_threads(2);
        const resdense::TorchFile io = resdense::read_torch_file(argv[3]);
        const resdense::NamedTensors* tensors = io.dict("");
        resdense::Batch batch;
        for (const auto& [name, t] : tensors ? *tensors : resdense::NamedTensors{}) {
            if (name == "images")
                batch.images = t.to(torch::kFloat);
            if (name == "labels")
                batch.labels = t.to(torch::kLong);
        }
        if (!batch.images.defined() || !batch.labels.defined() || batch.images.dim() != 4) {
            std::cerr << argv[3] << ": needs 'images' (N x C x H x W) and 'labels'\n";
            return 2;
        }
        // As the batch loader delivers it to a channels-last model.
        batch.images = batch.images.contiguous(torch::MemoryFormat::ChannelsLast);

        resdense::SlotConfig slot;
        slot.model = resdense::model_spec(argv[1]);
        slot.model.in_channels = static_cast<int>(batch.images.size(1));
        slot.model.num_classes = 10;
        slot.model.channels_last = true;
        slot.optimizer = resdense::OptimizerConfig{}; // SGD 0.1, momentum 0.9, decay 5e-4
        slot.optimizer.lr = 0.1;
        slot.optimizer.momentum = 0.9;
        slot.optimizer.weight_decay = 5e-4;
        slot.optimizer.decay_norm_and_bias = false;
        resdense::SlotRun run(0, slot, torch::kCPU, std::stoull(argv[2])); // a seeded model
        resdense::write_checkpoint(argv[4], slot.model, *run.net);

        const resdense::StepResult r =
            run.train_step(batch, slot.optimizer.lr, /*bf16=*/false, "train_step_tool");
        if (run.status != resdense::SlotStatus::Training) {
            std::cerr << "train_step_tool: " << run.reason << '\n';
            return 1;
        }
        // train_step clears the gradients before its step, not after: they are this step's.
        resdense::NamedTensors grads;
        for (const auto& item : run.net->named_parameters()) {
            if (!item.value().grad().defined()) {
                std::cerr << "train_step_tool: no gradient for " << item.key() << '\n';
                return 1;
            }
            grads.emplace_back(item.key(), item.value().grad());
        }
        resdense::TorchFile out;
        out.strings = {{"preset", argv[1]}};
        out.tensor_dicts.emplace_back("model", resdense::state_dict(*run.net));
        out.tensor_dicts.emplace_back("grad", grads);
        out.tensor_dicts.emplace_back(
            "result", resdense::NamedTensors{{"loss", torch::tensor(r.loss, torch::kDouble)},
                                             {"correct", torch::tensor(r.correct, torch::kLong)}});
        resdense::write_torch_file(argv[5], out);
        const char* fused = std::getenv("RESDENSE_FUSED_BATCH_NORM");
        std::printf("%s: one step on %lld images, loss %.6f (RESDENSE_FUSED_BATCH_NORM=%s)\n",
                    argv[1], static_cast<long long>(r.count), r.loss, fused ? fused : "");
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "train_step_tool: " << e.what() << '\n';
        return 1;
    }
}
