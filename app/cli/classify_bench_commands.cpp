#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/format.h"
#include "cli/model_options.h"
#include "resdense/benchmark.h"
#include "resdense/build_info.h"
#include "resdense/classifier.h"
#include "resdense/error.h"
#include "resdense/norm_tuning.h"

namespace resdense::cli {
namespace fs = std::filesystem;
namespace {

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The files to classify: each argument, or every regular file in it when it is a folder.
std::vector<std::string> expand(const std::vector<std::string>& inputs, bool& had_folder)
{
    std::vector<std::string> files;
    for (const auto& in : inputs) {
        if (fs::is_directory(in)) {
            had_folder = true;
            std::vector<std::string> found;
            for (const auto& e : fs::recursive_directory_iterator(in))
                if (e.is_regular_file())
                    found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(in);
        }
    }
    return files;
}

// classify --cam: the map and overlay next to the others, named after the image file.
void write_cams(Prediction& p, const std::string& file, const std::string& dir)
{
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    try {
        write_cam_files(p, bytes, dir, fs::path(file).stem().string());
    } catch (const Error& e) {
        p.ok = false;
        p.error = e.what();
    }
}

// bench --explain: the per-machine tuning of the fused batch norm, one line per shape.
void print_norm_tuning(std::ostream& out)
{
    out << "batch norm + ReLU: " << norm_tuning_summary() << '\n';
    const auto choices = norm_tuning_choices();
    if (choices.empty()) {
        out << "  no shape reached the choice (NCHW, or not training)\n";
        return;
    }
    out << "  " << std::left << std::setw(38) << "shape" << std::setw(10) << "runs" << std::right
        << std::setw(10) << "fused ms" << std::setw(13) << "LibTorch ms"
        << "  from\n";
    for (const auto& c : choices) {
        out << "  " << std::left << std::setw(38) << c.shape << std::setw(10)
            << (c.fused ? "fused" : "LibTorch") << std::right << std::fixed << std::setprecision(3);
        if (c.fused_ms > 0 || c.separate_ms > 0)
            out << std::setw(10) << c.fused_ms << std::setw(13) << c.separate_ms;
        else
            out << std::setw(10) << "-" << std::setw(13) << "-";
        out << "  " << c.source << '\n';
    }
}

nlohmann::json norm_tuning_json()
{
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& c : norm_tuning_choices())
        choices.push_back({{"shape", c.shape},
                           {"fused", c.fused},
                           {"fused_ms", c.fused_ms},
                           {"separate_ms", c.separate_ms},
                           {"source", c.source}});
    return {{"summary", norm_tuning_summary()}, {"choices", choices}};
}

} // namespace

void add_classify_and_bench_commands(CLI::App& app, Runner& run)
{
    {
        struct Args {
            std::string checkpoint;
            std::vector<std::string> inputs;
            int topk = 5;
            bool json = false;
            std::string cam_dir;
            int threads = 0;
        };
        auto args = std::make_shared<Args>();
        auto* cmd = app.add_subcommand(
            "classify", "Classify image files (a folder gives CSV) with a trained model");
        cmd->add_option("-c,--checkpoint", args->checkpoint,
                        "A checkpoint, e.g. runs/x/models/a-best.pt")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("images", args->inputs, "Image files or folders")->required();
        cmd->add_option("-k,--topk", args->topk, "How many classes to show")
            ->check(CLI::Range(1, 1000))
            ->capture_default_str();
        cmd->add_flag("--json", args->json, "One JSON object per image, as a JSON array");
        cmd->add_option("--cam", args->cam_dir,
                        "Write each image's Grad-CAM for its top class into this folder: "
                        "<stem>.cam.csv (the map) and <stem>.cam.png (overlay)");
        cmd->add_option("--threads", args->threads, "CPU threads (0: all cores)")
            ->check(CLI::Range(0, 1024))
            ->capture_default_str();
        cmd->callback([args, &run] {
            run = [args] {
                set_threads(args->threads);
                const auto classifier = Classifier::load(args->checkpoint);
                bool folder = false;
                const auto files = expand(args->inputs, folder);
                int failures = 0;
                nlohmann::json all = nlohmann::json::array();
                if (folder && !args->json) {
                    std::cout << "file,ok";
                    for (int i = 1; i <= args->topk; ++i)
                        std::cout << ",label" << i << ",probability" << i;
                    std::cout << ",error\n";
                }
                for (const auto& file : files) {
                    const bool explain = !args->cam_dir.empty();
                    Prediction p = classifier->classify_file(file, args->topk, explain);
                    if (explain && p.ok)
                        write_cams(p, file, args->cam_dir);
                    failures += p.ok ? 0 : 1;
                    if (args->json) {
                        nlohmann::json top = nlohmann::json::array();
                        for (const auto& s : p.top)
                            top.push_back({{"index", s.index},
                                           {"label", s.label},
                                           {"probability", s.probability}});
                        all.push_back({{"file", file},
                                       {"ok", p.ok},
                                       {"error", p.error},
                                       {"top", top},
                                       {"milliseconds", p.milliseconds}});
                    } else if (folder) {
                        std::cout << csv_field(file) << "," << (p.ok ? 1 : 0);
                        for (int i = 0; i < args->topk; ++i)
                            if (i < static_cast<int>(p.top.size()))
                                std::cout << "," << csv_field(p.top[i].label) << ","
                                          << p.top[i].probability;
                            else
                                std::cout << ",,";
                        std::cout << "," << csv_field(p.error) << "\n";
                    } else if (!p.ok) {
                        std::cerr << "resdense: " << file << ": " << p.error << '\n';
                    } else {
                        std::cout << file << " (" << std::fixed << std::setprecision(1)
                                  << p.milliseconds << " ms)\n";
                        for (const auto& s : p.top)
                            std::cout << "  " << std::setw(6) << std::setprecision(2)
                                      << 100.0 * s.probability << "%  " << s.label << '\n';
                    }
                }
                if (args->json)
                    std::cout << all.dump(2) << '\n';
                return failures == 0 ? 0 : 1;
            };
        });
    }
    {
        struct Args {
            ModelOptions model;
            BenchConfig bench;
            std::string precision = "auto";
            bool no_channels_last = false;
            bool json = false;
            bool explain = false;
        };
        auto args = std::make_shared<Args>();
        args->model.in_channels = 1;
        args->model.classes = 10;
        auto* cmd =
            app.add_subcommand("bench", "Train-step and inference throughput on random data");
        args->model.add_to(*cmd);
        cmd->add_option("--image-size", args->bench.image_size, "Image side in pixels")
            ->capture_default_str();
        cmd->add_option("-b,--batch-size", args->bench.batch_size, "Batch size")
            ->capture_default_str();
        cmd->add_option("--steps", args->bench.steps, "Timed steps")
            ->check(CLI::Range(1, 100000))
            ->capture_default_str();
        cmd->add_option("--warmup", args->bench.warmup, "Untimed steps first")
            ->capture_default_str();
        cmd->add_option("--threads", args->bench.threads, "CPU threads (0: all cores)")
            ->capture_default_str();
        cmd->add_option("--device", args->bench.device, "cpu or cuda")
            ->check(CLI::IsMember({"cpu", "cuda"}));
        cmd->add_option("--precision", args->precision, "auto, fp32 or bf16")
            ->check(CLI::IsMember({"auto", "fp32", "bf16"}));
        cmd->add_flag("--no-channels-last", args->no_channels_last, "NCHW memory format");
        cmd->add_flag("--json", args->json, "Print one JSON object");
        cmd->add_flag("--explain", args->explain,
                      "Also print what the per-machine tuning chose for each batch norm shape "
                      "(fused kernel or LibTorch's layers) and why");
        cmd->callback([args, &run] {
            run = [args] {
                BenchConfig c = args->bench;
                c.model = args->model.spec();
                c.precision = parse_precision(args->precision);
                c.channels_last = !args->no_channels_last;
                const BenchResult r = benchmark(c);
                if (args->json) {
                    std::cout
                        << nlohmann::json{{"model", c.model.preset},
                                          {"batch_size", c.batch_size},
                                          {"image_size", c.image_size},
                                          {"precision", r.precision},
                                          {"channels_last", c.channels_last},
                                          {"threads", r.threads},
                                          {"train_images_per_second", r.train_images_per_second},
                                          {"infer_images_per_second", r.infer_images_per_second},
                                          {"train_step_ms", r.train_step_ms},
                                          {"peak_memory_bytes", r.peak_memory_bytes},
                                          {"norm_tuning", norm_tuning_json()}}
                               .dump(2)
                        << '\n';
                } else {
                    std::cout << c.model.preset << ", batch " << c.batch_size << ", "
                              << c.image_size << " px, " << r.precision
                              << (c.channels_last ? ", channels-last" : ", NCHW") << ", "
                              << r.threads << " threads\n"
                              << "  train      " << std::fixed << std::setprecision(0)
                              << r.train_images_per_second << " images/s (" << std::setprecision(1)
                              << r.train_step_ms << " ms/step)\n"
                              << "  inference  " << std::setprecision(0)
                              << r.infer_images_per_second << " images/s\n"
                              << "  peak RSS   " << bytes(r.peak_memory_bytes) << '\n';
                    if (args->explain)
                        print_norm_tuning(std::cout);
                }
                return 0;
            };
        });
    }
}

} // namespace resdense::cli
