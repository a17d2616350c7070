// Fine-tuning modes: which parameters and statistics a frozen model keeps, the head's learning
// rate, and the refusals.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/checkpoint.h"
#include "resdense/error.h"
#include "resdense/model_spec.h"
#include "resdense/weights.h"
#include "train/feature_cache.h"
#include "train/fine_tuning.h"
#include "train/optimizer.h"
#include "train/slot_run.h"
#include "trainer_test_support.h"

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

namespace resdense {
namespace {

using testing_support::RecordingSink;
using testing_support::TrainerTest;

class LinearProbe : public TrainerTest {};

// Both models as linear probes on batches without random augmentation: trained on cached
// features (the fast path) or through their frozen backbones, the heads and every loss agree.
TEST_F(LinearProbe, CachedFeaturesTrainTheSameHeadAsTheFrozenBackbone)
{
    RunConfig c = testing_support::tiny(3);
    c.augment = {};
    c.precision = Precision::FP32;
    for (auto& s : c.slots)
        s.freeze = "backbone";
    ASSERT_TRUE(can_cache_features(c, c.slots[0]));
    RecordingSink cached, through;
    train(c, dir("cached"), cached);
    ASSERT_EQ(cached.messages.size(), 2u); // both slots announce the fast path
    EXPECT_NE(cached.messages[0].find("linear probe on cached features"), std::string::npos);
    setenv("RESDENSE_FEATURE_CACHE", "0", 1);
    ASSERT_FALSE(can_cache_features(c, c.slots[0]));
    train(c, dir("through"), through);
    unsetenv("RESDENSE_FEATURE_CACHE");
    EXPECT_TRUE(through.messages.empty());

    for (int slot = 0; slot < 2; ++slot) {
        const auto a = testing_support::losses(cached, slot);
        const auto b = testing_support::losses(through, slot);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            EXPECT_NEAR(a[i], b[i], 1e-5 * std::abs(b[i])) << "slot " << slot << " batch " << i;
    }
    for (const std::string name : {"a", "b"}) {
        const NamedTensors x =
            read_checkpoint(dir("cached") + "/models/" + name + "-last.pt").model;
        const NamedTensors y =
            read_checkpoint(dir("through") + "/models/" + name + "-last.pt").model;
        ASSERT_EQ(x.size(), y.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            ASSERT_EQ(x[i].first, y[i].first);
            EXPECT_TRUE(torch::allclose(x[i].second.to(torch::kDouble),
                                        y[i].second.to(torch::kDouble), 1e-5, 1e-6))
                << name << " " << x[i].first;
        }
    }
    // Validation and test went through the cache too: same accuracy.
    ASSERT_EQ(cached.epochs.size(), through.epochs.size());
    for (std::size_t i = 0; i < cached.epochs.size(); ++i)
        EXPECT_NEAR(cached.epochs[i].val_loss, through.epochs[i].val_loss,
                    1e-5 * std::abs(through.epochs[i].val_loss));
}

// Each image goes through the backbone once; then the split is served from memory.
// "auto" normalisation is decided at the start and recorded: a ResDense checkpoint was trained
// on its dataset's statistics, a torchvision state dict on ImageNet's.
TEST_F(LinearProbe, AutoNormalisationFollowsWhatTheWeightsWereTrainedOn)
{
    RunConfig c = testing_support::tiny(1);
    c.slots.resize(1);
    RecordingSink sink;
    train(c, dir("scratch"), sink);
    EXPECT_EQ(read_run_config(dir("scratch")).input.normalize, "auto"); // the dataset's

    const std::string checkpoint = dir("scratch") + "/models/a-last.pt";
    c.slots[0].pretrained.source = checkpoint;
    train(c, dir("from-checkpoint"), sink);
    EXPECT_EQ(read_run_config(dir("from-checkpoint")).input.normalize, "dataset");

    const std::string state_dict = dir("a.pth");
    export_torchvision(checkpoint, state_dict);
    c.slots[0].pretrained.source = state_dict;
    train(c, dir("from-state-dict"), sink);
    EXPECT_EQ(read_run_config(dir("from-state-dict")).input.normalize, "imagenet");

    c.input.normalize = "dataset"; // asked for: kept
    train(c, dir("asked"), sink);
    EXPECT_EQ(read_run_config(dir("asked")).input.normalize, "dataset");
}

TEST(LinearProbeRules, TheBackboneRunsOncePerImage)
{
    FeatureCache cache(1 << 20);
    int calls = 0;
    auto backbone = [&](const torch::Tensor& images) {
        ++calls;
        return images.flatten(1).sum(1, /*keepdim=*/true).repeat({1, 4});
    };
    const torch::Tensor images = torch::arange(6, torch::kFloat).view({6, 1, 1, 1});
    auto batch = [&](std::vector<std::int64_t> rows) {
        Batch b;
        b.rows = torch::tensor(rows, torch::kLong);
        b.images = images.index_select(0, b.rows);
        b.split = images.data_ptr();
        b.split_size = 6;
        return b;
    };
    cache.features(batch({0, 1, 2}), backbone);
    cache.features(batch({3, 4, 5}), backbone);
    EXPECT_EQ(calls, 2);
    const torch::Tensor again = cache.features(batch({5, 0}), backbone);
    EXPECT_EQ(calls, 2); // from memory
    EXPECT_TRUE(torch::equal(again.select(1, 0), torch::tensor({5.0f, 0.0f})));
    EXPECT_EQ(cache.bytes(), 6 * 4 * 4);
    FeatureCache small(16); // no room: the backbone every time
    small.features(batch({0, 1}), backbone);
    small.features(batch({0, 1}), backbone);
    EXPECT_EQ(calls, 4);
}

TEST(LinearProbeRules, OnlyFrozenBackbonesOnFixedBatchesUseTheCache)
{
    RunConfig c = testing_support::tiny(1);
    SlotConfig s = c.slots[0];
    s.freeze = "backbone";
    EXPECT_FALSE(can_cache_features(c, s)); // tiny() crops and flips at random
    c.augment = {};
    EXPECT_TRUE(can_cache_features(c, s));
    c.input.random_crop = true;
    EXPECT_FALSE(can_cache_features(c, s));
    c.input.random_crop = false;
    s.freeze = "stages:1";
    EXPECT_FALSE(can_cache_features(c, s));
    s.freeze = "backbone";
    s.model.dropout = 0.2;
    EXPECT_FALSE(can_cache_features(c, s));
}

} // namespace
} // namespace resdense
