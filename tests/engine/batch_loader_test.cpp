#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset_store.h"

using namespace resdense;

namespace {

Dataset shapes(std::int64_t n = 260, std::uint64_t seed = 1)
{
    DatasetOptions o;
    o.spec = "shapes:" + std::to_string(n);
    o.seed = seed;
    o.val_fraction = 0.2;
    return load_dataset(o);
}

LoaderOptions augmented(const Dataset& d, std::uint64_t seed = 7)
{
    LoaderOptions lo;
    lo.batch_size = 32;
    lo.seed = seed;
    lo.augment.crop_padding = 4;
    lo.augment.hflip = true;
    lo.augment.vflip = true;
    lo.augment.erase_prob = 0.5;
    lo.mean = d.info.mean;
    lo.std = d.info.std;
    return lo;
}

std::vector<Batch> epoch(BatchLoader& loader, std::int64_t e, std::int64_t first = 0)
{
    std::vector<Batch> out;
    loader.start_epoch(e, first);
    while (auto b = loader.next())
        out.push_back(*b);
    return out;
}

bool same(const std::vector<Batch>& a, const std::vector<Batch>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i].images, b[i].images) || !torch::equal(a[i].labels, b[i].labels))
            return false;
    return true;
}

} // namespace

TEST(BatchLoader, SameSeedSameBatchesByteForByte)
{
    const Dataset d = shapes();
    BatchLoader a(d.train, augmented(d)), b(d.train, augmented(d));
    const auto ea = epoch(a, 0), eb = epoch(b, 0);
    ASSERT_EQ(d.train.size(), 210); // 260 less 5 validation images of each class
    ASSERT_EQ(ea.size(), 7u);
    EXPECT_TRUE(same(ea, eb));
    EXPECT_EQ(ea.back().labels.size(0), 210 - 6 * 32);
    // Built on the consumer's thread, batch 3 is the same as the producer thread's.
    const Batch direct = a.make_batch(0, 3);
    EXPECT_TRUE(torch::equal(direct.images, ea[3].images));
}

TEST(BatchLoader, EpochsAndSeedsDiffer)
{
    const Dataset d = shapes();
    BatchLoader a(d.train, augmented(d)), other(d.train, augmented(d, /*seed=*/8));
    const auto e0 = epoch(a, 0), e1 = epoch(a, 1);
    EXPECT_FALSE(same(e0, e1));
    EXPECT_FALSE(same(e0, epoch(other, 0)));
    // Every image appears exactly once per epoch.
    std::vector<std::int64_t> counts(10, 0);
    for (const auto& b : e1)
        for (std::int64_t i = 0; i < b.labels.size(0); ++i)
            ++counts[static_cast<std::size_t>(b.labels[i].item<std::int64_t>())];
    EXPECT_EQ(counts, d.info.train.per_class);
}

TEST(BatchLoader, ResumingMidEpochGivesTheRemainingBatches)
{
    const Dataset d = shapes();
    BatchLoader a(d.train, augmented(d));
    const auto whole = epoch(a, 2);
    const auto tail = epoch(a, 2, /*first=*/4);
    ASSERT_EQ(tail.size(), whole.size() - 4);
    EXPECT_EQ(tail.front().index, 4);
    EXPECT_TRUE(same(tail, std::vector<Batch>(whole.begin() + 4, whole.end())));
}

TEST(BatchLoader, WithoutAThreadTheSameBatches)
{
    // queue_depth 0 builds each batch in next() (what the trainer does when it uses every core).
    const Dataset d = shapes();
    LoaderOptions inline_options = augmented(d);
    inline_options.queue_depth = 0;
    BatchLoader threaded(d.train, augmented(d)), in_place(d.train, inline_options);
    EXPECT_TRUE(same(epoch(threaded, 1), epoch(in_place, 1)));
    const auto tail = epoch(in_place, 1, /*first=*/5);
    ASSERT_EQ(tail.size(), 2u);
    EXPECT_EQ(tail.front().index, 5);
    EXPECT_TRUE(same(epoch(in_place, 3), epoch(threaded, 3)));
}

TEST(BatchLoader, ValidationBatchesAreInOrderAndUnaugmented)
{
    const Dataset d = shapes();
    LoaderOptions lo;
    lo.batch_size = 16;
    lo.shuffle = false;
    BatchLoader val(d.val, lo);
    const auto batches = epoch(val, 0);
    ASSERT_FALSE(batches.empty());
    const auto expected = d.val.images.narrow(0, 0, 16).to(torch::kFloat).div(255.0f);
    EXPECT_TRUE(torch::allclose(batches[0].images, expected));
    EXPECT_TRUE(torch::equal(batches[0].labels, d.val.labels.narrow(0, 0, 16)));
}

TEST(BatchLoader, NormalisationDropLastAndChannelsLast)
{
    const Dataset d = shapes(600);
    LoaderOptions lo;
    lo.batch_size = 100;
    lo.drop_last = true;
    lo.channels_last = true;
    lo.mean = d.info.mean;
    lo.std = d.info.std;
    BatchLoader loader(d.train, lo);
    EXPECT_EQ(loader.batches_per_epoch(), 4); // 480 images, the last 80 dropped
    const auto batches = epoch(loader, 0);
    ASSERT_EQ(batches.size(), 4u);
    EXPECT_TRUE(batches[0].images.is_contiguous(torch::MemoryFormat::ChannelsLast));
    auto all =
        torch::cat({batches[0].images, batches[1].images, batches[2].images, batches[3].images});
    // Normalised with the training statistics: close to zero mean, unit deviation per channel.
    EXPECT_NEAR(all.mean().item<double>(), 0.0, 0.05);
    EXPECT_NEAR(all.std().item<double>(), 1.0, 0.05);
}

TEST(BatchLoader, WaitSecondsIsTheTimeNextSpentWaitingForBatches)
{
    using Clock = std::chrono::steady_clock;
    const auto seconds_since = [](Clock::time_point t) {
        return std::chrono::duration<double>(Clock::now() - t).count();
    };
    const Dataset d = shapes(600);
    LoaderOptions lo = augmented(d);
    lo.batch_size = 100; // 480 training images: 5 batches

    // Without a producer thread next() builds each batch itself: nearly all of the loop's time
    // is waiting for batches, and each batch adds to it.
    lo.queue_depth = 0;
    BatchLoader in_place(d.train, lo);
    in_place.start_epoch(0);
    EXPECT_EQ(in_place.wait_seconds(), 0.0);
    double previous = 0.0;
    int batches = 0;
    const auto loop_start = Clock::now();
    while (auto b = in_place.next()) {
        EXPECT_GT(in_place.wait_seconds(), previous) << "batch " << batches;
        previous = in_place.wait_seconds();
        ++batches;
    }
    const double loop_seconds = seconds_since(loop_start);
    EXPECT_EQ(batches, 5);
    EXPECT_LE(in_place.wait_seconds(), loop_seconds);
    EXPECT_GE(in_place.wait_seconds(), 0.5 * loop_seconds);
    in_place.start_epoch(1); // the count starts again with each epoch
    EXPECT_EQ(in_place.wait_seconds(), 0.0);

    // A consumer slower than the producer thread finds every batch ready: it hardly waits,
    // however long it spends between batches.
    lo.queue_depth = 5;
    BatchLoader ahead(d.train, lo);
    ahead.start_epoch(0);
    constexpr auto kPause = std::chrono::milliseconds(100);
    double paused = 0.0;
    batches = 0;
    for (;;) {
        const auto pause_start = Clock::now();
        std::this_thread::sleep_for(kPause); // "training" on the previous batch
        paused += seconds_since(pause_start);
        if (!ahead.next())
            break;
        ++batches;
    }
    EXPECT_EQ(batches, 5);
    EXPECT_GT(ahead.wait_seconds(), 0.0);
    EXPECT_LT(ahead.wait_seconds(), 0.1 * paused)
        << "a consumer pausing " << paused << " s waited " << ahead.wait_seconds() << " s";
}

TEST(BatchLoader, AugmentationChangesPixelsButKeepsShapes)
{
    const Dataset d = shapes();
    LoaderOptions plain;
    plain.batch_size = 32;
    plain.seed = 7;
    LoaderOptions aug = plain;
    aug.augment.crop_padding = 4;
    aug.augment.hflip = true;
    BatchLoader p(d.train, plain), a(d.train, aug);
    const Batch bp = p.make_batch(0, 0), ba = a.make_batch(0, 0);
    EXPECT_TRUE(torch::equal(bp.labels, ba.labels)); // same order: augmentation draws separately
    EXPECT_EQ(bp.images.sizes(), ba.images.sizes());
    EXPECT_FALSE(torch::equal(bp.images, ba.images));
}

TEST(BatchLoader, StratifiedSplitAndSubset)
{
    DatasetOptions o;
    o.spec = "shapes:1000";
    o.val_fraction = 0.25;
    o.limit = 400;
    o.test_limit = 50;
    const Dataset d = load_dataset(o);
    EXPECT_EQ(d.info.train.count + d.info.val.count, 400);
    EXPECT_EQ(d.info.val.count, 100);
    for (auto n : d.info.val.per_class)
        EXPECT_EQ(n, 10);
    EXPECT_EQ(d.info.test.count, 50);
    // No image is in both training and validation: the generator makes every image distinct.
    auto train = d.train.images.flatten(1).to(torch::kFloat);
    auto val = d.val.images.flatten(1).to(torch::kFloat);
    EXPECT_GT(torch::cdist(val, train).min().item<float>(), 0.0f);
}

// Regression: stop_producer() set the stop flag and notified without the mutex, so a producer
// between checking its wait predicate and waiting missed both and join() blocked for ever. Starts
// and stops thousands of loaders whose producer fills its one-batch queue and waits; a watchdog
// fails the test instead of letting it hang.
TEST(BatchLoader, StoppingNeverHangs)
{
    const Dataset d = shapes(64);
    LoaderOptions lo;
    lo.batch_size = 4;
    lo.queue_depth = 1;
    std::atomic<bool> finished{false};
    std::thread watchdog([&] {
        for (int i = 0; i < 1200 && !finished; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!finished) {
            std::fprintf(stderr,
                         "BatchLoader.StoppingNeverHangs: a loader did not stop in 120 s\n");
            std::abort();
        }
    });
    for (int i = 0; i < 3000; ++i) {
        BatchLoader loader(d.train, lo);
        loader.start_epoch(i % 3);
        if (i % 2) {
            ASSERT_TRUE(loader.next().has_value());
        }
    } // the destructor stops the producer, which is full or about to wait
    finished = true;
    watchdog.join();
}
