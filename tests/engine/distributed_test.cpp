// Data-parallel training (engine/src/distributed): two ranks as two threads over loopback Gloo.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset_store.h"
#include "distributed/comm.h"
#include "models/net.h"
#include "resdense/error.h"
#include "resdense/trainer.h"
#include "train/slot_run.h"
#include "trainer_test_support.h"

using namespace resdense;
namespace fs = std::filesystem;

namespace {

int free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

DistributedOptions rank_options(int rank, int world, int port)
{
    DistributedOptions o;
    o.rank = rank;
    o.local_rank = rank;
    o.world_size = world;
    o.local_world_size = world;
    o.master_addr = "127.0.0.1";
    o.master_port = port;
    o.timeout_seconds = 30;
    return o;
}

// Runs body(rank) on `world` threads, each a rank; rethrows the first failure.
template <class F> void on_ranks(int world, F body)
{
    std::vector<std::future<void>> ranks;
    for (int r = 0; r < world; ++r)
        ranks.push_back(std::async(std::launch::async, body, r));
    for (auto& f : ranks)
        f.get();
}

// A small convolutional net without norms: data-parallel SGD must equal single-process SGD.
torch::nn::Sequential small_net()
{
    torch::manual_seed(7);
    return torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)),
                                 torch::nn::ReLU(), torch::nn::AdaptiveAvgPool2d(4),
                                 torch::nn::Flatten(), torch::nn::Linear(8 * 16, 10));
}

struct Trajectory {
    std::vector<double> losses;
    std::vector<torch::Tensor> parameters;
};

// 20 SGD steps (momentum, weight decay) on 128-image batches; with comm, on this rank's share.
Trajectory train_small(const torch::nn::Sequential& initial, Comm* comm)
{
    auto net = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(initial->clone());
    torch::optim::SGD opt(net->parameters(),
                          torch::optim::SGDOptions(0.05).momentum(0.9).weight_decay(5e-4));
    std::unique_ptr<GradientBuckets> buckets;
    if (comm) // small buckets, to exercise several in flight
        buckets = std::make_unique<GradientBuckets>(net->parameters(), 2048);
    Trajectory t;
    for (int step = 0; step < 20; ++step) {
        auto gen = at::detail::createCPUGenerator(1000 + step);
        auto images = torch::randn({128, 3, 8, 8}, gen);
        auto labels = torch::randint(0, 10, {128}, gen);
        const Share s = comm ? batch_share(128, comm->rank(), comm->size()) : Share{0, 128};
        opt.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(
            net->forward(images.narrow(0, s.begin, s.size())), labels.narrow(0, s.begin, s.size()));
        double global_loss = loss.item<double>();
        if (comm) {
            (loss * (static_cast<double>(s.size()) / 128.0)).backward();
            buckets->allreduce(*comm);
            global_loss = comm->sum(global_loss * static_cast<double>(s.size())) / 128.0;
        } else {
            loss.backward();
        }
        opt.step();
        t.losses.push_back(global_loss);
    }
    for (const auto& p : net->parameters())
        t.parameters.push_back(p.detach().clone());
    return t;
}

double relative(double a, double b)
{
    return std::abs(a - b) / std::max(1e-12, std::max(std::abs(a), std::abs(b)));
}

} // namespace

TEST(Distributed, SharesPartitionTheBatch)
{
    for (std::int64_t batch : {1, 7, 64, 128, 129})
        for (int world : {1, 2, 3, 8}) {
            std::int64_t next = 0;
            for (int r = 0; r < world; ++r) {
                const Share s = batch_share(batch, r, world);
                EXPECT_EQ(s.begin, next);
                EXPECT_LE(s.size(), batch / world + 1);
                next = s.end;
            }
            EXPECT_EQ(next, batch);
        }
}

// The check: 2 ranks x 64 images equal 1 process x 128 images, after 20 steps, within
// 1e-5 relative (fp32), through the bucketed gradient all-reduce.
TEST(Distributed, TwoRanksEqualOneProcessOnTheWholeBatch)
{
    if (!distributed_available())
        GTEST_SKIP() << no_distributed_message();
    torch::set_num_threads(1);
    const auto initial = small_net(); // built once: the global generator is not per thread
    const Trajectory single = train_small(initial, nullptr);
    const int port = free_port();
    Trajectory ranks[2];
    on_ranks(2, [&](int r) {
        auto comm = Comm::connect(rank_options(r, 2, port));
        ranks[r] = train_small(initial, comm.get());
    });
    double worst_loss = 0.0, worst_parameter = 0.0;
    for (int r = 0; r < 2; ++r) {
        ASSERT_EQ(ranks[r].losses.size(), 20u);
        for (std::size_t i = 0; i < 20; ++i) {
            worst_loss = std::max(worst_loss, relative(ranks[r].losses[i], single.losses[i]));
            EXPECT_LT(relative(ranks[r].losses[i], single.losses[i]), 1e-5)
                << "rank " << r << " step " << i;
        }
        for (std::size_t p = 0; p < single.parameters.size(); ++p) {
            const double scale = single.parameters[p].abs().max().item<double>();
            const double diff =
                (ranks[r].parameters[p] - single.parameters[p]).abs().max().item<double>();
            worst_parameter = std::max(worst_parameter, diff / scale);
            EXPECT_LT(diff / scale, 1e-5) << "rank " << r << " parameter " << p;
        }
    }
    std::cout << "largest relative difference after 20 steps: loss " << worst_loss
              << ", parameters " << worst_parameter << std::endl;
    // Both ranks hold the very same weights.
    for (std::size_t p = 0; p < single.parameters.size(); ++p)
        EXPECT_TRUE(torch::equal(ranks[0].parameters[p], ranks[1].parameters[p]));
}

// Sharded evaluation: the same loss, accuracy and predictions (in order) as one process.
TEST(Distributed, ShardedEvaluationEqualsOneProcess)
{
    if (!distributed_available())
        GTEST_SKIP() << no_distributed_message();
    DatasetOptions d;
    d.spec = "shapes:400";
    d.image_size = 16;
    const Dataset data = load_dataset(d);
    LoaderOptions lo;
    lo.batch_size = 48; // not a divisor: a short last batch, and 3 ranks own unequal counts
    lo.shuffle = false;
    lo.queue_depth = 0;
    ModelSpec spec = testing_support::slot("a", "cifar-resnet", 8).model;
    spec.in_channels = data.info.channels;
    spec.num_classes = static_cast<int>(data.info.classes.size());
    Net net = make_model(spec, 3);
    BatchLoader loader(data.test.size() > 0 ? data.test : data.train, lo);
    std::vector<TestPrediction> one;
    const EvalResult single = evaluate_model(*net, torch::kCPU, loader, false, &one);
    const int port = free_port();
    std::vector<TestPrediction> got[3];
    EvalResult results[3];
    on_ranks(3, [&](int r) {
        auto comm = Comm::connect(rank_options(r, 3, port));
        Net mine = make_model(spec, r == 0 ? 3 : 100 + r); // rank 0's arrive by broadcast
        broadcast_model(*comm, *mine);
        BatchLoader own(data.test.size() > 0 ? data.test : data.train, lo);
        results[r] = evaluate_model(*mine, torch::kCPU, own, false, &got[r], nullptr, comm.get());
    });
    for (int r = 0; r < 3; ++r) {
        EXPECT_NEAR(results[r].loss, single.loss, 1e-9 * std::max(1.0, single.loss));
        EXPECT_EQ(results[r].accuracy, single.accuracy);
        ASSERT_EQ(got[r].size(), one.size());
        for (std::size_t i = 0; i < one.size(); ++i) {
            EXPECT_EQ(got[r][i].label, one[i].label) << i;
            EXPECT_EQ(got[r][i].predicted, one[i].predicted) << i;
        }
    }
}

// Two ranks train a duel together: rank 0 alone writes the run folder (world_size 2 in
// config.json), both return the same summary, and a resume with one process is refused.
TEST(Distributed, TwoRanksTrainOneRunFolder)
{
    if (!distributed_available())
        GTEST_SKIP() << no_distributed_message();
    const fs::path dir =
        fs::temp_directory_path() / ("resdense-dist-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    RunConfig config = testing_support::tiny();
    config.threads = 1;
    const int port = free_port();
    RunSummary summaries[2];
    on_ranks(2, [&](int r) {
        TrainSink quiet;
        summaries[r] = train(config, (dir / ("rank" + std::to_string(r))).string(), quiet,
                             rank_options(r, 2, port));
    });
    EXPECT_TRUE(fs::exists(dir / "rank0" / "summary.json"));
    EXPECT_FALSE(fs::exists(dir / "rank1"));
    EXPECT_EQ(read_run_config((dir / "rank0").string()).world_size, 2);
    for (std::size_t s = 0; s < summaries[0].slots.size(); ++s) {
        EXPECT_TRUE(summaries[0].completed);
        EXPECT_EQ(summaries[0].slots[s].test_accuracy, summaries[1].slots[s].test_accuracy);
        EXPECT_EQ(summaries[0].slots[s].best_val_accuracy, summaries[1].slots[s].best_val_accuracy);
    }
    TrainSink quiet;
    try {
        resume((dir / "rank0").string(), quiet);
        ADD_FAILURE() << "a one-process resume of a two-process run was not refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("--nproc 2"), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}
