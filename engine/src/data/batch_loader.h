#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <torch/types.h>

#include "data/dataset_store.h"
#include "resdense/dataset.h"

namespace resdense {

struct LoaderOptions {
    std::int64_t batch_size = 128;
    bool shuffle = true;
    bool drop_last = false;
    bool channels_last = false;
    std::uint64_t seed = 0;
    InputOptions input;            // resize and crop (random_crop applies with shuffle only)
    AugmentOptions augment;        // leave default for validation and test
    std::vector<double> mean, std; // per-channel normalisation; empty: images stay in [0, 1]
    int queue_depth = 4; // ready batches kept ahead of the consumer; 0: built in next() itself
};

struct Batch {
    torch::Tensor images; // float, normalised, N x C x H x W (channels-last when asked)
    torch::Tensor labels; // int64
    std::int64_t index = 0;
    torch::Tensor rows;          // int64: each image's row in its split
    const void* split = nullptr; // which split the rows index (its pixel store)
    std::int64_t split_size = 0; // images in that split
};

// Delivers batches of one split from its own thread through a bounded queue. Batch i of epoch e
// depends only on (seed, e, i): the same seed gives the same batches byte for byte, however the
// threads are scheduled, which is what lets the trainer feed two models identical data.
// One consumer thread calls start_epoch() and next().
class BatchLoader {
public:
    BatchLoader(Split split, LoaderOptions options);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // Starts producing epoch `epoch` from batch first_batch on (resuming mid-epoch).
    void start_epoch(std::int64_t epoch, std::int64_t first_batch = 0);
    // The next batch of the epoch, or nullopt at its end.
    std::optional<Batch> next();

    std::int64_t batches_per_epoch() const;
    std::int64_t size() const { return m_split.size(); }
    // Seconds next() spent waiting for the producer since start_epoch().
    double wait_seconds() const { return m_wait_seconds; }

    // Batch `index` of `epoch`, built on the calling thread.
    Batch make_batch(std::int64_t epoch, std::int64_t index) const;

private:
    void stop_producer();
    void produce(); // the producer thread: batches m_next_index..m_last_index of m_epoch

    Split m_split;
    LoaderOptions m_options;
    torch::Tensor m_mean, m_inv_std;   // 1 x C x 1 x 1
    std::vector<std::int64_t> m_order; // this epoch's permutation
    std::int64_t m_order_epoch = -1;

    std::int64_t m_epoch = 0, m_next_index = 0, m_last_index = 0; // set by start_epoch()
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_queue;
    bool m_done = true;
    std::atomic<bool> m_stop{false};
    std::exception_ptr m_error;
    double m_wait_seconds = 0.0;
};

} // namespace resdense
