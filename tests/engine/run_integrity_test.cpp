// What makes a comparison trustworthy: the slots' checkpoints form one set, both models provably
// see the same batches, memory is measured per model, runs repeat whatever other threads do, and
// every test image's prediction is kept.
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/net.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/insight.h"
#include "resdense/model_summary.h"
#include "resdense/predictions.h"
#include "resdense/run_record.h"
#include "resdense/trainer.h"
#include "train/run_folder.h"
#include "train/trainer_testing.h"
#include "trainer_test_support.h"

using namespace resdense;
using namespace resdense::testing_support;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

// Regression: resume used to restart a slot without a checkpoint from fresh weights at the other
// slot's epoch.
TEST_F(TrainerTest, ResumeRefusesARunMissingOneSlotsCheckpoint)
{
    RecordingSink part;
    part.stop_epoch = 1;
    part.stop_batch = 2;
    train(tiny(2), dir("run"), part);
    fs::remove(dir("run/models/b-last.pt"));
    RecordingSink rest;
    const std::string msg = error_of([&] { resume(dir("run"), rest); });
    EXPECT_NE(msg.find("b-last.pt is missing"), std::string::npos) << msg;
    EXPECT_TRUE(rest.batches.empty());
}

// Regression: a kill between writing a-last.pt and b-last.pt left the two at different positions,
// and resume took whichever it read last.
TEST_F(TrainerTest, ResumeRefusesCheckpointsAtDifferentPositions)
{
    RecordingSink first;
    first.stop_epoch = 0;
    first.stop_batch = 2;
    train(tiny(2), dir("run"), first);
    fs::copy_file(dir("run/models/b-last.pt"), dir("b-early.pt"));
    RecordingSink second;
    second.stop_epoch = 1;
    second.stop_batch = 1;
    resume(dir("run"), second);
    fs::copy_file(dir("b-early.pt"), dir("run/models/b-last.pt"),
                  fs::copy_options::overwrite_existing);
    RecordingSink rest;
    const std::string msg = error_of([&] { resume(dir("run"), rest); });
    EXPECT_NE(msg.find("not one set"), std::string::npos) << msg;
    EXPECT_NE(msg.find("b-last.pt is at epoch 1, batch 3"), std::string::npos) << msg;
}

// A crash after the manifest was committed but before every .next file was renamed: resume
// finishes the commit and continues exactly as an uninterrupted run.
TEST_F(TrainerTest, ResumeFinishesACommittedCheckpointSet)
{
    RecordingSink whole;
    train(tiny(2), "", whole);
    RecordingSink first;
    first.stop_epoch = 0;
    first.stop_batch = 2;
    train(tiny(2), dir("run"), first);
    fs::copy_file(dir("run/models/a-last.pt"), dir("a-early.pt"));
    RecordingSink second;
    second.stop_epoch = 1;
    second.stop_batch = 1;
    resume(dir("run"), second);
    // As if the process died after models/last.json and before renaming a's file into place.
    fs::rename(dir("run/models/a-last.pt"), dir("run/models/a-last.pt.next"));
    fs::copy_file(dir("a-early.pt"), dir("run/models/a-last.pt"));
    RecordingSink rest;
    resume(dir("run"), rest);
    EXPECT_FALSE(fs::exists(dir("run/models/a-last.pt.next")));
    std::vector<double> joined = losses(first, 0), tail = losses(second, 0);
    joined.insert(joined.end(), tail.begin(), tail.end());
    tail = losses(rest, 0);
    joined.insert(joined.end(), tail.begin(), tail.end());
    EXPECT_EQ(joined, losses(whole, 0));
}

// A .next file from a save that never committed is dropped; the committed set resumes.
TEST_F(TrainerTest, ResumeDiscardsAnUncommittedCheckpoint)
{
    RecordingSink first;
    first.stop_epoch = 1;
    first.stop_batch = 2;
    train(tiny(2), dir("run"), first);
    std::ofstream(dir("run/models/b-last.pt.next")) << "half a checkpoint";
    RecordingSink rest;
    EXPECT_TRUE(resume(dir("run"), rest).completed);
    EXPECT_FALSE(fs::exists(dir("run/models/b-last.pt.next")));
}

TEST_F(TrainerTest, DigestCheckFiresWhenABatchChangesBetweenTheSlots)
{
    resdense::detail::set_batch_hook_for_tests([](int slot, Batch& batch) {
        if (slot == 1 && batch.index == 3)
            batch.images.index_put_({0, 0, 0, 0}, 42.0f);
    });
    RecordingSink sink;
    const std::string msg = error_of([&] { train(tiny(1), "", sink); });
    resdense::detail::set_batch_hook_for_tests({});
    EXPECT_NE(msg.find("batch 4 of epoch 1 changed before model b trained on it"),
              std::string::npos)
        << msg;
    EXPECT_EQ(sink.batches.size(), 2u * 3u + 1u); // both slots' first 3 batches, then a's 4th
}

TEST_F(TrainerTest, EpochLinesRecordTheDigestOfTheirBatches)
{
    RecordingSink duel, alone, other_seed;
    train(tiny(2), dir("duel"), duel);
    RunConfig one = tiny(2);
    one.slots.pop_back();
    train(one, "", alone);
    RunConfig reseeded = tiny(2);
    reseeded.seed = 4;
    train(reseeded, "", other_seed);
    ASSERT_EQ(duel.epochs.size(), 4u);
    EXPECT_NE(duel.epochs[0].batch_digest, 0u);
    EXPECT_EQ(duel.epochs[0].batch_digest, duel.epochs[1].batch_digest); // a and b, epoch 1
    EXPECT_NE(duel.epochs[0].batch_digest, duel.epochs[2].batch_digest); // epoch 2 reshuffled
    EXPECT_EQ(alone.epochs[0].batch_digest, duel.epochs[0].batch_digest);
    EXPECT_NE(other_seed.epochs[0].batch_digest, duel.epochs[0].batch_digest);
    const RunRecord record = read_run(dir("duel"));
    ASSERT_EQ(record.epochs.size(), 4u);
    EXPECT_EQ(record.epochs[3].batch_digest, duel.epochs[3].batch_digest);
}

// Mid-epoch resume keeps folding the same digest.
TEST_F(TrainerTest, ResumedEpochHasTheSameDigest)
{
    RecordingSink whole, part, rest;
    train(tiny(1), "", whole);
    part.stop_epoch = 0;
    part.stop_batch = 4;
    train(tiny(1), dir("run"), part);
    resume(dir("run"), rest);
    ASSERT_EQ(rest.epochs.size(), 2u);
    EXPECT_EQ(rest.epochs[0].batch_digest, whole.epochs[0].batch_digest);
}

// Regression: one process-wide peak was shown for both models and the lower one bolded.
TEST_F(TrainerTest, EachModelReportsItsOwnTrainingMemory)
{
    RecordingSink duel, alone_a, alone_b;
    const RunSummary both = train(tiny(1), "", duel);
    RunConfig a = tiny(1), b = tiny(1);
    a.slots.pop_back();
    b.slots.erase(b.slots.begin());
    const RunSummary only_a = train(a, "", alone_a);
    const RunSummary only_b = train(b, "", alone_b);
    for (const auto& s : both.slots) {
        // At least the weights, their gradients and momentum: 3 copies of the parameters.
        EXPECT_GT(s.model_memory_bytes, 3 * 4 * s.parameters) << s.name;
        EXPECT_LT(s.model_memory_bytes, 512LL << 20) << s.name;
    }
    EXPECT_NE(both.slots[0].model_memory_bytes, both.slots[1].model_memory_bytes);
    // A model's figure does not depend on the other model sharing the process.
    EXPECT_NEAR(double(both.slots[0].model_memory_bytes),
                double(only_a.slots[0].model_memory_bytes),
                0.02 * double(only_a.slots[0].model_memory_bytes));
    EXPECT_NEAR(double(both.slots[1].model_memory_bytes),
                double(only_b.slots[0].model_memory_bytes),
                0.02 * double(only_b.slots[0].model_memory_bytes));
    EXPECT_EQ(duel.epochs[0].model_memory_bytes, both.slots[0].model_memory_bytes);
}

// Regression: without a validation split the "best validation accuracy" was training accuracy.
TEST_F(TrainerTest, NoValidationSplitMeansNoValidationAccuracy)
{
    RunConfig c = tiny(2);
    c.dataset.val_fraction = 0.0;
    RecordingSink sink;
    const RunSummary s = train(c, "", sink);
    for (const auto& slot : s.slots) {
        EXPECT_TRUE(std::isnan(slot.best_val_accuracy)) << slot.best_val_accuracy;
        EXPECT_GE(slot.best_epoch, 0); // the best checkpoint is still chosen (by training accuracy)
    }
}

// Regression: building models on other threads (the workbench's summaries and classifiers)
// consumed the generator that training's dropout drew from.
TEST_F(TrainerTest, DropoutRunsRepeatWhileOtherThreadsBuildModels)
{
    RunConfig c = tiny(1);
    c.slots[1].model.dropout = 0.3;
    RecordingSink quiet;
    train(c, "", quiet);
    std::atomic<bool> done{false};
    std::thread builder([&] {
        while (!done)
            summarize(model_spec("resnet20"), 16);
    });
    RecordingSink busy;
    train(c, "", busy);
    done = true;
    builder.join();
    EXPECT_EQ(losses(quiet, 1), losses(busy, 1));
    EXPECT_EQ(losses(quiet, 0), losses(busy, 0));
}

TEST_F(TrainerTest, TestPredictionsAreKeptForTheFinalAndTheBestWeights)
{
    RecordingSink sink;
    const RunSummary s = train(tiny(2), dir("run"), sink);
    for (const auto& slot : s.slots) {
        const auto final_rows = read_predictions(predictions_path(dir("run"), slot.name, false));
        const auto best_rows = read_predictions(predictions_path(dir("run"), slot.name, true));
        ASSERT_EQ(final_rows.size(), 40u); // the test split
        ASSERT_EQ(best_rows.size(), 40u);
        std::int64_t correct = 0, best_correct = 0;
        for (std::size_t i = 0; i < final_rows.size(); ++i) {
            correct += final_rows[i].label == final_rows[i].predicted;
            best_correct += best_rows[i].label == best_rows[i].predicted;
            EXPECT_EQ(final_rows[i].label, best_rows[i].label); // the same order
            EXPECT_GT(final_rows[i].confidence, 0.0);
        }
        EXPECT_DOUBLE_EQ(double(correct) / 40.0, slot.test_accuracy);
        EXPECT_DOUBLE_EQ(double(best_correct) / 40.0, slot.best_test_accuracy);
        // The Classes view's matrix: every test image once, its diagonal the recount above.
        const ConfusionMatrix m = confusion_matrix(final_rows, 10);
        EXPECT_EQ(m.total(), 40);
        EXPECT_DOUBLE_EQ(m.accuracy(), slot.test_accuracy);
        // The last validation's predictions, one per validation image, as its accuracy says.
        const auto val_rows = read_predictions(validation_predictions_path(dir("run"), slot.name));
        ASSERT_EQ(val_rows.size(), 60u);
        double last_val = -1.0;
        for (const auto& e : sink.epochs)
            if (e.slot == &slot - &s.slots[0])
                last_val = e.val_accuracy;
        EXPECT_DOUBLE_EQ(confusion_matrix(val_rows, 10).accuracy(), last_val);
    }
    const RunRecord r = read_run(dir("run"));
    ASSERT_TRUE(r.summary);
    EXPECT_DOUBLE_EQ(r.summary->slots[0].best_test_accuracy, s.slots[0].best_test_accuracy);
}

TEST(Predictions, CorruptFilesAreRefusedWithTheLine)
{
    const fs::path path =
        fs::temp_directory_path() / ("resdense-pred-" + std::to_string(::getpid()) + ".csv");
    write_predictions(path.string(), {{1, 1, 0.9}, {2, 0, 0.5}});
    EXPECT_EQ(read_predictions(path.string()).size(), 2u);
    std::ofstream(path, std::ios::app) << "2,1,1,1.5\n";
    const std::string msg = error_of([&] { read_predictions(path.string()); });
    EXPECT_NE(msg.find("line 4: confidence must be a probability"), std::string::npos) << msg;
    std::ofstream(path) << "index,label\n";
    EXPECT_NE(error_of([&] { read_predictions(path.string()); }).find("not a predictions file"),
              std::string::npos);
    fs::remove(path);
}

TEST(Experiments, OneDefaultExperimentForBothFrontEnds)
{
    const RunConfig c = default_experiment();
    EXPECT_EQ(c.dataset.spec, "fashion-mnist");
    ASSERT_EQ(c.slots.size(), 2u);
    EXPECT_EQ(c.slots[0].model.preset, "resnet20");
    EXPECT_EQ(c.slots[1].model.preset, "densenet-bc-40");
    EXPECT_DOUBLE_EQ(c.slots[0].optimizer.weight_decay, 5e-4);
    EXPECT_DOUBLE_EQ(c.slots[1].optimizer.weight_decay, 1e-4);
    EXPECT_FALSE(check(c)) << check(c)->message;
    std::tm when{};
    when.tm_year = 126, when.tm_mon = 11, when.tm_mday = 1, when.tm_hour = 9, when.tm_min = 30;
    when.tm_isdst = -1;
    EXPECT_EQ(run_folder_name(c, std::mktime(&when)), "20261201-093000-resnet20-vs-densenet-bc-40");
    EXPECT_TRUE(is_family_name("densenet-bc"));
    EXPECT_FALSE(is_family_name("densenet-bc-40"));
}

// Regression (issue 20): slot names become file names, so a hand-edited config.json with a slot
// named "../../x" wrote outside the run folder; one-cycle's div factors were not checked.
TEST(RunConfigCheck, SlotNamesArePlainIdentifiersAndDivFactorsInRange)
{
    RunConfig c = tiny(1);
    EXPECT_FALSE(check(c)) << check(c)->message;
    c.slots[1].name = "../../x";
    ASSERT_TRUE(check(c));
    EXPECT_EQ(check(c)->field, "slots.name");
    EXPECT_NE(check(c)->message.find("slot name"), std::string::npos) << check(c)->message;
    c.slots[1].name = "b2";
    EXPECT_FALSE(check(c)) << check(c)->message;
    c.slots[0].schedule.div_factor = 0.0;
    ASSERT_TRUE(check(c));
    EXPECT_EQ(check(c)->field, "slots.a.div_factor");
    c.slots[0].schedule.div_factor = 25;
    c.slots[0].schedule.final_div_factor = std::nan("");
    ASSERT_TRUE(check(c));
    EXPECT_EQ(check(c)->field, "slots.a.final_div_factor");
    // A tampered run folder is refused with the field named, and nothing is written outside it.
    const fs::path dir =
        fs::temp_directory_path() / ("resdense-slotname-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    RunConfig ok = tiny(1);
    RecordingSink sink;
    train(ok, (dir / "run").string(), sink);
    std::string text = read_text_file((dir / "run" / "config.json").string());
    const auto at = text.find("\"name\": \"b\"");
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, 11, "\"name\": \"../../escaped\"");
    std::ofstream((dir / "run" / "config.json").string()) << text;
    RecordingSink again;
    const std::string msg = error_of([&] { resume((dir / "run").string(), again); });
    EXPECT_NE(msg.find("slot name"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(dir / "escaped-last.pt"));
    fs::remove_all(dir);
}

// Every field of a hand-edited config.json is range-checked, the problem naming the field.
TEST(RunConfigCheck, EveryNumberFromConfigJsonIsRangeChecked)
{
    struct Case {
        const char* field;
        std::function<void(RunConfig&)> tamper;
    };
    const Case cases[] = {
        {"threads", [](RunConfig& c) { c.threads = -5; }},
        {"epochs", [](RunConfig& c) { c.epochs = 2'000'000'000; }},
        {"dataset.channels", [](RunConfig& c) { c.dataset.channels = 2; }},
        {"dataset.image_size", [](RunConfig& c) { c.dataset.image_size = 100000; }},
        {"dataset.limit", [](RunConfig& c) { c.dataset.limit = -1; }},
        {"dataset.test_limit", [](RunConfig& c) { c.dataset.test_limit = -1; }},
        {"input.crop", [](RunConfig& c) { c.input.crop = 100000; }},
        {"input.normalize", [](RunConfig& c) { c.input.normalize = "../x"; }},
        {"slots.a.gamma", [](RunConfig& c) { c.slots[0].schedule.gamma = 0.0; }},
        {"slots.a.milestones", [](RunConfig& c) { c.slots[0].schedule.milestones = {-1.0}; }},
        {"slots.a.min_lr", [](RunConfig& c) { c.slots[0].schedule.min_lr = -1.0; }},
        {"slots.a.betas", [](RunConfig& c) { c.slots[0].optimizer.beta2 = 1.0; }},
        {"slots.a.eps", [](RunConfig& c) { c.slots[0].optimizer.eps = 0.0; }},
        {"slots.b.freeze", [](RunConfig& c) { c.slots[1].freeze = "stages:"; }},
        {"slots.b.head_lr_mult", [](RunConfig& c) { c.slots[1].head_lr_mult = -1.0; }},
    };
    for (const Case& k : cases) {
        RunConfig c = tiny(1);
        k.tamper(c);
        const auto problem = check(c);
        ASSERT_TRUE(problem) << k.field;
        EXPECT_EQ(problem->field, k.field) << problem->message;
        // It survives config.json: what a tampered run folder would hold is refused the same way.
        const auto again = check(run_config_from_json(to_json(c)));
        ASSERT_TRUE(again) << k.field;
        EXPECT_EQ(again->field, k.field);
    }
}

// Regression (issue 20): metrics.jsonl lines were read with json::value(), which converts or
// throws at will: a tampered line could give a negative epoch, an accuracy of 7 or a slot that
// does not exist, and a line of the wrong type was dropped in silence. Every field is now checked;
// a bad line is named with its number and field. Only a torn last line (a crash) is skipped.
namespace {

struct MetricsFolder {
    fs::path dir = fs::temp_directory_path() / ("resdense-metrics-" + std::to_string(::getpid()));
    const std::string batch =
        R"({"type":"batch","slot":"a","epoch":1,"batch":3,"step":11,"loss":0.5,"accuracy":0.75,)"
        R"("lr":0.1,"images_per_second":100.0,"images_seen":330,"seconds":2.5})";
    const std::string epoch =
        R"({"type":"epoch","slot":"b","epoch":0,"train_loss":0.7,"train_accuracy":0.6,)"
        R"("val_loss":null,"val_accuracy":null,"epoch_seconds":3.0,"seconds":3.0,)"
        R"("images_per_second":80.0,"images_seen":240,"model_memory_bytes":1000,)"
        R"("peak_memory_bytes":5000,"lr":0.1,"best":true,"batch_digest":"0123456789abcdef"})";
    const std::string event = R"({"type":"event","slot":"a","event":"stopped","detail":"asked"})";

    MetricsFolder()
    {
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ofstream(dir / "config.json") << to_json(tiny(3));
    }
    ~MetricsFolder() { fs::remove_all(dir); }
    void write(const std::vector<std::string>& lines) const
    {
        std::ofstream out(dir / "metrics.jsonl");
        for (const auto& l : lines)
            out << l << "\n";
    }
    // Line 2 of three holds `line`; the message read_run gives, or "" when it reads.
    std::string read_with(const std::string& line) const
    {
        write({batch, line, event});
        return error_of([&] { read_run(dir.string()); });
    }
};

// `line` with the value of `key` (a JSON text) replaced.
std::string with(const std::string& line, const std::string& key, const std::string& value)
{
    auto j = nlohmann::json::parse(line);
    j[key] = nlohmann::json::parse(value);
    return j.dump();
}

} // namespace

TEST(MetricsLines, EveryFieldIsTypeAndRangeChecked)
{
    const MetricsFolder f;
    f.write({f.batch, f.epoch, f.event});
    const RunRecord r = read_run(f.dir.string());
    ASSERT_EQ(r.batches.size(), 1u);
    ASSERT_EQ(r.epochs.size(), 1u);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.batches[0].epoch, 1);
    EXPECT_EQ(r.batches[0].batches, 4);
    EXPECT_DOUBLE_EQ(r.batches[0].accuracy, 0.75);
    EXPECT_EQ(r.epochs[0].slot, 1);
    EXPECT_TRUE(std::isnan(r.epochs[0].val_accuracy)); // null: no validation split
    EXPECT_EQ(r.epochs[0].batch_digest, 0x0123456789abcdefULL);
    EXPECT_TRUE(r.epochs[0].best);
    EXPECT_EQ(r.events[0].detail, "asked");

    struct Case {
        const std::string* line;
        const char* key;
        const char* value;
    };
    const Case cases[] = {
        {&f.batch, "epoch", "-1"},
        {&f.batch, "epoch", "3"}, // the run has 3 epochs: 0, 1, 2
        {&f.batch, "epoch", "1.5"},
        {&f.batch, "epoch", "\"1\""},
        {&f.batch, "batch", "-4"},
        {&f.batch, "batch", "18446744073709551615"},
        {&f.batch, "step", "-1"},
        {&f.batch, "loss", "-0.5"},
        {&f.batch, "loss", "\"nan\""},
        {&f.batch, "accuracy", "1.5"},
        {&f.batch, "accuracy", "-0.1"},
        {&f.batch, "lr", "-1"},
        {&f.batch, "images_per_second", "[1]"},
        {&f.batch, "images_seen", "-330"},
        {&f.batch, "seconds", "-2"},
        {&f.batch, "slot", "\"c\""},
        {&f.batch, "slot", "0"},
        {&f.batch, "type", "7"},
        {&f.epoch, "epoch", "100000"},
        {&f.epoch, "train_loss", "{}"},
        {&f.epoch, "train_accuracy", "2"},
        {&f.epoch, "val_loss", "-1"},
        {&f.epoch, "val_accuracy", "1.01"},
        {&f.epoch, "epoch_seconds", "-3"},
        {&f.epoch, "seconds", "true"},
        {&f.epoch, "images_seen", "9.5"},
        {&f.epoch, "model_memory_bytes", "-1"},
        {&f.epoch, "peak_memory_bytes", "9223372036854775807"},
        {&f.epoch, "best", "1"},
        {&f.epoch, "batch_digest", "\"xyz\""},
        {&f.epoch, "batch_digest", "12"},
        {&f.epoch, "lr", "null"}, // allowed: reads as NaN
        {&f.event, "event", "3"},
        {&f.event, "detail", "[]"},
    };
    for (const Case& k : cases) {
        const std::string msg = f.read_with(with(*k.line, k.key, k.value));
        const std::string what = std::string(k.key) + " = " + k.value;
        if (std::string(k.value) == "null") {
            EXPECT_EQ(msg, "") << what;
            continue;
        }
        EXPECT_NE(msg.find("metrics.jsonl line 2: \"" + std::string(k.key) + "\""),
                  std::string::npos)
            << what << ": " << msg;
    }
    // A missing type is named too; a type a later version writes is passed over.
    auto j = nlohmann::json::parse(f.batch);
    j.erase("type");
    EXPECT_NE(f.read_with(j.dump()).find("line 2: \"type\" is missing"), std::string::npos);
    EXPECT_EQ(f.read_with(with(f.batch, "type", "\"check\"")), "");
    // A number beyond double's range is not JSON nlohmann reads: the line is named as damaged.
    std::string huge = f.batch;
    huge.replace(huge.find("0.5"), 3, "1e400");
    EXPECT_NE(f.read_with(huge).find("line 2"), std::string::npos);
}

TEST(MetricsLines, OnlyATornLastLineIsSkipped)
{
    const MetricsFolder f;
    // A crash mid-write: the last line is cut short (blank lines after it do not matter).
    f.write({f.batch, f.epoch, R"({"type":"batch","slot":"a","ep)", ""});
    const RunRecord r = read_run(f.dir.string());
    EXPECT_EQ(r.batches.size(), 1u);
    EXPECT_EQ(r.epochs.size(), 1u);
    // The same bytes before the last line are damage: named, not skipped in silence.
    const std::string msg = f.read_with(R"({"type":"batch","slot":"a","ep)");
    EXPECT_NE(msg.find("metrics.jsonl line 2: not a JSON object"), std::string::npos) << msg;
    EXPECT_NE(f.read_with("[1, 2]").find("line 2: not a JSON object"), std::string::npos);
    // Blank lines in between are harmless.
    EXPECT_EQ(f.read_with("   "), "");
}

// Whatever a line holds, read_run reads it or throws resdense::Error: never another exception, a
// crash or a value out of range. Each field of each kind of line gets each hostile value.
TEST(MetricsLines, HostileValuesNeverCrash)
{
    const MetricsFolder f;
    const char* hostile[] = {"null",
                             "true",
                             "-1",
                             "0",
                             "1e308",
                             "-1e308",
                             "\"\"",
                             "\"a\"",
                             "[]",
                             "{}",
                             "0.5",
                             "18446744073709551615",
                             "-9223372036854775808",
                             "2147483648",
                             "[{\"a\":[]}]"};
    int read = 0, refused = 0;
    for (const std::string* line : {&f.batch, &f.epoch, &f.event}) {
        const auto fields = nlohmann::json::parse(*line); // not a temporary: items() refers to it
        for (const auto& item : fields.items()) {
            for (const char* value : hostile) {
                f.write({f.batch, with(*line, item.key(), value), f.event});
                try {
                    const RunRecord r = read_run(f.dir.string());
                    ++read;
                    for (const auto& b : r.batches) {
                        EXPECT_TRUE(b.epoch >= 0 && b.epoch < 3) << item.key() << value;
                        EXPECT_TRUE(b.batch >= 0 && b.batches > b.batch) << item.key() << value;
                        EXPECT_FALSE(b.accuracy < 0 || b.accuracy > 1) << item.key() << value;
                    }
                    for (const auto& e : r.epochs)
                        EXPECT_TRUE(e.slot >= 0 && e.slot < 2 && e.images_seen >= 0);
                } catch (const Error&) {
                    ++refused;
                }
            }
        }
    }
    EXPECT_GT(read, 0);
    EXPECT_GT(refused, 100);
}

// summary.json (issue 20): every field type- and range-checked, the message naming the file, the
// slot and the field; read_run sets a damaged summary aside, keeps the reason, and still opens.
TEST(RunSummaryFile, EveryFieldIsTypeAndRangeChecked)
{
    RunSummary s;
    s.run_dir = "runs/x";
    s.precision = "fp32";
    s.threads = 2;
    s.completed = true;
    s.wall_seconds = 12.5;
    SlotSummary a;
    a.name = "a";
    a.model = "resnet20";
    a.parameters = 272474;
    a.status = SlotStatus::Finished;
    a.epochs_done = 3;
    a.best_epoch = 2;
    a.best_val_accuracy = 0.9;
    a.test_accuracy = 0.89;
    a.train_seconds = 10;
    a.best_test_accuracy = std::nan(""); // not tested yet
    s.slots = {a};
    const std::string good = to_json(s);
    const RunSummary back = run_summary_from_json(good, "x/summary.json");
    ASSERT_EQ(back.slots.size(), 1u);
    EXPECT_EQ(back.slots[0].parameters, 272474);
    EXPECT_EQ(back.slots[0].status, SlotStatus::Finished);
    EXPECT_TRUE(std::isnan(back.slots[0].best_test_accuracy)); // written as null

    struct Case {
        bool in_slot;
        const char* key;
        const char* value;
    };
    const Case cases[] = {
        {false, "threads", "-1"},
        {false, "threads", "4096"},
        {false, "completed", "\"yes\""},
        {false, "wall_seconds", "-3"},
        {false, "run_dir", "7"},
        {false, "slots", "{}"},
        {false, "slots", "[{}, {}, {}]"},
        {true, "name", "\"../../x\""},
        {true, "name", "\"\""},
        {true, "parameters", "-5"},
        {true, "parameters", "1.5"},
        {true, "macs", "18446744073709551615"},
        {true, "status", "\"exploded\""},
        {true, "epochs_done", "2147483648"},
        {true, "best_epoch", "-2"},
        {true, "best_val_accuracy", "1.5"},
        {true, "test_loss", "-1"},
        {true, "test_accuracy", "\"0.9\""},
        {true, "train_seconds", "[]"},
        {true, "model_memory_bytes", "-1"},
    };
    for (const Case& k : cases) {
        auto j = nlohmann::json::parse(good);
        if (k.in_slot)
            j["slots"][0][k.key] = nlohmann::json::parse(k.value);
        else
            j[k.key] = nlohmann::json::parse(k.value);
        const std::string msg =
            error_of([&] { run_summary_from_json(j.dump(), "x/summary.json"); });
        const std::string what = std::string(k.key) + " = " + k.value;
        const std::string expected = std::string("x/summary.json") +
                                     (k.in_slot ? " slot 1" : "") + ": \"" + k.key + "\"";
        EXPECT_EQ(msg.rfind(expected, 0), 0u) << what << ": " << msg;
    }
    EXPECT_NE(error_of([] { run_summary_from_json("[1]", "x/summary.json"); })
                  .find("x/summary.json: not a run summary"),
              std::string::npos);
    EXPECT_NE(error_of([] { run_summary_from_json(R"({"slots":[3]})", "f"); })
                  .find("f slot 1: not a JSON object"),
              std::string::npos);

    // read_run: the damaged summary is set aside with its reason; the run still opens.
    const MetricsFolder f;
    f.write({f.batch, f.epoch, f.event});
    std::ofstream(f.dir / "summary.json") << R"({"threads":2,"slots":[{"name":"a/b"}]})";
    const RunRecord r = read_run(f.dir.string());
    EXPECT_FALSE(r.summary);
    EXPECT_NE(r.summary_problem.find("summary.json slot 1: \"name\""), std::string::npos)
        << r.summary_problem;
    EXPECT_EQ(r.batches.size(), 1u);
}
