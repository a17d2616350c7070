#include <iomanip>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/format.h"
#include "resdense/dataset.h"

namespace resdense::cli {
namespace {

nlohmann::json split_json(const SplitInfo& s)
{
    return {{"count", s.count}, {"per_class", s.per_class}};
}

void print_info(const DatasetInfo& d)
{
    std::cout << d.name << " (" << d.source << ")\n"
              << "  images      " << d.channels << "x" << d.height << "x" << d.width << ", "
              << d.classes.size() << " classes\n"
              << "  train       " << grouped(d.train.count) << "\n"
              << "  validation  " << grouped(d.val.count) << "\n"
              << "  test        " << grouped(d.test.count) << "\n"
              << std::fixed << std::setprecision(4) << "  mean        ";
    for (double m : d.mean)
        std::cout << m << ' ';
    std::cout << "\n  std         ";
    for (double s : d.std)
        std::cout << s << ' ';
    std::cout << std::setprecision(2) << "\n  loaded in   " << d.load_seconds << " s\n";
    if (d.skipped_files > 0) {
        std::cout << "  skipped     " << d.skipped_files << " unreadable files, e.g.\n";
        for (const auto& why : d.skipped_examples)
            std::cout << "              " << why << '\n';
    }
    std::cout << "\n  " << std::left << std::setw(24) << "class" << std::right << std::setw(10)
              << "train" << std::setw(10) << "val" << std::setw(10) << "test" << '\n';
    for (std::size_t c = 0; c < d.classes.size(); ++c)
        std::cout << "  " << std::left << std::setw(24) << d.classes[c].substr(0, 23) << std::right
                  << std::setw(10) << d.train.per_class[c] << std::setw(10) << d.val.per_class[c]
                  << std::setw(10) << d.test.per_class[c] << '\n';
}

} // namespace

void add_data_commands(CLI::App& app, Runner& run)
{
    auto* data =
        app.add_subcommand("data", "Inspect datasets: counts, statistics, augmented previews");
    data->require_subcommand(1);
    {
        struct Args {
            DatasetOptions dataset;
            bool json = false;
        };
        auto args = std::make_shared<Args>();
        auto* cmd = data->add_subcommand(
            "info", "Counts per split and class, image shape, mean/std, load time");
        add_dataset_flags(*cmd, args->dataset);
        cmd->add_flag("--json", args->json, "Print one JSON object");
        cmd->callback([args, &run] {
            run = [args] {
                const DatasetInfo d = dataset_info(args->dataset);
                if (!args->json) {
                    print_info(d);
                    return 0;
                }
                nlohmann::json j = {{"name", d.name},
                                    {"source", d.source},
                                    {"classes", d.classes},
                                    {"channels", d.channels},
                                    {"height", d.height},
                                    {"width", d.width},
                                    {"train", split_json(d.train)},
                                    {"val", split_json(d.val)},
                                    {"test", split_json(d.test)},
                                    {"mean", d.mean},
                                    {"std", d.std},
                                    {"load_seconds", d.load_seconds},
                                    {"skipped_files", d.skipped_files},
                                    {"skipped_examples", d.skipped_examples}};
                std::cout << j.dump(2) << '\n';
                return 0;
            };
        });
    }
    {
        struct Args {
            DatasetOptions dataset;
            AugmentOptions augment;
            std::string out;
            int count = 40;
        };
        auto args = std::make_shared<Args>();
        auto* cmd = data->add_subcommand("preview",
                                         "Write a grid of augmented training images with labels");
        add_dataset_flags(*cmd, args->dataset);
        add_augment_flags(*cmd, args->augment);
        cmd->add_option("-o,--out", args->out, "Image to write (.png, .jpg, ...)")->required();
        cmd->add_option("-n,--count", args->count, "How many images")
            ->check(CLI::Range(1, 1024))
            ->capture_default_str();
        cmd->callback([args, &run] {
            run = [args] {
                write_preview(args->dataset, args->augment, args->out, args->count);
                std::cout << "wrote " << args->out << '\n';
                return 0;
            };
        });
    }
}

} // namespace resdense::cli
