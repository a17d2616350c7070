// The training loop: one or two slots on the same batches, run folder records, checkpoints,
// resume.
#include "resdense/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset_store.h"
#include "distributed/comm.h"
#include "io/checkpoint.h"
#include "io/pretrained.h"
#include "io/state_dict.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/model_summary.h"
#include "resdense/predictions.h"
#include "train/batch_digest.h"
#include "train/checkpoint_set.h"
#include "train/feature_cache.h"
#include "train/input_normalization.h"
#include "train/optimizer.h"
#include "train/run_folder.h"
#include "train/schedule.h"
#include "train/slot_run.h"
#include "train/trainer_testing.h"
#include "train/training_state.h"

namespace resdense {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

detail::BatchHook& batch_hook()
{
    static detail::BatchHook hook;
    return hook;
}

torch::Tensor bytes_tensor(const std::string& bytes)
{
    return torch::from_blob(const_cast<char*>(bytes.data()),
                            {static_cast<std::int64_t>(bytes.size())}, torch::kUInt8)
        .clone();
}

std::string tensor_bytes(const torch::Tensor& t)
{
    const auto c = t.contiguous();
    return {reinterpret_cast<const char*>(c.data_ptr<std::uint8_t>()),
            static_cast<std::size_t>(c.numel())};
}

struct Run {
    RunConfig config;
    Dataset data;
    std::unique_ptr<BatchLoader> train, val, test;
    std::unique_ptr<BatchLoader> val_check; // the fixed subset of mid-epoch checks, or null
    std::vector<std::unique_ptr<SlotRun>> slots;
    std::optional<RunFolder> folder; // rank 0's alone in a data-parallel run
    std::unique_ptr<Comm> comm;      // the group, when data-parallel (else null)
    int local_processes = 1;         // this machine's ranks, sharing its cores
    torch::Device device{torch::kCPU};
    bool bf16 = false;
    int threads = 0;
    std::int64_t step = 0;
    double wall_before = 0.0;       // wall time of earlier sessions of this run
    std::uint64_t epoch_digest = 0; // of this epoch's batches so far

    bool leader() const { return !comm || comm->leader(); }
    bool any_active() const
    {
        return std::any_of(slots.begin(), slots.end(), [](const auto& s) { return s->active(); });
    }
    std::vector<std::string> slot_names() const
    {
        std::vector<std::string> names;
        for (const auto& s : slots)
            names.push_back(s->config.name);
        return names;
    }
};

ModelSpec fit_to_data(ModelSpec spec, const DatasetInfo& info, bool channels_last)
{
    spec.in_channels = info.channels;
    spec.num_classes = static_cast<int>(info.classes.size());
    spec.channels_last = channels_last;
    return spec;
}

// Room for a linear probe's cached features, per slot: Fashion-MNIST's 70,000 images at
// DenseNet-121's 1,024 fp32 features take 287 MB.
constexpr std::int64_t kFeatureCacheBytes = std::int64_t(2) << 30;

void make_loaders(Run& run)
{
    const RunConfig& c = run.config;
    LoaderOptions lo;
    lo.batch_size = c.batch_size;
    lo.seed = c.seed;
    lo.input = c.input;
    lo.augment = c.augment;
    lo.mean = input_mean(c, run.data.info);
    lo.std = input_std(c, run.data.info);
    lo.channels_last = c.channels_last && !run.device.is_cuda();
    // When training takes every core, a loader thread only competes with it (and its tensor
    // operations start an OpenMP team of their own): batches are then built between steps
    // (measured in bench/README.md).
    lo.queue_depth = run.threads * run.local_processes >= default_threads() ? 0 : 4;
    run.train = std::make_unique<BatchLoader>(run.data.train, lo);
    LoaderOptions eval = lo;
    eval.shuffle = false;
    eval.augment = {};
    eval.batch_size = std::max<std::int64_t>(256, c.batch_size);
    run.val = std::make_unique<BatchLoader>(run.data.val, eval);
    run.test = std::make_unique<BatchLoader>(run.data.test, eval);
    if (c.val_every > 0 && run.data.val.size() > 0)
        run.val_check = std::make_unique<BatchLoader>(
            c.val_subset > 0
                ? stratified_subset(run.data.val, c.val_subset, c.seed,
                                    static_cast<std::int64_t>(run.data.info.classes.size()))
                : run.data.val,
            eval);
}

// Finds and hashes each slot's pretrained weights file, so config.json records both; before the
// data loads, so a missing file is reported at once.
void pin_pretrained_files(RunConfig& config)
{
    for (auto& slot : config.slots)
        slot.pretrained = pin_pretrained(slot.pretrained, slot.model);
    decide_normalization(config); // config.json then says what the run used
}

// Each slot with pretrained weights starts from them (the models are already fitted to the data):
// before the run folder exists, so weights that do not fit leave nothing behind.
void load_pretrained(Run& run, TrainSink& sink)
{
    for (auto& slot : run.slots) {
        const PretrainedWeights& w = slot->config.pretrained;
        if (w.empty())
            continue;
        const std::string who =
            "model " + slot->config.name + " (" + slot->config.model.preset + ")";
        const PretrainedTensors file = read_pretrained(w.path);
        const std::vector<std::string> notes =
            apply_pretrained(*slot->net, slot->config.model, file, w.path, who);
        sink.on_message("model " + slot->config.name + ": starts from " + w.path + " (" +
                        (file.arch.empty() ? std::string("weights") : file.arch) + ", sha256 " +
                        w.sha256.substr(0, 12) + "…)");
        for (const auto& note : notes)
            sink.on_message("model " + slot->config.name + ": " + note);
    }
}

// Says which slots train a linear probe on cached features (FeatureCache).
void announce_feature_caches(const Run& run, TrainSink& sink)
{
    for (const auto& slot : run.slots)
        if (slot->feature_cache)
            sink.on_message("model " + slot->config.name +
                            ": linear probe on cached features (frozen backbone, fixed batches): "
                            "the backbone runs once per image, in the first epoch");
}

// Loads data, builds models and loaders. Every model is built from the run's seed, so its initial
// weights depend neither on the other slot nor on models built on other threads; its dropout draws
// from a generator of its own, seeded the same way. With `pretrained`, each slot's weights file is
// found and hashed first (see pin_pretrained_files).
// In a data-parallel run, rank 0's config (with its pinned weights files and normalisation)
// becomes every rank's.
void share_config(Run& run)
{
    std::string json = run.leader() ? to_json(run.config) : std::string();
    run.comm->broadcast_bytes(json);
    if (!run.leader())
        run.config = run_config_from_json(json);
}

void prepare(Run& run, bool pretrained)
{
    if (run.leader()) {
        if (auto problem = check(run.config))
            throw Error(problem->message);
        if (pretrained) // the other ranks get the weights by broadcast, not from the files
            pin_pretrained_files(run.config);
    }
    if (run.comm)
        share_config(run);
    const RunConfig& c = run.config;
    // Ranks on one machine share its cores: all cores means this rank's part of them.
    run.threads = set_threads(run.comm && c.threads == 0
                                  ? std::max(1, default_threads() / run.local_processes)
                                  : c.threads);
    keep_freed_memory();
    if (c.device == "cuda" && run.comm)
        throw Error("data-parallel training runs on CPUs (Gloo) in this build: ProcessGroupNCCL "
                    "for --device cuda with several processes is not wired in yet");
    if (c.device == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("device cuda was asked for, but this LibTorch sees no CUDA GPU");
        run.device = torch::Device(torch::kCUDA);
    }
    run.bf16 = c.precision == Precision::BF16 ||
               (c.precision == Precision::Auto && (run.device.is_cuda() || cpu_has_native_bf16()));
    run.data = load_dataset(c.dataset);
    for (std::size_t i = 0; i < c.slots.size(); ++i) {
        SlotConfig slot = c.slots[i];
        slot.model =
            fit_to_data(slot.model, run.data.info, c.channels_last && !run.device.is_cuda());
        run.slots.push_back(
            std::make_unique<SlotRun>(static_cast<int>(i), slot, run.device, c.seed));
        if (can_cache_features(c, slot))
            run.slots.back()->feature_cache = std::make_unique<FeatureCache>(kFeatureCacheBytes);
    }
    make_loaders(run);
}

void save_checkpoint(Run& run, SlotRun& slot, const std::string& path, const Position& next)
{
    const TrainingState state{next, run.wall_before, run.epoch_digest};
    CheckpointExtras extras;
    extras.strings = {{"state", training_state_json(slot, state)},
                      {"classes", nlohmann::json(run.data.info.classes).dump()},
                      {"input", input_json(run.config, run.data.info)}};
    extras.tensors = {{"optimizer", bytes_tensor(optimizer_state(*slot.optimizer))},
                      {"rng", slot.generator.get_state()}};
    write_checkpoint(path, slot.config.model, *slot.net, extras);
}

// Every slot's last checkpoint, as one set at one position (see checkpoint_set.h).
void save_last(Run& run, const Position& next, TrainSink& sink)
{
    if (!run.folder)
        return;
    commit_last_set(run.folder->dir(), run.slot_names(), next,
                    [&](const std::string& name, const std::string& path) {
                        for (auto& slot : run.slots)
                            if (slot->config.name == name)
                                save_checkpoint(run, *slot, path, next);
                    });
    for (auto& slot : run.slots)
        sink.on_checkpoint(slot->index, last_checkpoint_path(run.folder->dir(), slot->config.name));
}

// Restores a slot from its last checkpoint; returns the checkpoint's training state.
TrainingState restore(SlotRun& slot, const std::string& path)
{
    Checkpoint ckpt = read_checkpoint(path);
    if (!(ckpt.spec == slot.config.model))
        throw Error(path + ": holds " + describe(ckpt.spec) + ", but the run's model " +
                    slot.config.name + " is " + describe(slot.config.model));
    load_state_dict(*slot.net, ckpt.model, path);
    const NamedTensors* extra = ckpt.file.dict("extra");
    if (!extra)
        throw Error(path + ": has no training state (a model-only checkpoint cannot be resumed)");
    const TrainingState state = restore_training_state(slot, ckpt.file.string("state"), path);
    for (const auto& [name, t] : *extra) {
        if (name == "optimizer")
            load_optimizer_state(*slot.optimizer, tensor_bytes(t));
        else if (name == "rng")
            slot.generator.set_state(t);
    }
    return state;
}

RunSummary summary_of(const Run& run)
{
    RunSummary s;
    s.run_dir = run.folder ? run.folder->dir() : "";
    s.precision = run.bf16 ? "bf16" : "fp32";
    s.threads = run.threads;
    const bool validated = run.data.val.size() > 0;
    for (const auto& slot : run.slots) {
        SlotSummary ss;
        ss.name = slot->config.name;
        ss.model = slot->config.model.preset;
        ss.description = describe(slot->config.model);
        for (const auto& p : slot->net->parameters())
            ss.parameters += p.numel();
        ss.status = slot->status;
        ss.reason = slot->reason;
        ss.epochs_done = slot->epochs_done;
        ss.best_epoch = slot->best_epoch;
        ss.best_val_accuracy = validated && slot->best_score >= 0 ? slot->best_score : std::nan("");
        ss.test_loss = ss.test_accuracy = ss.best_test_accuracy = std::nan("");
        ss.train_seconds = slot->train_seconds;
        ss.images_per_second = slot->train_seconds > 0
                                   ? static_cast<double>(slot->images_seen) / slot->train_seconds
                                   : 0.0;
        ss.model_memory_bytes = slot->model_memory_bytes;
        ss.peak_memory_bytes = peak_memory_bytes();
        s.slots.push_back(ss);
    }
    return s;
}

void report_status(Run& run, SlotRun& slot, TrainSink& sink)
{
    sink.on_slot_status(slot.index, slot.status, slot.reason);
    if (run.folder)
        run.folder->append_event(slot.config.name, status_name(slot.status), slot.reason);
}

struct EpochPlan {
    std::int64_t per_epoch = 0, total_steps = 0;
};

// Each active slot trains on the batch; the batch's digest, taken once, is checked before every
// slot uses it, so both provably train on the same bytes.
void train_batch(Run& run, Batch& batch, int epoch, const EpochPlan& plan, TrainSink& sink)
{
    const std::uint64_t digest = batch_digest(batch);
    run.epoch_digest = combine_digests(run.epoch_digest, digest);
    for (auto& slot : run.slots) {
        if (!slot->active())
            continue;
        if (batch_hook())
            batch_hook()(slot->index, batch);
        if (batch_digest(batch) != digest)
            throw Error("batch " + std::to_string(batch.index + 1) + " of epoch " +
                        std::to_string(epoch + 1) + " changed before model " + slot->config.name +
                        " trained on it: the models would not have seen the same data");
        const double lr = learning_rate(slot->config.schedule, slot->config.optimizer.lr, run.step,
                                        plan.total_steps, plan.per_epoch);
        const std::string where =
            "epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(batch.index + 1);
        const StepResult r = slot->train_step(batch, lr, run.bf16, where);
        if (!slot->active()) {
            report_status(run, *slot, sink);
            continue;
        }
        BatchMetrics m;
        m.slot = slot->index;
        m.epoch = epoch;
        m.batch = batch.index;
        m.batches = plan.per_epoch;
        m.step = run.step;
        m.loss = r.loss;
        m.accuracy = static_cast<double>(r.correct) / static_cast<double>(r.count);
        m.lr = lr;
        m.images_per_second = r.seconds > 0 ? static_cast<double>(r.count) / r.seconds : 0.0;
        m.images_seen = slot->images_seen;
        m.elapsed_seconds = slot->train_seconds;
        sink.on_batch(m);
        if (run.folder)
            run.folder->append(slot->config.name, m);
    }
    ++run.step;
}

// A validation check after batch `batch` of the epoch (RunConfig::val_every): each active model on
// the fixed validation subset. Evaluation draws no random numbers and the next training step sets
// training mode again, so training goes on exactly as without the check.
void check_validation(Run& run, int epoch, std::int64_t batch, const EpochPlan& plan,
                      TrainSink& sink)
{
    for (auto& slot : run.slots) {
        if (!slot->active())
            continue;
        const EvalResult v = slot->evaluate(*run.val_check, run.bf16);
        ValidationCheck c;
        c.slot = slot->index;
        c.epoch = epoch;
        c.batch = batch;
        c.batches = plan.per_epoch;
        c.step = run.step - 1;
        c.val_loss = v.loss;
        c.val_accuracy = v.accuracy;
        c.images = run.val_check->size();
        c.images_seen = slot->images_seen;
        c.elapsed_seconds = slot->train_seconds;
        sink.on_validation_check(c);
        if (run.folder)
            run.folder->append(slot->config.name, c);
    }
}

// Validation, the epoch's record and the best checkpoint of each active slot.
void finish_epoch(Run& run, int epoch, const EpochPlan& plan, TrainSink& sink)
{
    const bool validated = run.data.val.size() > 0;
    for (auto& slot : run.slots) {
        if (!slot->active())
            continue;
        // The validation images' predictions replace the previous epoch's: the Classes view's
        // confusion matrix on validation.
        std::vector<TestPrediction> val_predictions;
        const EvalResult v =
            slot->evaluate(*run.val, run.bf16, run.folder ? &val_predictions : nullptr);
        if (run.folder && !val_predictions.empty())
            write_predictions(validation_predictions_path(run.folder->dir(), slot->config.name),
                              val_predictions);
        const double seen = static_cast<double>(std::max<std::int64_t>(1, slot->epoch_seen));
        EpochMetrics m;
        m.slot = slot->index;
        m.epoch = epoch;
        m.train_loss = slot->epoch_loss_sum / seen;
        m.train_accuracy = static_cast<double>(slot->epoch_correct) / seen;
        m.val_loss = v.loss;
        m.val_accuracy = v.accuracy;
        m.epoch_seconds = slot->epoch_seconds;
        m.total_seconds = slot->train_seconds;
        m.images_per_second = slot->epoch_seconds > 0
                                  ? static_cast<double>(slot->epoch_seen) / slot->epoch_seconds
                                  : 0;
        m.images_seen = slot->images_seen;
        m.model_memory_bytes = slot->model_memory_bytes;
        m.peak_memory_bytes = peak_memory_bytes();
        m.lr = learning_rate(slot->config.schedule, slot->config.optimizer.lr,
                             std::max<std::int64_t>(0, run.step - 1), plan.total_steps,
                             plan.per_epoch);
        m.batch_digest = run.epoch_digest;
        // Without a validation split the best checkpoint is chosen by training accuracy.
        const double score = validated ? v.accuracy : m.train_accuracy;
        slot->epochs_done = epoch + 1;
        if (score > slot->best_score) {
            slot->best_score = score;
            slot->best_epoch = epoch;
            m.best = true;
            if (run.folder)
                save_checkpoint(run, *slot, run.folder->checkpoint(slot->config.name, "best"),
                                {epoch + 1, 0, run.step});
        }
        sink.on_epoch(m);
        if (run.folder)
            run.folder->append(slot->config.name, m);
    }
}

// Test accuracy of the final weights and of the best checkpoint, with each image's prediction
// kept in the run folder for the statistics.
void test_slot(Run& run, SlotRun& slot, SlotSummary& ss)
{
    // In a data-parallel run every rank evaluates its shard; rank 0 decides and writes.
    std::vector<TestPrediction> final_predictions;
    const EvalResult t = slot.evaluate(*run.test, run.bf16, &final_predictions);
    ss.test_loss = t.loss;
    ss.test_accuracy = t.accuracy;
    bool go_on = run.folder && !final_predictions.empty();
    if (run.comm)
        go_on = run.comm->any(go_on);
    if (!go_on)
        return;
    const std::string dir = run.folder ? run.folder->dir() : std::string();
    if (run.folder)
        write_predictions(predictions_path(dir, slot.config.name, false), final_predictions);
    if (slot.best_epoch == slot.epochs_done - 1) { // the final weights are the best ones
        ss.best_test_accuracy = t.accuracy;
        if (run.folder)
            write_predictions(predictions_path(dir, slot.config.name, true), final_predictions);
        return;
    }
    const std::string best_path =
        run.folder ? run.folder->checkpoint(slot.config.name, "best") : std::string();
    bool has_best = run.folder && fs::exists(best_path);
    if (run.comm)
        has_best = run.comm->any(has_best);
    if (!has_best)
        return;
    Net best = make_model(slot.config.model);
    if (run.leader())
        load_state_dict(*best, read_checkpoint(best_path).model, best_path);
    best->to(run.device);
    if (run.comm)
        broadcast_model(*run.comm, *best);
    std::vector<TestPrediction> best_predictions;
    ss.best_test_accuracy = evaluate_model(*best, run.device, *run.test, run.bf16,
                                           &best_predictions, nullptr, run.comm.get())
                                .accuracy;
    if (run.folder)
        write_predictions(predictions_path(dir, slot.config.name, true), best_predictions);
}

void finish_run(Run& run, RunSummary& summary, TrainSink& sink)
{
    for (std::size_t i = 0; i < run.slots.size(); ++i) {
        SlotRun& slot = *run.slots[i];
        SlotSummary& ss = summary.slots[i];
        if (slot.status == SlotStatus::Training) {
            slot.status = SlotStatus::Finished;
            ss.status = SlotStatus::Finished;
            report_status(run, slot, sink);
        }
        if (slot.status != SlotStatus::Diverged && run.data.test.size() > 0)
            test_slot(run, slot, ss);
        BatchLoader& probe = run.data.test.size() > 0 ? *run.test : *run.train;
        ss.inference_ms_per_image =
            slot.inference_ms(probe.make_batch(0, 0).images.narrow(0, 0, 1), run.bf16);
        ss.macs =
            summarize(slot.config.model,
                      model_image_size(run.config.input, run.data.info.height, run.data.info.width))
                .macs;
    }
}

// The weights each active slot has now, for classifying while training (TrainSink::
// snapshot_wanted): a checkpoint beside the others, its position the step it was taken at.
void save_snapshots(Run& run, const Position& now, TrainSink& sink)
{
    if (!run.folder)
        return;
    for (auto& slot : run.slots) {
        if (!slot->active())
            continue;
        const std::string path = run.folder->checkpoint(slot->config.name, "snapshot");
        save_checkpoint(run, *slot, path, now);
        sink.on_checkpoint(slot->index, path);
    }
}

// Waits while the sink says Pause; returns its first other command. Snapshots asked for
// meanwhile are written at once.
Command poll_sink(Run& run, const Position& now, TrainSink& sink)
{
    Command command = sink.poll();
    if (sink.snapshot_wanted())
        save_snapshots(run, now, sink);
    while (command == Command::Pause) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        command = sink.poll();
        if (sink.snapshot_wanted())
            save_snapshots(run, now, sink);
    }
    return command;
}

RunSummary execute(Run& run, TrainSink& sink, const Position& start)
{
    const auto wall_start = Clock::now();
    const RunConfig& c = run.config;
    EpochPlan plan;
    plan.per_epoch = run.train->batches_per_epoch();
    plan.total_steps = plan.per_epoch * c.epochs;
    sink.on_start(summary_of(run), start.epoch);
    const double wall_base = run.wall_before; // earlier sessions of this run
    auto wall = [&] {
        return wall_base + std::chrono::duration<double>(Clock::now() - wall_start).count();
    };

    bool stopped = false;
    for (int epoch = start.epoch; epoch < c.epochs && !stopped; ++epoch) {
        const std::int64_t first_batch = epoch == start.epoch ? start.batch : 0;
        if (first_batch == 0) {
            run.epoch_digest = 0;
            for (auto& slot : run.slots)
                slot->epoch_loss_sum = 0.0, slot->epoch_correct = 0, slot->epoch_seen = 0,
                slot->epoch_seconds = 0.0;
        }
        run.train->start_epoch(epoch, first_batch);
        while (run.any_active()) {
            const Command command = poll_sink(run, {epoch, 0, run.step}, sink);
            auto batch = run.train->next();
            if (!batch)
                break;
            bool stop = command == Command::Stop;
            if (run.comm) // every rank stops at the same batch, whichever was asked
                stop = run.comm->any(stop);
            if (stop) {
                run.wall_before = wall();
                save_last(run, {epoch, batch->index, run.step}, sink); // resumes at this batch
                stopped = true;
                break;
            }
            train_batch(run, *batch, epoch, plan, sink);
            const std::int64_t done = batch->index + 1;
            if (run.val_check && done % c.val_every == 0 && done < plan.per_epoch)
                check_validation(run, epoch, batch->index, plan, sink);
        }
        if (stopped)
            break;
        finish_epoch(run, epoch, plan, sink);
        run.wall_before = wall();
        save_last(run, {epoch + 1, 0, run.step}, sink);
        if (!run.any_active())
            break;
    }

    RunSummary summary = summary_of(run);
    summary.completed = !stopped;
    if (!stopped) {
        finish_run(run, summary, sink);
        save_last(run, {c.epochs, 0, run.step}, sink);
    } else {
        for (auto& ss : summary.slots)
            if (ss.status == SlotStatus::Training)
                ss.status = SlotStatus::Stopped;
    }
    summary.wall_seconds = wall();
    if (run.comm)
        for (const auto& slot : run.slots)
            if (slot->gradients && slot->gradients->calls() > 0) {
                std::ostringstream m;
                m.precision(3);
                m << "model " << slot->config.name << ": gradient all-reduce over "
                  << run.comm->size()
                  << " processes: " << static_cast<double>(slot->gradients->bytes()) / 1e6
                  << " MB per step in " << slot->gradients->buckets() << " bucket"
                  << (slot->gradients->buckets() == 1 ? "" : "s") << ", "
                  << 1000.0 * slot->gradients->seconds() /
                         static_cast<double>(slot->gradients->calls())
                  << " ms per step (mean of " << slot->gradients->calls() << ")";
                sink.on_message(m.str());
            }
    if (run.folder) {
        run.folder->write_summary(summary);
        run.folder->flush();
    }
    sink.on_finish(summary);
    return summary;
}

RunSummary guarded(const std::function<RunSummary()>& body)
{
    try {
        return body();
    } catch (const c10::Error& e) {
        throw Error(std::string("training failed: ") + e.what_without_backtrace());
    }
}

// Restores every slot from the run's last checkpoint set; returns where to continue. A run killed
// before its first checkpoint starts from the beginning.
Position restore_last_set(Run& run, const std::string& run_dir)
{
    const std::optional<Position> committed =
        recover_last_set(run_dir, run.slot_names(), [](const std::string& path) {
            return position_of(read_checkpoint(path).file.string("state"), path);
        });
    if (!fs::exists(last_checkpoint_path(run_dir, run.slots.front()->config.name)))
        return {};
    std::optional<TrainingState> first;
    for (auto& slot : run.slots) {
        const std::string path = last_checkpoint_path(run_dir, slot->config.name);
        const TrainingState state = restore(*slot, path);
        if (committed && state.next != *committed)
            throw Error(path + " is at " + describe(state.next) + " but models/last.json at " +
                        describe(*committed) + ": the checkpoints are not one set");
        if (first && state.next != first->next)
            throw Error(path + " is at " + describe(state.next) + " but " +
                        last_checkpoint_path(run_dir, run.slots.front()->config.name) + " at " +
                        describe(first->next) + ": the checkpoints are not one set");
        if (!first)
            first = state;
    }
    run.step = first->next.step;
    run.wall_before = first->wall_seconds;
    run.epoch_digest = first->epoch_digest;
    return first->next;
}

// Joins the group of a data-parallel run (none for a single process).
void join_group(Run& run, const DistributedOptions& dist)
{
    if (dist.world_size <= 1)
        return;
    run.comm = Comm::connect(dist);
    run.local_processes = std::max(1, dist.local_world_size);
}

std::string world_size_mismatch(int trained, int now)
{
    return "this run was trained by " + std::to_string(trained) + " process" +
           (trained == 1 ? "" : "es") + " (world_size in config.json) and cannot continue with " +
           std::to_string(now) +
           ": each process keeps its own batch-norm statistics, so another count would not "
           "continue it exactly; resume it with " +
           (trained == 1 ? std::string("a single process")
                         : "--nproc " + std::to_string(trained) +
                               " (or nnodes × nproc = " + std::to_string(trained) + ")");
}

// Makes every rank start where rank 0 does: its weights and buffers (seeded, pretrained or
// restored), and, when resuming, its optimizer state, random generator and training state. Then
// each slot trains as a member of the group.
void sync_ranks(Run& run, Position& start, bool resuming)
{
    if (!run.comm)
        return;
    Comm& comm = *run.comm;
    for (auto& slot : run.slots) {
        broadcast_model(comm, *slot->net);
        if (resuming) {
            std::string optimizer =
                comm.leader() ? optimizer_state(*slot->optimizer) : std::string();
            comm.broadcast_bytes(optimizer);
            std::string state =
                comm.leader()
                    ? training_state_json(*slot, {start, run.wall_before, run.epoch_digest})
                    : std::string();
            comm.broadcast_bytes(state);
            std::vector<torch::Tensor> rng{slot->generator.get_state()};
            comm.broadcast(rng);
            if (!comm.leader()) {
                load_optimizer_state(*slot->optimizer, optimizer);
                const TrainingState s = restore_training_state(*slot, state, "rank 0's state");
                slot->generator.set_state(rng[0]);
                start = s.next;
                run.step = s.next.step;
                run.wall_before = s.wall_seconds;
                run.epoch_digest = s.epoch_digest;
            }
        }
        slot->join(comm);
    }
}

} // namespace

void detail::set_batch_hook_for_tests(BatchHook hook)
{
    batch_hook() = std::move(hook);
}

bool cpu_has_native_bf16()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.rfind("flags", 0) == 0)
            return line.find(" avx512_bf16") != std::string::npos ||
                   line.find(" amx_bf16") != std::string::npos;
    return false;
}

RunConfig pin_pretrained(const RunConfig& config)
{
    const bool any = std::any_of(config.slots.begin(), config.slots.end(),
                                 [](const SlotConfig& s) { return !s.pretrained.empty(); });
    if (!any)
        return config;
    if (auto problem = check(config))
        throw Error(problem->message);
    RunConfig pinned = config;
    pin_pretrained_files(pinned);
    const DatasetInfo info = dataset_info(config.dataset);
    for (const auto& slot : pinned.slots)
        if (!slot.pretrained.empty())
            check_pretrained(slot.pretrained.path, fit_to_data(slot.model, info, false),
                             "model " + slot.name + " (" + slot.model.preset + ")");
    return pinned;
}

RunConfig read_run_config(const std::string& run_dir)
{
    const std::string path = (fs::path(run_dir) / "config.json").string();
    if (!fs::exists(path))
        throw Error(run_dir + ": not a run folder (no config.json)");
    try {
        return run_config_from_json(read_text_file(path));
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

RunSummary train(const RunConfig& config, const std::string& run_dir, TrainSink& sink)
{
    return train(config, run_dir, sink, DistributedOptions{});
}

RunSummary train(const RunConfig& config, const std::string& run_dir, TrainSink& sink,
                 const DistributedOptions& dist)
{
    return guarded([&] {
        Run run;
        run.config = config;
        run.config.world_size = std::max(1, dist.world_size);
        join_group(run, dist);
        if (run.comm) { // every rank must have been started with the same options
            std::string leaders = run.leader() ? to_json(run.config) : std::string();
            run.comm->broadcast_bytes(leaders);
            const bool differs = leaders != to_json(run.config);
            const double how_many = run.comm->sum(differs ? 1.0 : 0.0);
            if (how_many > 0)
                throw Error(std::to_string(static_cast<int>(how_many)) + " of " +
                            std::to_string(run.comm->size()) +
                            " processes were started with other training options than rank 0 "
                            "(every node must run the same command)");
        }
        prepare(run, /*pretrained=*/true);
        if (run.leader())
            load_pretrained(run, sink);
        Position start;
        sync_ranks(run, start, /*resuming=*/false);
        if (!run_dir.empty() && run.leader())
            run.folder.emplace(RunFolder::create(run_dir, run.config)); // with the weights' hashes
        announce_feature_caches(run, sink);
        return execute(run, sink, {});
    });
}

RunSummary resume(const std::string& run_dir, TrainSink& sink)
{
    return resume(run_dir, sink, DistributedOptions{});
}

RunSummary resume(const std::string& run_dir, TrainSink& sink, const DistributedOptions& dist)
{
    return guarded([&] {
        Run run;
        join_group(run, dist);
        if (run.leader())
            run.config = read_run_config(run_dir);
        if (run.comm)
            share_config(run);
        const int now = std::max(1, dist.world_size);
        if (run.config.world_size != now)
            throw Error(run_dir + ": " + world_size_mismatch(run.config.world_size, now));
        prepare(run, /*pretrained=*/false);
        Position start;
        if (run.leader()) {
            start = restore_last_set(run, run_dir);
            // Pretrained weights matter only to a run killed before its first checkpoint; the
            // file must still be the one config.json recorded.
            if (!fs::exists(last_checkpoint_path(run_dir, run.slots.front()->config.name))) {
                for (auto& slot : run.slots)
                    slot->config.pretrained =
                        pin_pretrained(slot->config.pretrained, slot->config.model);
                load_pretrained(run, sink);
            }
        }
        sync_ranks(run, start, /*resuming=*/true);
        if (start.epoch >= run.config.epochs)
            throw Error(run_dir + ": this run already finished all " +
                        std::to_string(run.config.epochs) + " epochs");
        if (run.leader())
            run.folder.emplace(RunFolder::reopen(run_dir, start.epoch, start.batch));
        announce_feature_caches(run, sink);
        return execute(run, sink, start);
    });
}

std::vector<double> evaluate_run(const std::string& run_dir)
{
    Run run;
    run.config = read_run_config(run_dir);
    prepare(run, /*pretrained=*/false);
    std::vector<double> accuracy;
    for (auto& slot : run.slots) {
        const std::string best =
            (fs::path(run_dir) / "models" / (slot->config.name + "-best.pt")).string();
        const std::string last =
            (fs::path(run_dir) / "models" / (slot->config.name + "-last.pt")).string();
        const bool has_best = fs::exists(best);
        const std::string path = has_best ? best : last;
        if (!fs::exists(path)) {
            accuracy.push_back(std::nan(""));
            continue;
        }
        Net net = make_model(slot->config.model);
        load_state_dict(*net, read_checkpoint(path).model, path);
        net->to(run.device);
        std::vector<TestPrediction> predictions;
        accuracy.push_back(
            evaluate_model(*net, run.device, *run.test, run.bf16, &predictions).accuracy);
        if (!predictions.empty())
            write_predictions(predictions_path(run_dir, slot->config.name, has_best), predictions);
    }
    return accuracy;
}

} // namespace resdense
