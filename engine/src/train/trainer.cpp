// The training loop: one or two slots on the same batches, run folder records, checkpoints,
// resume.
#include "resdense/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "resdense/build_info.h"
#include "resdense/error.h"
#include "resdense/model_summary.h"
#include "train/optimizer.h"
#include "train/run_folder.h"
#include "train/schedule.h"
#include "train/slot_run.h"

namespace resdense {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

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
    std::vector<std::unique_ptr<SlotRun>> slots;
    std::optional<RunFolder> folder;
    torch::Device device{torch::kCPU};
    bool bf16 = false;
    int threads = 0;
    std::int64_t step = 0;
    double wall_before = 0.0; // wall time of earlier sessions of this run
};

ModelSpec fit_to_data(ModelSpec spec, const DatasetInfo& info, bool channels_last)
{
    spec.in_channels = info.channels;
    spec.num_classes = static_cast<int>(info.classes.size());
    spec.channels_last = channels_last;
    return spec;
}

// Loads data, builds models (each from the run's seed, so a model's initial weights do not
// depend on the other slot) and loaders.
void prepare(Run& run)
{
    if (std::string problem = check(run.config); !problem.empty())
        throw Error(problem);
    const RunConfig& c = run.config;
    run.threads = set_threads(c.threads);
    keep_freed_memory();
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
        torch::manual_seed(c.seed);
        run.slots.push_back(std::make_unique<SlotRun>(static_cast<int>(i), slot, run.device));
    }
    LoaderOptions lo;
    lo.batch_size = c.batch_size;
    lo.seed = c.seed;
    lo.augment = c.augment;
    lo.mean = run.data.info.mean;
    lo.std = run.data.info.std;
    lo.channels_last = c.channels_last && !run.device.is_cuda();
    // When training takes every core, a loader thread only competes with it (and its tensor
    // operations start an OpenMP team of their own): batches are then built between steps.
    // ResNet-20 on 30k Fashion-MNIST images, 2 cores: 1,308 and 1,370 images/s with the
    // thread, 1,474 and 1,652 without (interleaved runs).
    lo.queue_depth = run.threads >= default_threads() ? 0 : 4;
    run.train = std::make_unique<BatchLoader>(run.data.train, lo);
    LoaderOptions eval = lo;
    eval.shuffle = false;
    eval.augment = {};
    eval.batch_size = std::max<std::int64_t>(256, c.batch_size);
    run.val = std::make_unique<BatchLoader>(run.data.val, eval);
    run.test = std::make_unique<BatchLoader>(run.data.test, eval);
    torch::manual_seed(c.seed); // dropout and anything else random in training
}

std::string input_json(const DatasetInfo& info)
{
    return nlohmann::json{{"channels", info.channels}, {"height", info.height},
                          {"width", info.width},       {"mean", info.mean},
                          {"std", info.std},           {"dataset", info.name}}
        .dump();
}

void save_checkpoint(Run& run, SlotRun& slot, const std::string& path, int next_epoch,
                     std::int64_t next_batch)
{
    const nlohmann::json state = {{"epoch", next_epoch},
                                  {"batch", next_batch},
                                  {"step", run.step},
                                  {"status", status_name(slot.status)},
                                  {"reason", slot.reason},
                                  {"best_epoch", slot.best_epoch},
                                  {"best_val_accuracy", slot.best_val_accuracy},
                                  {"epochs_done", slot.epochs_done},
                                  {"images_seen", slot.images_seen},
                                  {"train_seconds", slot.train_seconds},
                                  {"epoch_loss_sum", slot.epoch_loss_sum},
                                  {"epoch_correct", slot.epoch_correct},
                                  {"epoch_seen", slot.epoch_seen},
                                  {"epoch_seconds", slot.epoch_seconds},
                                  {"wall_seconds", run.wall_before}};
    CheckpointExtras extras;
    extras.strings = {{"state", state.dump()},
                      {"classes", nlohmann::json(run.data.info.classes).dump()},
                      {"input", input_json(run.data.info)}};
    extras.tensors = {{"optimizer", bytes_tensor(optimizer_state(*slot.optimizer))},
                      {"rng", at::detail::getDefaultCPUGenerator().get_state()}};
    write_checkpoint(path, slot.config.model, *slot.net, extras);
}

void save_last(Run& run, int next_epoch, std::int64_t next_batch, TrainSink& sink)
{
    if (!run.folder)
        return;
    for (auto& slot : run.slots) {
        const std::string path = run.folder->checkpoint(slot->config.name, "last");
        save_checkpoint(run, *slot, path, next_epoch, next_batch);
        sink.on_checkpoint(slot->index, path);
    }
}

// Restores a slot from its last checkpoint; returns the checkpoint's training state.
nlohmann::json restore(Run& run, SlotRun& slot, const std::string& path)
{
    Checkpoint ckpt = read_checkpoint(path);
    if (!(ckpt.spec == slot.config.model))
        throw Error(path + ": holds " + describe(ckpt.spec) + ", but the run's model " +
                    slot.config.name + " is " + describe(slot.config.model));
    load_state_dict(*slot.net, ckpt.model, path);
    const NamedTensors* extra = ckpt.file.dict("extra");
    const auto state = nlohmann::json::parse(ckpt.file.string("state"), nullptr, false);
    if (!extra || state.is_discarded())
        throw Error(path + ": has no training state (a model-only checkpoint cannot be resumed)");
    for (const auto& [name, t] : *extra) {
        if (name == "optimizer")
            load_optimizer_state(*slot.optimizer, tensor_bytes(t));
        else if (name == "rng") {
            at::Generator generator =
                at::detail::getDefaultCPUGenerator(); // a handle to the global one
            std::lock_guard<std::mutex> lock(generator.mutex());
            generator.set_state(t);
        }
    }
    slot.status = parse_status(state.value("status", "training"));
    if (slot.status == SlotStatus::Stopped)
        slot.status = SlotStatus::Training;
    slot.reason = state.value("reason", "");
    slot.best_epoch = state.value("best_epoch", -1);
    slot.best_val_accuracy = state.value("best_val_accuracy", -1.0);
    slot.epochs_done = state.value("epochs_done", 0);
    slot.images_seen = state.value("images_seen", 0LL);
    slot.train_seconds = state.value("train_seconds", 0.0);
    slot.epoch_loss_sum = state.value("epoch_loss_sum", 0.0);
    slot.epoch_correct = state.value("epoch_correct", 0LL);
    slot.epoch_seen = state.value("epoch_seen", 0LL);
    slot.epoch_seconds = state.value("epoch_seconds", 0.0);
    run.step = state.value("step", 0LL);
    run.wall_before = state.value("wall_seconds", 0.0);
    return state;
}

RunSummary summary_of(const Run& run)
{
    RunSummary s;
    s.run_dir = run.folder ? run.folder->dir() : "";
    s.precision = run.bf16 ? "bf16" : "fp32";
    s.threads = run.threads;
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
        ss.best_val_accuracy =
            slot->best_val_accuracy >= 0 ? slot->best_val_accuracy : std::nan("");
        ss.test_loss = ss.test_accuracy = std::nan("");
        ss.train_seconds = slot->train_seconds;
        ss.images_per_second = slot->train_seconds > 0
                                   ? static_cast<double>(slot->images_seen) / slot->train_seconds
                                   : 0.0;
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

RunSummary execute(Run& run, TrainSink& sink, int first_epoch, std::int64_t first_batch)
{
    const auto wall_start = Clock::now();
    const RunConfig& c = run.config;
    const std::int64_t per_epoch = run.train->batches_per_epoch();
    const std::int64_t total_steps = per_epoch * c.epochs;
    sink.on_start(summary_of(run), first_epoch);
    const double wall_base = run.wall_before; // earlier sessions of this run
    auto wall = [&] {
        return wall_base + std::chrono::duration<double>(Clock::now() - wall_start).count();
    };

    bool stopped = false;
    for (int epoch = first_epoch; epoch < c.epochs && !stopped; ++epoch) {
        const std::int64_t start_batch = epoch == first_epoch ? first_batch : 0;
        if (start_batch == 0)
            for (auto& slot : run.slots)
                slot->epoch_loss_sum = 0.0, slot->epoch_correct = 0, slot->epoch_seen = 0,
                slot->epoch_seconds = 0.0;
        run.train->start_epoch(epoch, start_batch);
        while (true) {
            Command command = sink.poll();
            while (command == Command::Pause) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                command = sink.poll();
            }
            auto batch = run.train->next();
            if (!batch)
                break;
            if (command == Command::Stop) {
                run.wall_before = wall();
                save_last(run, epoch, batch->index, sink); // resumes at this batch
                stopped = true;
                break;
            }
            for (auto& slot : run.slots) {
                if (!slot->active())
                    continue;
                const double lr = learning_rate(slot->config.schedule, slot->config.optimizer.lr,
                                                run.step, total_steps, per_epoch);
                const std::string where = "epoch " + std::to_string(epoch + 1) + ", batch " +
                                          std::to_string(batch->index + 1);
                const StepResult r = slot->train_step(*batch, lr, run.bf16, where);
                if (!slot->active()) {
                    report_status(run, *slot, sink);
                    continue;
                }
                BatchMetrics m;
                m.slot = slot->index;
                m.epoch = epoch;
                m.batch = batch->index;
                m.batches = per_epoch;
                m.step = run.step;
                m.loss = r.loss;
                m.accuracy = static_cast<double>(r.correct) / static_cast<double>(r.count);
                m.lr = lr;
                m.images_per_second =
                    r.seconds > 0 ? static_cast<double>(r.count) / r.seconds : 0.0;
                m.images_seen = slot->images_seen;
                m.elapsed_seconds = slot->train_seconds;
                sink.on_batch(m);
                if (run.folder)
                    run.folder->append(slot->config.name, m);
            }
            ++run.step;
            if (std::none_of(run.slots.begin(), run.slots.end(),
                             [](const auto& s) { return s->active(); }))
                break;
        }
        if (stopped)
            break;
        for (auto& slot : run.slots) {
            if (!slot->active())
                continue;
            const EvalResult v = slot->evaluate(*run.val, run.bf16);
            EpochMetrics m;
            m.slot = slot->index;
            m.epoch = epoch;
            m.train_loss = slot->epoch_loss_sum /
                           static_cast<double>(std::max<std::int64_t>(1, slot->epoch_seen));
            m.train_accuracy = static_cast<double>(slot->epoch_correct) /
                               static_cast<double>(std::max<std::int64_t>(1, slot->epoch_seen));
            m.val_loss = v.loss;
            m.val_accuracy = v.accuracy;
            m.epoch_seconds = slot->epoch_seconds;
            m.total_seconds = slot->train_seconds;
            m.images_per_second = slot->epoch_seconds > 0
                                      ? static_cast<double>(slot->epoch_seen) / slot->epoch_seconds
                                      : 0;
            m.images_seen = slot->images_seen;
            m.peak_memory_bytes = peak_memory_bytes();
            m.lr = learning_rate(slot->config.schedule, slot->config.optimizer.lr,
                                 std::max<std::int64_t>(0, run.step - 1), total_steps, per_epoch);
            const double score = std::isfinite(v.accuracy) ? v.accuracy : m.train_accuracy;
            slot->epochs_done = epoch + 1;
            if (score > slot->best_val_accuracy) {
                slot->best_val_accuracy = score;
                slot->best_epoch = epoch;
                m.best = true;
                if (run.folder)
                    save_checkpoint(run, *slot, run.folder->checkpoint(slot->config.name, "best"),
                                    epoch + 1, 0);
            }
            sink.on_epoch(m);
            if (run.folder)
                run.folder->append(slot->config.name, m);
        }
        run.wall_before = wall();
        save_last(run, epoch + 1, 0, sink);
        if (std::none_of(run.slots.begin(), run.slots.end(),
                         [](const auto& s) { return s->active(); }))
            break;
    }

    RunSummary summary = summary_of(run);
    summary.completed = !stopped;
    if (!stopped) {
        for (std::size_t i = 0; i < run.slots.size(); ++i) {
            SlotRun& slot = *run.slots[i];
            SlotSummary& ss = summary.slots[i];
            if (slot.status == SlotStatus::Training) {
                slot.status = SlotStatus::Finished;
                ss.status = SlotStatus::Finished;
                report_status(run, slot, sink);
            }
            if (slot.status != SlotStatus::Diverged) {
                const EvalResult t = slot.evaluate(*run.test, run.bf16);
                ss.test_loss = t.loss;
                ss.test_accuracy = t.accuracy;
            }
            BatchLoader& probe = run.data.test.size() > 0 ? *run.test : *run.train;
            ss.inference_ms_per_image =
                slot.inference_ms(probe.make_batch(0, 0).images.narrow(0, 0, 1), run.bf16);
            ss.macs = summarize(slot.config.model, run.data.info.height).macs;
        }
        save_last(run, c.epochs, 0, sink);
    } else {
        for (auto& ss : summary.slots)
            if (ss.status == SlotStatus::Training)
                ss.status = SlotStatus::Stopped;
    }
    summary.wall_seconds = wall();
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

} // namespace

bool cpu_has_native_bf16()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.rfind("flags", 0) == 0)
            return line.find(" avx512_bf16") != std::string::npos ||
                   line.find(" amx_bf16") != std::string::npos;
    return false;
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
    return guarded([&] {
        Run run;
        run.config = config;
        prepare(run);
        if (!run_dir.empty())
            run.folder.emplace(RunFolder::create(run_dir, config));
        return execute(run, sink, 0, 0);
    });
}

RunSummary resume(const std::string& run_dir, TrainSink& sink)
{
    return guarded([&] {
        Run run;
        run.config = read_run_config(run_dir);
        prepare(run);
        int epoch = 0;
        std::int64_t batch = 0;
        bool any = false;
        for (auto& slot : run.slots) {
            const std::string path =
                (fs::path(run_dir) / "models" / (slot->config.name + "-last.pt")).string();
            if (!fs::exists(path))
                continue; // killed before the first checkpoint: start from the beginning
            const auto state = restore(run, *slot, path);
            epoch = state.value("epoch", 0);
            batch = state.value("batch", 0LL);
            any = true;
        }
        if (!any) {
            torch::manual_seed(run.config.seed);
            run.step = 0;
        }
        if (epoch >= run.config.epochs)
            throw Error(run_dir + ": this run already finished all " +
                        std::to_string(run.config.epochs) + " epochs");
        run.folder.emplace(RunFolder::reopen(run_dir, epoch, batch));
        return execute(run, sink, epoch, batch);
    });
}

} // namespace resdense
