#include "data/batch_loader.h"

#include <chrono>

#include <torch/torch.h>

#include "data/augment.h"
#include "data/input_transform.h"
#include "data/seeded_random.h"
#include "resdense/error.h"

namespace resdense {

BatchLoader::BatchLoader(Split split, LoaderOptions options)
    : m_split(std::move(split)), m_options(std::move(options))
{
    if (m_options.batch_size < 1)
        throw Error("batch size must be at least 1; got " + std::to_string(m_options.batch_size));
    const std::int64_t c = m_split.images.size(1);
    if (!m_options.mean.empty()) {
        if (static_cast<std::int64_t>(m_options.mean.size()) != c ||
            static_cast<std::int64_t>(m_options.std.size()) != c)
            throw Error("normalisation needs one mean and std per channel (" + std::to_string(c) +
                        ")");
        m_mean = torch::tensor(m_options.mean, torch::kFloat).view({1, c, 1, 1});
        m_inv_std = torch::tensor(m_options.std, torch::kFloat).reciprocal().view({1, c, 1, 1});
    }
}

BatchLoader::~BatchLoader()
{
    stop_producer();
}

std::int64_t BatchLoader::batches_per_epoch() const
{
    const std::int64_t n = m_split.size(), b = m_options.batch_size;
    return m_options.drop_last ? n / b : (n + b - 1) / b;
}

Batch BatchLoader::make_batch(std::int64_t epoch, std::int64_t index) const
{
    const std::int64_t start = index * m_options.batch_size;
    const std::int64_t count = std::min(m_options.batch_size, m_split.size() - start);
    if (index < 0 || count <= 0)
        throw Error("batch " + std::to_string(index) + " is outside the epoch");
    std::vector<std::int64_t> other_epoch;
    const std::vector<std::int64_t>* order = nullptr; // null: the split's own order
    if (m_options.shuffle) {
        if (m_order_epoch != epoch)
            other_epoch = permutation(m_split.size(), mix_seed(m_options.seed, epoch));
        order = m_order_epoch == epoch ? &m_order : &other_epoch;
    }
    std::vector<std::int64_t> picks(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i)
        picks[static_cast<std::size_t>(i)] =
            order ? (*order)[static_cast<std::size_t>(start + i)] : start + i;

    torch::NoGradGuard no_grad;
    auto index_tensor = torch::tensor(picks, torch::kLong);
    Batch batch;
    batch.index = index;
    batch.labels = m_split.labels.index_select(0, index_tensor);
    batch.rows = index_tensor;
    batch.split = m_split.images.data_ptr();
    batch.split_size = m_split.size();
    torch::Tensor images =
        m_split.images.index_select(0, index_tensor).to(torch::kFloat).div_(255.0f);

    std::mt19937_64 rng(mix_seed(m_options.seed, static_cast<std::uint64_t>(epoch) + 1,
                                 static_cast<std::uint64_t>(index)));
    images = resize_and_crop(images, m_options.input, m_options.shuffle ? &rng : nullptr);
    images = augment_geometry(images, m_options.augment, rng);
    if (m_mean.defined())
        images = images.sub_(m_mean).mul_(m_inv_std);
    random_erase(images, m_options.augment.erase_prob, rng);
    if (m_options.channels_last)
        images = images.contiguous(torch::MemoryFormat::ChannelsLast);
    batch.images = images;
    return batch;
}

void BatchLoader::start_epoch(std::int64_t epoch, std::int64_t first_batch)
{
    stop_producer();
    if (m_options.shuffle && m_order_epoch != epoch) {
        m_order = permutation(m_split.size(), mix_seed(m_options.seed, epoch));
        m_order_epoch = epoch;
    }
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        m_done = false;
        m_error = nullptr;
    }
    m_stop = false;
    m_wait_seconds = 0.0;
    m_epoch = epoch;
    m_next_index = first_batch;
    m_last_index = batches_per_epoch();
    if (m_options.queue_depth > 0)
        m_thread = std::thread([this] { produce(); });
}

void BatchLoader::produce()
{
    try {
        for (std::int64_t i = m_next_index; i < m_last_index && !m_stop; ++i) {
            Batch batch = make_batch(m_epoch, i);
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] {
                return m_stop || static_cast<int>(m_queue.size()) < m_options.queue_depth;
            });
            if (m_stop)
                break;
            m_queue.push_back(std::move(batch));
            m_changed.notify_all();
        }
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
    }
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_changed.notify_all();
}

std::optional<Batch> BatchLoader::next()
{
    const auto start = std::chrono::steady_clock::now();
    if (m_options.queue_depth <= 0) { // no producer thread: build the batch here
        if (m_next_index >= m_last_index)
            return std::nullopt;
        Batch batch = make_batch(m_epoch, m_next_index++);
        m_wait_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return batch;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_done; });
    m_wait_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (m_error)
        std::rethrow_exception(m_error);
    if (m_queue.empty())
        return std::nullopt;
    Batch batch = std::move(m_queue.front());
    m_queue.pop_front();
    m_changed.notify_all();
    return batch;
}

void BatchLoader::stop_producer()
{
    {
        // Under the lock: set between the producer's check of its wait predicate and its wait,
        // the flag and the notification would both be missed and join() would block for ever.
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace resdense
