#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// Plain values the trainer reports; copied across threads by the GUI and written to
// metrics.jsonl by the run folder.

struct BatchMetrics {
    int slot = 0;
    int epoch = 0;            // 0-based
    std::int64_t batch = 0;   // within the epoch
    std::int64_t batches = 0; // per epoch
    std::int64_t step = 0;    // since the start of the run
    double loss = 0.0;
    double accuracy = 0.0; // of this batch, in [0, 1]
    double lr = 0.0;
    double images_per_second = 0.0; // this slot's training speed on this batch
    std::int64_t images_seen = 0;
    double elapsed_seconds = 0.0; // this slot's training time so far
};

struct EpochMetrics {
    int slot = 0;
    int epoch = 0;
    double train_loss = 0.0, train_accuracy = 0.0;
    double val_loss = 0.0, val_accuracy = 0.0; // NaN when there is no validation split
    double epoch_seconds = 0.0, total_seconds = 0.0;
    double images_per_second = 0.0;
    std::int64_t images_seen = 0;
    // This model's training memory so far: the most bytes of CPU tensors its training steps held
    // at once (weights, gradients, optimizer state, activations), counted through LibTorch's
    // allocator; 0 where not measured (CUDA).
    std::int64_t model_memory_bytes = 0;
    std::int64_t peak_memory_bytes = 0; // the whole process's (both models share it): VmHWM
    double lr = 0.0;
    // The best epoch so far: by validation accuracy, or by training accuracy when the run has no
    // validation split.
    bool best = false;
    // A digest of every batch this epoch trained on, in order (both slots checked that they saw
    // exactly these): equal digests mean equal data.
    std::uint64_t batch_digest = 0;
};

// A validation check between epoch ends (RunConfig::val_every): the model on a fixed subset of
// the validation split, so that the first minutes of a run already show how it generalises.
struct ValidationCheck {
    int slot = 0;
    int epoch = 0;            // 0-based
    std::int64_t batch = 0;   // the batch within the epoch after which it ran
    std::int64_t batches = 0; // per epoch
    std::int64_t step = 0;    // since the start of the run (the batch's step)
    double val_loss = 0.0, val_accuracy = 0.0;
    std::int64_t images = 0;      // in the subset
    std::int64_t images_seen = 0; // this slot's training images so far
    double elapsed_seconds = 0.0; // this slot's training time so far
};

enum class SlotStatus { Training, Finished, Diverged, Stopped };
std::string status_name(SlotStatus status);
SlotStatus parse_status(const std::string& name); // unknown names: Training

struct SlotSummary {
    std::string name;
    std::string model; // preset name
    std::string description;
    std::int64_t parameters = 0;
    std::int64_t macs = 0;
    SlotStatus status = SlotStatus::Training;
    std::string reason; // why it diverged or stopped
    int epochs_done = 0;
    int best_epoch = -1;
    double best_val_accuracy = 0.0;              // NaN when the run has no validation split
    double test_loss = 0.0, test_accuracy = 0.0; // NaN until tested
    double best_test_accuracy = 0.0;             // of the best checkpoint; NaN until tested
    double train_seconds = 0.0;
    double images_per_second = 0.0;
    double inference_ms_per_image = 0.0;
    std::int64_t model_memory_bytes = 0; // as EpochMetrics::model_memory_bytes
    std::int64_t peak_memory_bytes = 0;  // the whole process's
};

struct RunSummary {
    std::string run_dir;
    std::string precision; // what ran: "fp32" or "bf16"
    int threads = 0;
    bool completed = false; // every epoch ran (false: stopped, resumable)
    double wall_seconds = 0.0;
    std::vector<SlotSummary> slots;
};

// What a sink tells the trainer at each batch boundary.
enum class Command { Continue, Pause, Stop };

// Receives the trainer's reports on the training thread. Implementations must be quick: the
// GUI's queues a signal, the CLI draws a line.
class TrainSink {
public:
    virtual ~TrainSink() = default;
    virtual void on_start(const RunSummary& /*plan*/, int /*first_epoch*/) {}
    virtual void on_batch(const BatchMetrics&) {}
    virtual void on_epoch(const EpochMetrics&) {}
    virtual void on_validation_check(const ValidationCheck&) {}
    virtual void on_slot_status(int /*slot*/, SlotStatus, const std::string& /*reason*/) {}
    virtual void on_message(const std::string&) {}
    // A slot's latest weights were written to a checkpoint file (after each epoch, on stop and at
    // the end): it may be loaded from any thread, e.g. to classify images while training goes on.
    virtual void on_checkpoint(int /*slot*/, const std::string& /*path*/) {}
    virtual void on_finish(const RunSummary&) {}
    // Polled at each batch boundary; Pause is polled again until it changes.
    virtual Command poll() { return Command::Continue; }
    // Polled with poll() (while paused too): true asks for each training slot's weights as they
    // are now, written to models/<slot>-snapshot.pt and reported through on_checkpoint, so that
    // images can be classified before the first epoch ends. Training, its batches and its random
    // streams are not touched.
    virtual bool snapshot_wanted() { return false; }
};

} // namespace resdense
