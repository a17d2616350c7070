#include <iomanip>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/format.h"
#include "cli/model_options.h"
#include "resdense/model_summary.h"

namespace resdense::cli {
namespace {

struct SummaryArgs {
    std::vector<std::string> models;
    ModelOptions model;
    std::optional<int> image_size;
    bool json = false;
    bool layers = false;
};

int default_image_size(const ModelSpec& spec)
{
    return spec.stem == Stem::ImageNet && spec.family != Family::CifarResNet ? 224 : 32;
}

nlohmann::json to_json_object(const ModelSummary& s)
{
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& row : s.layers)
        layers.push_back({{"name", row.name},
                          {"type", row.type},
                          {"output", row.output},
                          {"params", row.params},
                          {"macs", row.macs}});
    return {{"model", s.spec.preset},
            {"description", describe(s.spec)},
            {"spec", nlohmann::json::parse(to_json(s.spec))},
            {"image_size", s.image_size},
            {"params", s.total_params},
            {"trainable_params", s.trainable_params},
            {"macs", s.macs},
            {"param_bytes", s.param_bytes},
            {"activation_bytes", s.activation_bytes},
            {"layers", layers}};
}

void print_layers(const ModelSummary& s)
{
    std::size_t name_w = 5;
    for (const auto& row : s.layers)
        name_w = std::max(name_w, row.name.size());
    std::cout << std::left << std::setw(static_cast<int>(name_w)) << "Layer"
              << "  " << std::setw(12) << "Type"
              << "  " << std::setw(14) << "Output" << std::right << std::setw(12) << "Params"
              << std::setw(16) << "MACs" << '\n';
    std::cout << std::string(name_w + 2 + 12 + 2 + 14 + 12 + 16, '-') << '\n';
    for (const auto& row : s.layers)
        std::cout << std::left << std::setw(static_cast<int>(name_w)) << row.name << "  "
                  << std::setw(12) << row.type << "  " << std::setw(14) << shape(row.output)
                  << std::right << std::setw(12) << grouped(row.params) << std::setw(16)
                  << grouped(row.macs) << '\n';
    std::cout << '\n';
}

void print_totals(const ModelSummary& s)
{
    std::cout << s.spec.preset << ": " << describe(s.spec) << '\n'
              << "  input              " << s.spec.in_channels << "x" << s.image_size << "x"
              << s.image_size << ", " << s.spec.num_classes << " classes\n"
              << "  parameters         " << grouped(s.total_params) << " ("
              << grouped(s.trainable_params) << " trainable, " << bytes(s.param_bytes) << ")\n"
              << "  MACs per image     " << grouped(s.macs) << " ("
              << scaled(static_cast<double>(s.macs)) << ")\n"
              << "  activations/image  " << bytes(s.activation_bytes) << " (fp32, estimate)\n";
}

void print_comparison(const std::vector<ModelSummary>& all)
{
    std::cout << std::left << std::setw(18) << "Model" << std::right << std::setw(14) << "Params"
              << std::setw(12) << "MACs" << std::setw(14) << "Activations" << std::setw(8)
              << "Layers"
              << "  Architecture\n";
    for (const auto& s : all)
        std::cout << std::left << std::setw(18) << s.spec.preset << std::right << std::setw(14)
                  << grouped(s.total_params) << std::setw(12) << scaled(static_cast<double>(s.macs))
                  << std::setw(14) << bytes(s.activation_bytes) << std::setw(8) << s.layers.size()
                  << "  " << describe(s.spec) << '\n';
}

} // namespace

void add_summary_command(CLI::App& app, Runner& run)
{
    auto args = std::make_shared<SummaryArgs>();
    auto* cmd = app.add_subcommand(
        "summary", "Parameters, MACs, memory and the per-layer table of one or more models");
    cmd->add_option("-m,--model", args->models,
                    "Model preset or family; repeat to compare (resdense summary -m resnet20 -m "
                    "densenet-bc-100)")
        ->required();
    args->model.add_to(*cmd, /*name_flag=*/false);
    cmd->add_option("--image-size", args->image_size,
                    "Input height and width in pixels (default 32, or 224 for ImageNet stems)")
        ->check(CLI::Range(1, 4096));
    cmd->add_flag("--json", args->json, "Print one JSON object (several: {\"models\": [...]})");
    cmd->add_flag("--layers", args->layers, "Print the per-layer tables also when comparing");
    cmd->callback([args, &run] {
        run = [args] {
            std::vector<ModelSummary> all;
            for (const auto& name : args->models) {
                const ModelSpec spec = args->model.spec(name);
                all.push_back(summarize(spec, args->image_size.value_or(default_image_size(spec))));
            }
            if (args->json) {
                if (all.size() == 1) {
                    std::cout << to_json_object(all.front()).dump(2) << '\n';
                } else {
                    nlohmann::json models = nlohmann::json::array();
                    for (const auto& s : all)
                        models.push_back(to_json_object(s));
                    std::cout << nlohmann::json{{"models", models}}.dump(2) << '\n';
                }
                return 0;
            }
            for (const auto& s : all) {
                if (all.size() == 1 || args->layers)
                    print_layers(s);
                print_totals(s);
                std::cout << '\n';
            }
            if (all.size() > 1)
                print_comparison(all);
            return 0;
        };
    });
}

} // namespace resdense::cli
