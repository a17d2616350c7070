#include <chrono>

#include <torch/torch.h>

#include "data/dataset_store.h"
#include "resdense/error.h"

namespace resdense {

Dataset load_dataset(const DatasetOptions& o)
{
    const auto start = std::chrono::steady_clock::now();
    LoadedSource src = load_source(o);
    const auto classes = static_cast<std::int64_t>(src.classes.size());

    Dataset d;
    d.train = stratified_subset(to_split(std::move(src.train)), o.limit, o.seed, classes);
    d.val = split_off_validation(d.train, o.val_fraction, o.seed, classes);
    d.test = stratified_subset(to_split(std::move(src.test)), o.test_limit, o.seed, classes);
    if (d.train.size() == 0)
        throw Error(src.source + ": no training images left after the validation split");

    DatasetInfo& info = d.info;
    info.name = src.name;
    info.source = src.source;
    info.classes = src.classes;
    info.channels = static_cast<int>(d.train.images.size(1));
    info.height = static_cast<int>(d.train.images.size(2));
    info.width = static_cast<int>(d.train.images.size(3));
    info.train = describe_split(d.train, classes);
    info.val = describe_split(d.val, classes);
    info.test = describe_split(d.test, classes);
    channel_stats(d.train, info.mean, info.std);
    info.skipped_files = src.skipped;
    info.skipped_examples = src.skipped_examples;
    info.load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return d;
}

DatasetInfo dataset_info(const DatasetOptions& options)
{
    try {
        return load_dataset(options).info;
    } catch (const c10::Error& e) {
        throw Error("dataset '" + options.spec + "': " + e.what_without_backtrace());
    }
}

} // namespace resdense
