#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/format.h"
#include "cli/model_options.h"
#include "resdense/weights.h"

namespace resdense::cli {

void add_weights_commands(CLI::App& app, Runner& run)
{
    {
        struct Args {
            ModelOptions model;
            std::string weights, out;
        };
        auto args = std::make_shared<Args>();
        auto* cmd = app.add_subcommand(
            "import-torchvision", "Turn a torchvision state dict (torch.save(model.state_dict(), "
                                  "path)) into a ResDense checkpoint");
        cmd->add_option("--arch", args->model.model,
                        "Architecture preset, e.g. resnet18, densenet121")
            ->required();
        args->model.add_to(*cmd, /*name_flag=*/false);
        cmd->add_option("weights", args->weights, "The .pth file")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("-o,--out", args->out, "Checkpoint to write")->required();
        cmd->callback([args, &run] {
            run = [args] {
                const ModelSpec spec =
                    import_torchvision(args->model.spec(), args->weights, args->out,
                                       /*adapt_io=*/!args->model.io_given());
                std::cout << "imported " << args->weights << " as " << describe(spec) << ", "
                          << spec.in_channels << " input channels, " << spec.num_classes
                          << " classes -> " << args->out << '\n';
                return 0;
            };
        });
    }
    {
        struct Args {
            std::string checkpoint, out;
        };
        auto args = std::make_shared<Args>();
        auto* cmd =
            app.add_subcommand("export-torchvision", "Write a checkpoint's weights as a state dict "
                                                     "that torchvision's load_state_dict accepts");
        cmd->add_option("checkpoint", args->checkpoint, "A ResDense checkpoint")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("-o,--out", args->out, "The .pth file to write")->required();
        cmd->callback([args, &run] {
            run = [args] {
                export_torchvision(args->checkpoint, args->out);
                std::cout << "exported " << args->checkpoint << " -> " << args->out << '\n';
                return 0;
            };
        });
    }
    {
        auto path = std::make_shared<std::string>();
        auto* cmd = app.add_subcommand("inspect", "What a weights file or checkpoint holds");
        cmd->add_option("file", *path, "A ResDense checkpoint or a torch.save state dict")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->callback([path, &run] {
            run = [path] {
                const WeightsInfo info = inspect_weights(*path);
                if (info.is_checkpoint)
                    std::cout << *path << ": ResDense checkpoint of " << info.spec.preset << ", "
                              << describe(info.spec) << ", " << info.spec.in_channels
                              << " input channels, " << info.spec.num_classes << " classes\n";
                else
                    std::cout << *path << ": state dict\n";
                std::cout << "  " << info.tensors << " tensors, " << grouped(info.elements)
                          << " elements\n";
                return 0;
            };
        });
    }
}

} // namespace resdense::cli
