// Data path speed: how long Fashion-MNIST takes to load from the .gz files, and how fast the
// batch loader delivers augmented batches compared with how fast ResNet-20 trains on them.
// Usage: data_bench [DATASET] [THREADS]   (default fashion-mnist, all cores)
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset_store.h"
#include "models/net.h"
#include "resdense/build_info.h"

using namespace resdense;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

int main(int argc, char** argv)
{
    DatasetOptions options;
    options.spec = argc > 1 ? argv[1] : "fashion-mnist";
    const int threads = set_threads(argc > 2 ? std::atoi(argv[2]) : 0);

    std::vector<double> loads;
    Dataset data;
    for (int i = 0; i < 3; ++i) {
        const auto t = Clock::now();
        data = load_dataset(options);
        loads.push_back(seconds_since(t));
    }
    std::sort(loads.begin(), loads.end());
    std::printf("dataset %s: %lld train images, load median %.3f s (min %.3f, max %.3f)\n",
                options.spec.c_str(), static_cast<long long>(data.train.size()), loads[1], loads[0],
                loads[2]);

    LoaderOptions lo;
    lo.batch_size = 128;
    lo.augment.crop_padding = 2;
    lo.augment.hflip = true;
    lo.mean = data.info.mean;
    lo.std = data.info.std;
    lo.channels_last = true;
    BatchLoader loader(data.train, lo);
    loader.start_epoch(0);
    std::int64_t images = 0;
    const auto t = Clock::now();
    while (auto batch = loader.next())
        images += batch->labels.size(0);
    const double loader_rate = static_cast<double>(images) / seconds_since(t);
    std::printf("loader (crop+flip+normalise, channels-last, batch 128): %.0f images/s\n",
                loader_rate);

    ModelSpec spec = model_spec("resnet20");
    spec.in_channels = data.info.channels;
    spec.num_classes = static_cast<int>(data.info.classes.size());
    spec.channels_last = true;
    Net net = make_model(spec);
    net->train();
    torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    loader.start_epoch(1);
    std::int64_t trained = 0;
    Clock::time_point start;
    for (int step = 0; step < 25; ++step) {
        auto batch = loader.next();
        if (step == 5)
            start = Clock::now(); // after warm-up
        sgd.zero_grad();
        auto loss = torch::cross_entropy_loss(net->forward(batch->images), batch->labels);
        loss.backward();
        sgd.step();
        if (step >= 5)
            trained += batch->labels.size(0);
    }
    const double train_rate = static_cast<double>(trained) / seconds_since(start);
    std::printf("resnet20 train step (fp32, channels-last, %d threads): %.0f images/s\n", threads,
                train_rate);
    std::printf("loader / training speed: %.1fx\n", loader_rate / train_rate);
    return 0;
}
