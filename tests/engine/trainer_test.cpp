#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include <torch/torch.h>

#include "io/checkpoint.h"
#include "models/net.h"
#include "resdense/error.h"
#include "resdense/run_record.h"
#include "resdense/trainer.h"
#include "resdense/validation_checks.h"
#include "train/optimizer.h"
#include "train/schedule.h"
#include "trainer_test_support.h"

using namespace resdense;
using namespace resdense::testing_support;
namespace fs = std::filesystem;

TEST_F(TrainerTest, SameSeedSameMetrics)
{
    RecordingSink first, second;
    const RunSummary a = train(tiny(), "", first);
    train(tiny(), "", second);
    ASSERT_EQ(first.batches.size(), 2u * 2u * 6u); // 2 slots x 2 epochs x 180/30 batches
    EXPECT_EQ(losses(first, 0), losses(second, 0));
    EXPECT_EQ(losses(first, 1), losses(second, 1));
    ASSERT_EQ(first.epochs.size(), 4u);
    for (std::size_t i = 0; i < first.epochs.size(); ++i)
        EXPECT_EQ(first.epochs[i].val_accuracy, second.epochs[i].val_accuracy);
    EXPECT_TRUE(a.completed);
    EXPECT_EQ(a.slots[0].status, SlotStatus::Finished);
    EXPECT_TRUE(std::isfinite(a.slots[1].test_accuracy));
}

// The reported latency is a measurement in milliseconds of one image through that model: within
// a factor of 20 of timing the same architecture here (a wrong unit is off by 1000).
// Classifying before the first epoch ends: the weights as they are at a batch boundary, written
// on request (one of them with a pause at the same boundary), without changing what training
// computes.
TEST_F(TrainerTest, SnapshotsMidEpochLeaveTrainingUntouched)
{
    class SnapshotSink : public RecordingSink {
    public:
        bool snapshot_wanted() override
        {
            const bool want = batches.size() == 2 || (batches.size() == 4 && !asked_paused);
            if (want && batches.size() == 4)
                asked_paused = true;
            return want && taken.insert(batches.size()).second;
        }
        Command poll() override
        {
            // One pause at the fourth batch, during which the snapshot is asked for.
            if (batches.size() == 4 && !paused_once) {
                paused_once = true;
                return Command::Pause;
            }
            return RecordingSink::poll();
        }
        std::set<std::size_t> taken;
        bool asked_paused = false, paused_once = false;
    };
    RecordingSink plain;
    train(tiny(1), dir("plain"), plain);
    SnapshotSink sink;
    train(tiny(1), dir("snap"), sink);
    EXPECT_EQ(losses(sink, 0), losses(plain, 0));
    EXPECT_EQ(losses(sink, 1), losses(plain, 1));
    int snapshots = 0;
    for (const auto& [slot, path] : sink.checkpoints)
        if (path.find("-snapshot.pt") != std::string::npos) {
            ++snapshots;
            EXPECT_TRUE(fs::exists(path)) << path;
            EXPECT_NO_THROW(load_model(path)) << path;
        }
    EXPECT_EQ(snapshots, 4) << "two requests, each for both slots";
}

// Validation checks between epoch ends: after every val_every-th batch, on the fixed subset,
// kept in checks.jsonl; training computes exactly what it computes without them.
TEST_F(TrainerTest, ValidationChecksMidEpochLeaveTrainingUntouched)
{
    class CheckSink : public RecordingSink {
    public:
        void on_validation_check(const ValidationCheck& c) override { checks.push_back(c); }
        std::vector<ValidationCheck> checks;
    };
    RecordingSink plain;
    train(tiny(2), dir("plain"), plain);
    RunConfig c = tiny(2);
    c.val_every = 2;   // 6 batches an epoch: after the 2nd and the 4th (the 6th is the epoch's)
    c.val_subset = 20; // of the 60 validation images
    CheckSink sink;
    train(c, dir("checks"), sink);
    EXPECT_EQ(losses(sink, 0), losses(plain, 0));
    EXPECT_EQ(losses(sink, 1), losses(plain, 1));
    ASSERT_EQ(sink.checks.size(), 8u); // 2 epochs x 2 checks x 2 models
    for (const auto& k : sink.checks) {
        EXPECT_TRUE(k.batch == 1 || k.batch == 3) << k.batch;
        EXPECT_EQ(k.batches, 6);
        EXPECT_EQ(k.images, 20);
        EXPECT_GE(k.val_accuracy, 0.0);
        EXPECT_LE(k.val_accuracy, 1.0);
        EXPECT_EQ(k.step, k.epoch * 6 + k.batch);
    }
    const auto back = read_validation_checks(dir("checks"), {"a", "b"});
    ASSERT_EQ(back.size(), sink.checks.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        EXPECT_EQ(back[i].slot, sink.checks[i].slot);
        EXPECT_EQ(back[i].step, sink.checks[i].step);
        EXPECT_DOUBLE_EQ(back[i].val_accuracy, sink.checks[i].val_accuracy);
    }
    EXPECT_EQ(read_run(dir("checks")).config.val_every, 2);
    EXPECT_TRUE(read_validation_checks(dir("plain"), {"a", "b"}).empty());

    // Stopped in the middle of the second epoch and resumed: the checks after the checkpoint are
    // made again, not twice.
    CheckSink first;
    first.stop_epoch = 1;
    first.stop_batch = 1; // before its 2nd batch: epoch 1's checks are not made yet
    train(c, dir("resumed"), first);
    CheckSink rest;
    resume(dir("resumed"), rest);
    const auto resumed = read_validation_checks(dir("resumed"), {"a", "b"});
    ASSERT_EQ(resumed.size(), back.size());
    for (std::size_t i = 0; i < back.size(); ++i)
        EXPECT_EQ(resumed[i].step, back[i].step);
}

TEST_F(TrainerTest, InferenceLatencyIsMeasuredInMilliseconds)
{
    RunConfig c = tiny(1);
    c.slots.pop_back();
    RecordingSink sink;
    const double reported = train(c, "", sink).slots[0].inference_ms_per_image;
    ModelSpec spec = c.slots[0].model;
    spec.in_channels = 3; // shapes are RGB unless asked otherwise
    spec.num_classes = 10;
    spec.channels_last = true;
    Net net = make_model(spec);
    net->eval();
    torch::NoGradGuard no_grad;
    const torch::Tensor x =
        torch::randn({1, 3, 16, 16}).contiguous(torch::MemoryFormat::ChannelsLast);
    net->forward(x);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i)
        net->forward(x);
    const double here =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        10;
    EXPECT_GT(reported, here / 20) << "reported " << reported << " ms, measured " << here << " ms";
    EXPECT_LT(reported, here * 20) << "reported " << reported << " ms, measured " << here << " ms";
}

// Two slots with the same config must produce the same numbers batch for batch: proof that they
// were fed identical data in the same order (and that a model's start does not depend on its slot).
TEST_F(TrainerTest, TwoSlotsSeeIdenticalBatches)
{
    RunConfig c = tiny(1);
    c.slots = {slot("a", "cifar-resnet", 8), slot("b", "cifar-resnet", 8)};
    RecordingSink sink;
    train(c, "", sink);
    const auto a = losses(sink, 0), b = losses(sink, 1);
    ASSERT_EQ(a.size(), 6u);
    EXPECT_EQ(a, b);
}

TEST_F(TrainerTest, ResumeAfterAnEpochMatchesAnUninterruptedRun)
{
    RecordingSink whole;
    train(tiny(3), dir("whole"), whole);

    RecordingSink part;
    part.stop_epoch = 1; // stop once epoch 1 (0-based) is about to begin
    const RunSummary stopped = train(tiny(3), dir("split"), part);
    EXPECT_FALSE(stopped.completed);
    EXPECT_EQ(stopped.slots[0].status, SlotStatus::Stopped);
    RecordingSink rest;
    const RunSummary resumed = resume(dir("split"), rest);
    EXPECT_TRUE(resumed.completed);

    std::vector<EpochMetrics> joined = part.epochs;
    joined.insert(joined.end(), rest.epochs.begin(), rest.epochs.end());
    ASSERT_EQ(joined.size(), whole.epochs.size());
    for (std::size_t i = 0; i < joined.size(); ++i) {
        EXPECT_EQ(joined[i].train_loss, whole.epochs[i].train_loss) << i;
        EXPECT_EQ(joined[i].val_accuracy, whole.epochs[i].val_accuracy) << i;
    }
    EXPECT_EQ(resumed.slots[1].test_accuracy, train(tiny(3), "", whole).slots[1].test_accuracy);
}

// The GUI opens run folders through read_run: what it reads must be what the sink was told.
TEST_F(TrainerTest, RunFolderReadsBackWhatTheSinkSaw)
{
    RecordingSink sink;
    const RunSummary s = train(tiny(2), dir("run"), sink);
    const RunRecord r = read_run(dir("run"));
    EXPECT_EQ(r.config, tiny(2));
    ASSERT_EQ(r.batches.size(), sink.batches.size());
    for (std::size_t i = 0; i < r.batches.size(); ++i) {
        EXPECT_EQ(r.batches[i].slot, sink.batches[i].slot);
        EXPECT_DOUBLE_EQ(r.batches[i].loss, sink.batches[i].loss);
        EXPECT_EQ(r.batches[i].batches, 6);
    }
    ASSERT_EQ(r.epochs.size(), 4u);
    for (std::size_t i = 0; i < r.epochs.size(); ++i) {
        EXPECT_DOUBLE_EQ(r.epochs[i].val_accuracy, sink.epochs[i].val_accuracy);
        EXPECT_EQ(r.epochs[i].best, sink.epochs[i].best);
    }
    EXPECT_EQ(r.epochs_done, 2);
    ASSERT_TRUE(r.summary.has_value());
    ASSERT_EQ(r.summary->slots.size(), 2u);
    EXPECT_DOUBLE_EQ(r.summary->slots[1].test_accuracy, s.slots[1].test_accuracy);
    EXPECT_EQ(r.summary->slots[0].status, SlotStatus::Finished);
    ASSERT_EQ(r.last_checkpoints.size(), 2u);
    EXPECT_TRUE(fs::exists(r.last_checkpoints[1]));
    EXPECT_TRUE(fs::exists(r.best_checkpoints[0]));
    // Each epoch and the end announce both slots' fresh checkpoints.
    ASSERT_EQ(sink.checkpoints.size(), 2u * 3u);
    EXPECT_EQ(sink.checkpoints.back().second, r.last_checkpoints[1]);

    // A torn last line (a crash mid-write) is skipped, the rest still reads.
    std::ofstream(dir("run") + "/metrics.jsonl", std::ios::app) << "{\"type\": \"batch\", \"sl";
    EXPECT_EQ(read_run(dir("run")).batches.size(), sink.batches.size());
    EXPECT_THROW(read_run(dir("nothing-here")), Error);
}

TEST_F(TrainerTest, ResumeMidEpochMatchesToo)
{
    RecordingSink whole;
    train(tiny(2), "", whole);
    RecordingSink part;
    part.stop_epoch = 0;
    part.stop_batch = 4;
    train(tiny(2), dir("mid"), part);
    EXPECT_EQ(part.batches.size(), 2u * 4u);
    RecordingSink rest;
    resume(dir("mid"), rest);
    std::vector<double> joined = losses(part, 1), tail = losses(rest, 1);
    joined.insert(joined.end(), tail.begin(), tail.end());
    EXPECT_EQ(joined, losses(whole, 1));
    ASSERT_EQ(rest.epochs.size(), 4u);
    EXPECT_EQ(rest.epochs[0].train_loss,
              whole.epochs[0].train_loss); // the epoch's running sums survived
}

// Batch norm keeps these small networks finite at any learning rate the config accepts, so the
// NaN is planted: slot b's checkpoint gets a NaN classifier weight, and the run resumes from it.
TEST_F(TrainerTest, DivergingSlotStopsWithAReasonAndTheOtherGoesOn)
{
    RecordingSink part;
    part.stop_epoch = 1;
    train(tiny(2), dir("nan"), part);
    TorchFile ckpt = read_torch_file(dir("nan/models/b-last.pt"));
    for (auto& [path, tensors] : ckpt.tensor_dicts)
        for (auto& [name, t] : tensors)
            if (path == "model" && name == "classifier.weight")
                t = torch::full_like(t, std::nan(""));
    write_torch_file(dir("nan/models/b-last.pt"), ckpt);

    RecordingSink rest;
    const RunSummary s = resume(dir("nan"), rest);
    EXPECT_EQ(s.slots[1].status, SlotStatus::Diverged);
    EXPECT_NE(s.slots[1].reason.find("the loss became NaN at epoch 2, batch 1"), std::string::npos)
        << s.slots[1].reason;
    EXPECT_EQ(s.slots[0].status, SlotStatus::Finished);
    EXPECT_TRUE(s.completed);
    EXPECT_EQ(losses(rest, 0).size(), 6u); // model a trained the whole second epoch
    EXPECT_TRUE(losses(rest, 1).empty());
    ASSERT_FALSE(rest.statuses.empty());
    EXPECT_EQ(rest.statuses.front(), std::make_pair(1, SlotStatus::Diverged));
    // The diverged model's best checkpoint from epoch 1 is untouched and loads.
    EXPECT_NO_THROW(load_model(dir("nan/models/b-best.pt")));
}

TEST_F(TrainerTest, AnotherArchitecturesCheckpointIsRefusedOnResume)
{
    RecordingSink part;
    part.stop_epoch = 1;
    train(tiny(2), dir("run"), part);
    // Swap model a's checkpoint for one of a different network.
    auto other = model_spec("resnet20");
    Net net = make_model(other);
    write_checkpoint(dir("run/models/a-last.pt"), other, *net);
    RecordingSink rest;
    try {
        resume(dir("run"), rest);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("a-last.pt: holds CIFAR ResNet-20"), std::string::npos) << msg;
        EXPECT_NE(msg.find("CIFAR ResNet-8"), std::string::npos) << msg;
    }
}

TEST_F(TrainerTest, RefusesAnExistingRunFolderAndBadConfigs)
{
    RecordingSink sink;
    RunConfig c = tiny(1);
    c.slots.pop_back();
    train(c, dir("once"), sink);
    EXPECT_THROW(train(c, dir("once"), sink), Error);
    EXPECT_THROW(resume(dir("once"), sink), Error); // already finished
    c.epochs = 0;
    EXPECT_THROW(train(c, "", sink), Error);
    c = tiny(1);
    c.slots[0].optimizer.lr = -1;
    EXPECT_THROW(train(c, "", sink), Error);
}

TEST_F(TrainerTest, PauseWaitsAndContinues)
{
    RunConfig c = tiny(1);
    c.slots.pop_back();
    RecordingSink sink;
    sink.pauses = 3;
    EXPECT_TRUE(train(c, "", sink).completed);
    EXPECT_EQ(sink.batches.size(), 6u);
}

TEST(RunConfigJson, RoundTrip)
{
    RunConfig c = tiny(4);
    c.slots[0].optimizer.kind = OptimizerKind::AdamW;
    c.slots[1].schedule.kind = ScheduleKind::MultiStep;
    c.slots[1].schedule.milestones = {1.5, 3};
    c.precision = Precision::FP32;
    EXPECT_EQ(run_config_from_json(to_json(c)), c);
    EXPECT_THROW(run_config_from_json("{}"), Error);
    EXPECT_THROW(parse_optimizer("lion"), Error);
}

TEST(Schedule, OneCycleFollowsPyTorch)
{
    ScheduleConfig s; // one-cycle, pct_start 0.25, div 25, final div 1e4
    const std::int64_t total = 100;
    EXPECT_NEAR(learning_rate(s, 0.1, 0, total, 10), 0.1 / 25, 1e-12);
    EXPECT_NEAR(learning_rate(s, 0.1, 24, total, 10), 0.1,
                1e-12); // the peak at pct_start * total - 1
    EXPECT_NEAR(learning_rate(s, 0.1, 99, total, 10), 0.1 / 25 / 1e4, 1e-12);
    EXPECT_LT(learning_rate(s, 0.1, 60, total, 10), 0.1);
}

// resdense's one-cycle is PyTorch's OneCycleLR with cycle_momentum=False (the Python reference in
// bench/ runs it so): the same learning rates, and SGD's momentum stays where it was. Reference
// values from PyTorch 1.13: OneCycleLR(SGD(lr=0.1, momentum=0.9), max_lr=0.1, total_steps=100,
// pct_start=0.25, div_factor=25, final_div_factor=1e4, cycle_momentum=False), get_last_lr() after
// `step` calls of step().
TEST(Schedule, OneCycleIsPyTorchsWithMomentumHeld)
{
    Net net = make_model(model_spec("resnet20"));
    auto optimizer = make_optimizer(OptimizerConfig{}, *net);
    const ScheduleConfig s;
    const std::vector<std::pair<std::int64_t, double>> pytorch = {
        {0, 0.0040000000000000036}, {10, 0.039576685835079006}, {24, 0.1},
        {25, 0.0999561416803769},   {60, 0.05313971341836177},  {99, 4e-07}};
    for (const auto& [step, lr] : pytorch)
        EXPECT_NEAR(learning_rate(s, 0.1, step, 100, 10), lr, 1e-12) << "step " << step;
    for (std::int64_t step = 0; step < 100; ++step) {
        set_learning_rate(*optimizer, learning_rate(s, 0.1, step, 100, 10));
        for (auto& group : optimizer->param_groups()) // a cycled momentum is 0.85 at step 24
            ASSERT_DOUBLE_EQ(static_cast<torch::optim::SGDOptions&>(group.options()).momentum(),
                             0.9)
                << "step " << step;
    }
}

TEST(Schedule, WarmupMultiStepCosine)
{
    ScheduleConfig s;
    s.kind = ScheduleKind::MultiStep;
    s.warmup_epochs = 1;
    s.milestones = {2, 3};
    EXPECT_NEAR(learning_rate(s, 0.1, 0, 40, 10), 0.01, 1e-12);
    EXPECT_NEAR(learning_rate(s, 0.1, 9, 40, 10), 0.1, 1e-12);
    EXPECT_NEAR(learning_rate(s, 0.1, 25, 40, 10), 0.01, 1e-12);
    EXPECT_NEAR(learning_rate(s, 0.1, 35, 40, 10), 0.001, 1e-12);
    s.kind = ScheduleKind::Cosine;
    s.warmup_epochs = 0;
    EXPECT_NEAR(learning_rate(s, 0.1, 0, 40, 10), 0.1, 1e-12);
    EXPECT_NEAR(learning_rate(s, 0.1, 20, 40, 10), 0.05, 1e-12);
}
