#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/model_options.h"
#include "cli/progress_sink.h"
#include "resdense/error.h"
#include "resdense/trainer.h"

namespace resdense::cli {
namespace {

// Flags shared by train and duel: data, schedule, optimizer, and the run folder.
struct TrainArgs {
    RunConfig run;
    std::string optimizer = "sgd", schedule = "onecycle", precision = "auto";
    OptimizerConfig opt;
    ScheduleConfig sched;
    double label_smoothing = 0.0, clip = 0.0;
    bool no_channels_last = false;
    std::string out;
    bool json = false;

    void add_to(CLI::App& cmd)
    {
        add_dataset_flags(cmd, run.dataset);
        add_augment_flags(cmd, run.augment);
        cmd.add_option("-e,--epochs", run.epochs, "Epochs")
            ->check(CLI::Range(1, 100000))
            ->capture_default_str();
        cmd.add_option("-b,--batch-size", run.batch_size, "Batch size")
            ->check(CLI::Range(1, 65536))
            ->capture_default_str();
        cmd.add_option("--threads", run.threads, "CPU threads (0: all cores)")
            ->capture_default_str();
        cmd.add_option("--device", run.device, "cpu or cuda")
            ->check(CLI::IsMember({"cpu", "cuda"}))
            ->capture_default_str();
        cmd.add_option("--precision", precision,
                       "auto (bf16 where the hardware has it), fp32 or bf16")
            ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
            ->capture_default_str();
        cmd.add_flag("--no-channels-last", no_channels_last,
                     "Keep NCHW memory format (slower on CPU)");
        cmd.add_option("--optimizer", optimizer, "sgd, adam or adamw")
            ->check(CLI::IsMember({"sgd", "adam", "adamw"}))
            ->capture_default_str();
        cmd.add_option("--lr", opt.lr, "Peak learning rate")->capture_default_str();
        cmd.add_option("--momentum", opt.momentum, "SGD momentum")->capture_default_str();
        cmd.add_flag("--nesterov", opt.nesterov, "Nesterov momentum");
        cmd.add_option("--weight-decay", opt.weight_decay, "Weight decay")->capture_default_str();
        cmd.add_flag("--decay-norm-bias", opt.decay_norm_and_bias,
                     "Apply weight decay to norm weights and biases too");
        cmd.add_option("--schedule", schedule, "constant, multistep, cosine or onecycle")
            ->check(CLI::IsMember({"constant", "multistep", "cosine", "onecycle"}))
            ->capture_default_str();
        cmd.add_option("--warmup", sched.warmup_epochs, "Linear warm-up epochs (not for onecycle)");
        cmd.add_option("--milestones", sched.milestones, "multistep: epochs where lr *= gamma")
            ->delimiter(',');
        cmd.add_option("--gamma", sched.gamma, "multistep factor")->capture_default_str();
        cmd.add_option("--label-smoothing", label_smoothing, "Label smoothing in [0, 1)");
        cmd.add_option("--clip-grad", clip, "Clip the gradient norm to this value (0: off)");
        cmd.add_option("-o,--out", out, "Run folder to create (default runs/<date>-<time>)");
        cmd.add_flag("--json", json, "Print the run summary as JSON at the end");
    }

    SlotConfig slot(const std::string& name, const ModelSpec& model) const
    {
        SlotConfig s;
        s.name = name;
        s.model = model;
        s.optimizer = opt;
        s.optimizer.kind = parse_optimizer(optimizer);
        s.schedule = sched;
        s.schedule.kind = parse_schedule(schedule);
        s.label_smoothing = label_smoothing;
        s.clip_grad_norm = clip;
        return s;
    }

    RunConfig config() const
    {
        RunConfig c = run;
        c.seed = run.dataset.seed;
        c.precision = parse_precision(precision);
        c.channels_last = !no_channels_last;
        return c;
    }
};

std::string default_run_dir()
{
    const std::time_t now = std::time(nullptr);
    char buf[64];
    std::strftime(buf, sizeof buf, "runs/%Y%m%d-%H%M%S", std::localtime(&now));
    return buf;
}

int finish(const RunSummary& s, bool json)
{
    if (json)
        std::cout << to_json(s) << std::endl;
    return 0;
}

int run_training(const RunConfig& config, const std::string& out, bool json)
{
    ProgressSink::install_interrupt_handler();
    ProgressSink sink(config.epochs);
    return finish(train(config, out.empty() ? default_run_dir() : out, sink), json);
}

} // namespace

void add_train_commands(CLI::App& app, Runner& run)
{
    {
        auto args = std::make_shared<TrainArgs>();
        auto model = std::make_shared<std::string>();
        auto* cmd = app.add_subcommand("train", "Train one model and write a run folder");
        cmd->add_option("-m,--model", *model,
                        "Model: NAME or NAME:key=value,... (e.g. densenet-bc:depth=40)")
            ->required();
        args->add_to(*cmd);
        cmd->callback([args, model, &run] {
            run = [args, model] {
                RunConfig c = args->config();
                c.slots = {args->slot("a", parse_model_arg(*model))};
                return run_training(c, args->out, args->json);
            };
        });
    }
    {
        auto args = std::make_shared<TrainArgs>();
        auto a = std::make_shared<std::string>("resnet20"),
             b = std::make_shared<std::string>("densenet-bc:depth=40");
        auto lr_a = std::make_shared<std::optional<double>>(),
             lr_b = std::make_shared<std::optional<double>>();
        auto* cmd =
            app.add_subcommand("duel", "Train two models side by side on the very same batches");
        cmd->add_option("--a", *a, "Model A: NAME or NAME:key=value,...")->capture_default_str();
        cmd->add_option("--b", *b, "Model B: NAME or NAME:key=value,...")->capture_default_str();
        cmd->add_option("--a-lr", *lr_a, "Learning rate of model A (default --lr)");
        cmd->add_option("--b-lr", *lr_b, "Learning rate of model B (default --lr)");
        args->add_to(*cmd);
        cmd->callback([args, a, b, lr_a, lr_b, &run] {
            run = [args, a, b, lr_a, lr_b] {
                RunConfig c = args->config();
                c.slots = {args->slot("a", parse_model_arg(*a)),
                           args->slot("b", parse_model_arg(*b))};
                if (*lr_a)
                    c.slots[0].optimizer.lr = **lr_a;
                if (*lr_b)
                    c.slots[1].optimizer.lr = **lr_b;
                return run_training(c, args->out, args->json);
            };
        });
    }
    {
        auto dir = std::make_shared<std::string>();
        auto json = std::make_shared<bool>(false);
        auto* cmd = app.add_subcommand("resume",
                                       "Continue a stopped or killed run from its last checkpoint");
        cmd->add_option("run", *dir, "The run folder")->required()->check(CLI::ExistingDirectory);
        cmd->add_flag("--json", *json, "Print the run summary as JSON at the end");
        cmd->callback([dir, json, &run] {
            run = [dir, json] {
                ProgressSink::install_interrupt_handler();
                ProgressSink sink(read_run_config(*dir).epochs);
                return finish(resume(*dir, sink), *json);
            };
        });
    }
}

} // namespace resdense::cli
