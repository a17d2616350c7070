// Fine-tuning modes: which parameters and statistics a frozen model keeps, the head's learning
// rate, and the refusals.
#include <algorithm>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "resdense/error.h"
#include "resdense/model_spec.h"
#include "train/fine_tuning.h"
#include "train/optimizer.h"
#include "train/slot_run.h"

namespace resdense {
namespace {

SlotConfig slot(const std::string& preset, const std::string& freeze, double head_lr_mult = 1.0)
{
    SlotConfig s;
    s.model = model_spec(preset);
    s.model.in_channels = 3;
    s.model.num_classes = 10;
    s.model.channels_last = false;
    s.optimizer.lr = 0.05;
    s.optimizer.weight_decay = 1e-4;
    s.freeze = freeze;
    s.head_lr_mult = head_lr_mult;
    return s;
}

Batch batch(std::int64_t pixels)
{
    torch::manual_seed(7);
    Batch b;
    b.images = torch::randn({4, 3, pixels, pixels});
    b.labels = torch::randint(0, 10, {4}, torch::kLong);
    return b;
}

std::map<std::string, torch::Tensor> snapshot(NetImpl& net)
{
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : net.named_parameters())
        out[p.key()] = p.value().detach().clone();
    for (const auto& b : net.named_buffers())
        out[b.key()] = b.value().detach().clone();
    return out;
}

// Trains three steps and sorts every tensor of the model into changed or not.
void train_and_compare(SlotRun& run, std::int64_t pixels, std::vector<std::string>& changed,
                       std::vector<std::string>& same)
{
    const auto before = snapshot(*run.net);
    const Batch b = batch(pixels);
    for (int i = 0; i < 3; ++i)
        run.train_step(b, 0.05, /*bf16=*/false, "test");
    for (const auto& [name, after] : snapshot(*run.net))
        (torch::equal(before.at(name), after) ? same : changed).push_back(name);
}

bool starts(const std::string& s, const std::string& prefix)
{
    return s.rfind(prefix, 0) == 0;
}

TEST(FineTuning, FrozenBackboneChangesOnlyTheHead)
{
    for (const std::string preset : {"resnet18", "densenet121"}) {
        SCOPED_TRACE(preset);
        SlotRun run(0, slot(preset, "backbone"), torch::kCPU, 1);
        std::vector<std::string> changed, same;
        train_and_compare(run, 64, changed, same);
        const std::string head = preset == "resnet18" ? "fc." : "classifier.";
        ASSERT_EQ(changed.size(), 2u); // the head's weight and bias
        for (const auto& name : changed)
            EXPECT_TRUE(starts(name, head)) << name;
        for (const auto& name : same) // every backbone parameter and running statistic
            EXPECT_FALSE(starts(name, head)) << name;
        for (const auto& p : run.net->named_parameters())
            if (starts(p.key(), head + "weight"))
                EXPECT_EQ(p.value().sizes(), (std::vector<std::int64_t>{10, p.value().size(1)}));
    }
}

TEST(FineTuning, FrozenStagesKeepTheStemAndTheFirstStages)
{
    SlotRun run(0, slot("resnet18", "stages:2"), torch::kCPU, 1);
    std::vector<std::string> changed, same;
    train_and_compare(run, 64, changed, same);
    for (const auto& name : changed)
        EXPECT_TRUE(starts(name, "layer3.") || starts(name, "layer4.") || starts(name, "fc."))
            << name;
    bool layer3_trained = false;
    for (const auto& name : changed)
        layer3_trained |= starts(name, "layer3.");
    EXPECT_TRUE(layer3_trained);
    for (const std::string frozen : {"conv1.weight", "bn1.running_mean", "layer2.1.bn2.weight"})
        EXPECT_NE(std::find(same.begin(), same.end(), frozen), same.end()) << frozen;
}

TEST(FineTuning, TheHeadLearnsAtItsMultiple)
{
    SlotRun run(0, slot("resnet18", "none", 10.0), torch::kCPU, 1);
    run.train_step(batch(32), 0.01, false, "test");
    int head_groups = 0;
    for (auto& group : run.optimizer->param_groups()) {
        bool head = false;
        for (const auto& p : run.net->named_parameters())
            for (const auto& q : group.params())
                head |= q.is_same(p.value()) && starts(p.key(), "fc.");
        EXPECT_DOUBLE_EQ(group.options().get_lr(), head ? 0.1 : 0.01);
        head_groups += head;
    }
    EXPECT_EQ(head_groups, 2); // weight (decayed) and bias (not)
}

TEST(FineTuning, RefusesUnknownFormsAndMissingStages)
{
    const Net net = make_model(slot("resnet18", "none").model, 0);
    EXPECT_THROW(frozen_part(*net, "everything"), Error);
    try {
        frozen_part(*net, "stages:5");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("this model has 4 stages"), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(frozen_part(*net, "none").empty());
    EXPECT_TRUE(frozen_part(*net, "stages:0").contains("conv1.weight"));
    EXPECT_FALSE(frozen_part(*net, "stages:0").contains("layer1.0.conv1.weight"));
}

} // namespace
} // namespace resdense
