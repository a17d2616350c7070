#pragma once
// What the trainer's tests share: a sink that records everything and can stop, a tiny duel on the
// generated shapes, and a fixture with a temporary folder.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "resdense/trainer.h"

namespace resdense::testing_support {
namespace fs = std::filesystem;

// Records everything; says Stop before batch stop_batch of epoch stop_epoch when asked.
class RecordingSink : public TrainSink {
public:
    std::vector<BatchMetrics> batches;
    std::vector<EpochMetrics> epochs;
    std::vector<std::pair<int, SlotStatus>> statuses;
    std::vector<std::pair<int, std::string>> checkpoints;
    std::vector<std::string> messages;
    int stop_epoch = -1;
    std::int64_t stop_batch = 0;
    int pauses = 0;

    void on_batch(const BatchMetrics& m) override
    {
        batches.push_back(m);
        m_next_epoch = m.epoch;
        m_next_batch = m.batch + 1;
        if (m_next_batch == m.batches) {
            ++m_next_epoch;
            m_next_batch = 0;
        }
    }
    void on_epoch(const EpochMetrics& m) override { epochs.push_back(m); }
    void on_message(const std::string& text) override { messages.push_back(text); }
    void on_slot_status(int slot, SlotStatus s, const std::string&) override
    {
        statuses.emplace_back(slot, s);
    }
    void on_checkpoint(int slot, const std::string& path) override
    {
        checkpoints.emplace_back(slot, path);
    }
    Command poll() override
    {
        if (pauses > 0) {
            --pauses;
            return Command::Pause;
        }
        return m_next_epoch == stop_epoch && m_next_batch == stop_batch ? Command::Stop
                                                                        : Command::Continue;
    }

private:
    int m_next_epoch = 0;
    std::int64_t m_next_batch = 0;
};

inline SlotConfig slot(const std::string& name, const std::string& model, int depth)
{
    SlotConfig s;
    s.name = name;
    s.model = model_spec(model);
    s.model.depth = depth;
    s.optimizer.lr = 0.05;
    return s;
}

inline RunConfig tiny(int epochs = 2)
{
    RunConfig c;
    c.dataset.spec = "shapes:240";
    c.dataset.val_fraction = 0.25;
    c.dataset.image_size = 16;
    c.dataset.test_limit = 40;
    c.augment.crop_padding = 2;
    c.augment.hflip = true;
    c.epochs = epochs;
    c.batch_size = 30;
    c.seed = 3;
    // One thread: ctest runs two tests at once on a 2-core machine, and with two threads each
    // oneDNN's bf16 kernels spin at their barriers while the other process holds the core
    // (measured: a tiny duel took 8.7 s instead of 1.1 s).
    c.threads = 1;
    c.slots = {slot("a", "cifar-resnet", 8), slot("b", "densenet-bc", 16)};
    return c;
}

class TrainerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() /
                ("resdense-train-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string dir(const std::string& name) const { return (m_dir / name).string(); }
    fs::path m_dir;
};

inline std::vector<double> losses(const RecordingSink& s, int slot)
{
    std::vector<double> out;
    for (const auto& b : s.batches)
        if (b.slot == slot)
            out.push_back(b.loss);
    return out;
}

} // namespace resdense::testing_support
