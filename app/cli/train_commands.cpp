#include <array>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/model_options.h"
#include "cli/progress_sink.h"
#include "resdense/distributed.h"
#include "resdense/error.h"
#include "resdense/experiments.h"
#include "resdense/repeats.h"
#include "resdense/run_record.h"
#include "resdense/run_statistics.h"
#include "resdense/trainer.h"

namespace resdense::cli {
namespace {

constexpr const char* kPretrainedHelp =
    "Start from FILE (a torch.save state dict or a ResDense checkpoint of the same architecture) "
    "or 'imagenet' (torchvision's weights in $TORCH_HOME/hub/checkpoints; nothing is "
    "downloaded); a new classifier when the class count differs";

// Data-parallel flags of train, duel and resume (docs/distributed.md).
void add_launch_flags(CLI::App& cmd, LaunchOptions& launch)
{
    cmd.add_option("--nproc", launch.nproc,
                   "Train data-parallel with N worker processes on this machine (each takes its "
                   "share of every batch; Gloo over c10d)")
        ->check(CLI::Range(1, 1024));
    cmd.add_option("--nnodes", launch.nnodes, "Machines taking part (each runs this command)")
        ->check(CLI::Range(1, 4096));
    cmd.add_option("--node-rank", launch.node_rank, "This machine's number, 0 to nnodes - 1")
        ->check(CLI::Range(0, 4095));
    cmd.add_option("--master-addr", launch.master_addr,
                   "Address of node 0, where rank 0 holds the rendezvous (default 127.0.0.1)");
    cmd.add_option("--master-port", launch.master_port,
                   "Rendezvous port on node 0 (default: a free port; needed with --nnodes)")
        ->check(CLI::Range(1, 65535));
    cmd.add_option("--dist-timeout", launch.timeout_seconds,
                   "Seconds to wait for the other processes: at the rendezvous and in each "
                   "collective (a dead peer is named sooner)")
        ->check(CLI::Range(1.0, 86400.0))
        ->capture_default_str();
}

bool launching(const LaunchOptions& launch)
{
    return launch.nproc > 1 || launch.nnodes > 1;
}

// This process as a worker (its environment says so: RANK, WORLD_SIZE, ...), or nullopt.
std::optional<DistributedOptions> worker_environment()
{
    auto dist = distributed_from_environment();
    if (dist && !distributed_available())
        throw Error(no_distributed_message());
    return dist;
}

// Starts this very command again as the workers of this node, and waits for them.
int launch_here(const LaunchOptions& launch)
{
    if (!distributed_available())
        throw Error(no_distributed_message());
    return launch_workers(launch, self_program(), self_arguments());
}

// Flags shared by train and duel: data, schedule, optimizer, and the run folder.
struct TrainArgs {
    RunConfig run;
    std::string optimizer = "sgd", schedule = "onecycle", precision = "auto";
    OptimizerConfig opt;
    std::optional<double> weight_decay; // unset: the model family's recipe (default_slot)
    ScheduleConfig sched;
    double label_smoothing = 0.0, clip = 0.0;
    std::string freeze = "none";
    double head_lr_mult = 1.0;
    bool no_channels_last = false;
    std::string out;
    bool json = false;
    LaunchOptions launch;
    const CLI::App* cmd = nullptr;

    void add_to(CLI::App& app)
    {
        cmd = &app;
        add_to_command(app);
    }

    // Whether the user gave the flag (not just its default).
    bool given(const std::string& flag) const { return cmd->count(flag) > 0; }

    void add_to_command(CLI::App& cmd)
    {
        add_dataset_flags(cmd, run.dataset);
        add_input_flags(cmd, run.input);
        add_augment_flags(cmd, run.augment);
        cmd.add_option("-e,--epochs", run.epochs, "Epochs")
            ->check(CLI::Range(1, 100000))
            ->capture_default_str();
        cmd.add_option("-b,--batch-size", run.batch_size, "Batch size")
            ->check(CLI::Range(1, 65536))
            ->capture_default_str();
        cmd.add_option("--threads", run.threads, "CPU threads (0: all cores)")
            ->capture_default_str();
        cmd.add_option("--val-every", run.val_every,
                       "Also check validation after every N batches of an epoch, on a fixed "
                       "subset (0: only at epoch ends)")
            ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000}))
            ->capture_default_str();
        cmd.add_option("--val-subset", run.val_subset,
                       "Validation images in those checks (a fixed stratified subset; 0: all)")
            ->check(CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}))
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
        cmd.add_option("--weight-decay", weight_decay,
                       "Weight decay (default: 5e-4 for ResNets, 1e-4 for DenseNets)");
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
        cmd.add_option("--freeze", freeze,
                       "What stays as it starts: none, backbone (only the classifier trains: a "
                       "linear probe) or stages:K (the stem and the first K stages)")
            ->capture_default_str();
        cmd.add_option("--head-lr-mult", head_lr_mult,
                       "The classifier's learning rate, times the others'")
            ->check(CLI::Range(1e-6, 1000.0))
            ->capture_default_str();
        cmd.add_option("-o,--out", out, "Run folder to create (default runs/<date>-<time>)");
        cmd.add_flag("--json", json, "Print the run summary as JSON at the end");
        add_launch_flags(cmd, launch);
    }

    SlotConfig slot(const std::string& name, const ModelSpec& model) const
    {
        SlotConfig s = default_slot(name, model);
        const double decay = weight_decay.value_or(s.optimizer.weight_decay);
        s.optimizer = opt;
        s.optimizer.weight_decay = decay;
        s.optimizer.kind = parse_optimizer(optimizer);
        s.schedule = sched;
        s.schedule.kind = parse_schedule(schedule);
        s.label_smoothing = label_smoothing;
        s.clip_grad_norm = clip;
        s.freeze = freeze;
        s.head_lr_mult = head_lr_mult;
        return s;
    }

    // A recipe (resdense/experiments.h) with the flags the user gave laid over it.
    RunConfig recipe_config(const std::string& name) const
    {
        RunConfig r = recipe(name, given("--dataset") ? run.dataset.spec : "");
        const RunConfig c = config();
        auto& d = r.dataset;
        if (given("--val-fraction"))
            d.val_fraction = c.dataset.val_fraction;
        if (given("--seed"))
            d.seed = r.seed = c.seed;
        if (given("--channels"))
            d.channels = c.dataset.channels;
        if (given("--image-size"))
            d.image_size = c.dataset.image_size;
        if (given("--limit"))
            d.limit = c.dataset.limit;
        if (given("--test-limit"))
            d.test_limit = c.dataset.test_limit;
        if (given("--resize"))
            r.input.resize = c.input.resize;
        if (given("--crop"))
            r.input.crop = c.input.crop;
        if (given("--random-crop"))
            r.input.random_crop = c.input.random_crop;
        if (given("--normalize"))
            r.input.normalize = c.input.normalize;
        if (given("--crop-padding") || given("--hflip") || given("--vflip") || given("--erase"))
            r.augment = c.augment;
        if (given("--epochs"))
            r.epochs = c.epochs;
        if (given("--batch-size"))
            r.batch_size = c.batch_size;
        if (given("--threads"))
            r.threads = c.threads;
        if (given("--val-every"))
            r.val_every = c.val_every;
        if (given("--val-subset"))
            r.val_subset = c.val_subset;
        if (given("--device"))
            r.device = c.device;
        if (given("--precision"))
            r.precision = c.precision;
        if (given("--no-channels-last"))
            r.channels_last = c.channels_last;
        for (auto& s : r.slots)
            overlay_slot(s);
        return r;
    }

    void overlay_slot(SlotConfig& s) const
    {
        const SlotConfig f = slot(s.name, s.model);
        if (given("--optimizer"))
            s.optimizer.kind = f.optimizer.kind;
        if (given("--lr"))
            s.optimizer.lr = f.optimizer.lr;
        if (given("--momentum"))
            s.optimizer.momentum = f.optimizer.momentum;
        if (given("--nesterov"))
            s.optimizer.nesterov = f.optimizer.nesterov;
        if (given("--weight-decay"))
            s.optimizer.weight_decay = f.optimizer.weight_decay;
        if (given("--decay-norm-bias"))
            s.optimizer.decay_norm_and_bias = f.optimizer.decay_norm_and_bias;
        if (given("--schedule") || given("--warmup") || given("--milestones") || given("--gamma"))
            s.schedule = f.schedule;
        if (given("--label-smoothing"))
            s.label_smoothing = f.label_smoothing;
        if (given("--clip-grad"))
            s.clip_grad_norm = f.clip_grad_norm;
        if (given("--freeze"))
            s.freeze = f.freeze;
        if (given("--head-lr-mult"))
            s.head_lr_mult = f.head_lr_mult;
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

std::string default_run_dir(const RunConfig& config)
{
    return "runs/" + run_folder_name(config, std::time(nullptr));
}

int finish(const RunSummary& s, bool json)
{
    if (json)
        std::cout << to_json(s) << std::endl;
    return 0;
}

int run_training(const RunConfig& config, const std::string& out, bool json,
                 const LaunchOptions& launch)
{
    if (const auto dist = worker_environment()) {
        const std::string dir = out.empty() ? default_run_dir(config) : out;
        if (dist->rank != 0) { // quiet: rank 0 reports, writes and decides when to stop
            std::signal(SIGINT, SIG_IGN);
            TrainSink quiet;
            train(config, dir, quiet, *dist);
            return 0;
        }
        ProgressSink::install_interrupt_handler();
        ProgressSink sink(config.epochs);
        return finish(train(config, dir, sink, *dist), json);
    }
    if (launching(launch))
        return launch_here(launch);
    ProgressSink::install_interrupt_handler();
    ProgressSink sink(config.epochs);
    return finish(train(config, out.empty() ? default_run_dir(config) : out, sink), json);
}

// Each seed's duel in turn (DIR/seed-<s>/), then the statistics across them.
int run_repeats_and_compare(const std::string& dir, bool json)
{
    ProgressSink::install_interrupt_handler();
    const Repeats plan = *read_repeats(dir);
    const std::vector<std::string> done =
        run_repeats(dir, [&](std::uint64_t seed, std::size_t index) {
            std::cout << "repeat " << index + 1 << " of " << plan.seeds.size() << ": seed " << seed
                      << " -> " << repeat_folder(dir, seed) << std::endl;
            return std::make_unique<ProgressSink>(plan.config.epochs);
        });
    if (done.size() < plan.seeds.size()) {
        std::cout << "stopped; continue all repeats with: resdense resume " << dir << std::endl;
        return 0;
    }
    const StatisticsReport report = compare_runs(done);
    if (json) {
        std::cout << to_json(report) << std::endl;
        return 0;
    }
    for (const auto& d : report.runs)
        std::cout << d.run_dir << ": " << verdict_sentence(d.verdict) << '\n';
    if (report.verdict)
        std::cout << "across " << done.size() << " seeds: " << verdict_sentence(*report.verdict)
                  << " (resdense stats " << dir << "/seed-* for the details)" << std::endl;
    return 0;
}

} // namespace

void add_train_commands(CLI::App& app, Runner& run)
{
    {
        auto args = std::make_shared<TrainArgs>();
        auto model = std::make_shared<std::string>();
        auto pretrained = std::make_shared<std::string>();
        auto* cmd = app.add_subcommand("train", "Train one model and write a run folder");
        cmd->add_option("-m,--model", *model,
                        "Model: NAME or NAME:key=value,... (e.g. densenet-bc:depth=40)")
            ->required();
        cmd->add_option("--pretrained", *pretrained, kPretrainedHelp);
        args->add_to(*cmd);
        cmd->callback([args, model, pretrained, &run] {
            run = [args, model, pretrained] {
                RunConfig c = args->config();
                c.slots = {args->slot("a", parse_model_arg(*model))};
                c.slots[0].pretrained.source = *pretrained;
                return run_training(c, args->out, args->json, args->launch);
            };
        });
    }
    {
        auto args = std::make_shared<TrainArgs>();
        const RunConfig defaults = default_experiment();
        auto a = std::make_shared<std::string>(defaults.slots[0].model.preset),
             b = std::make_shared<std::string>(defaults.slots[1].model.preset);
        auto lr_a = std::make_shared<std::optional<double>>(),
             lr_b = std::make_shared<std::optional<double>>();
        auto pretrained_a = std::make_shared<std::string>(),
             pretrained_b = std::make_shared<std::string>();
        auto freeze_a = std::make_shared<std::string>(), freeze_b = std::make_shared<std::string>();
        auto mult_a = std::make_shared<std::optional<double>>(),
             mult_b = std::make_shared<std::optional<double>>();
        auto recipe_name = std::make_shared<std::string>();
        auto seeds = std::make_shared<std::vector<std::uint64_t>>();
        auto* cmd =
            app.add_subcommand("duel", "Train two models side by side on the very same batches");
        cmd->add_option("--a", *a, "Model A: NAME or NAME:key=value,...")->capture_default_str();
        cmd->add_option("--b", *b, "Model B: NAME or NAME:key=value,...")->capture_default_str();
        cmd->add_option("--a-lr", *lr_a, "Learning rate of model A (default --lr)");
        cmd->add_option("--b-lr", *lr_b, "Learning rate of model B (default --lr)");
        cmd->add_option("--a-pretrained", *pretrained_a,
                        "Model A starts from FILE or 'imagenet' (as train --pretrained)");
        cmd->add_option("--b-pretrained", *pretrained_b,
                        "Model B starts from FILE or 'imagenet' (as train --pretrained)");
        cmd->add_option("--a-freeze", *freeze_a, "Model A: none, backbone or stages:K (--freeze)");
        cmd->add_option("--b-freeze", *freeze_b, "Model B: none, backbone or stages:K (--freeze)");
        cmd->add_option("--a-head-lr-mult", *mult_a, "Model A's classifier learning-rate multiple");
        cmd->add_option("--b-head-lr-mult", *mult_b, "Model B's classifier learning-rate multiple");
        cmd->add_option("--recipe", *recipe_name,
                        "Start from a named experiment: default, tutorial (pretrained resnet18 "
                        "against densenet121 at 224 px, SGD lr 0.001, batch 64, 10 epochs) or "
                        "tutorial-probe (the same with frozen backbones); the flags given "
                        "change it")
            ->check(CLI::IsMember(recipe_names()));
        cmd->add_option("--seeds", *seeds,
                        "Repeat the duel once per seed (e.g. 0,1,2) into OUT/seed-<s>/ and "
                        "compare them (resumable as a whole)")
            ->delimiter(',');
        args->add_to(*cmd);
        struct PerSlot {
            std::shared_ptr<std::string> model, pretrained, freeze;
            std::shared_ptr<std::optional<double>> lr, mult;
            const char* flag; // "--a" or "--b"
        };
        const std::array<PerSlot, 2> per{PerSlot{a, pretrained_a, freeze_a, lr_a, mult_a, "--a"},
                                         PerSlot{b, pretrained_b, freeze_b, lr_b, mult_b, "--b"}};
        cmd->callback([args, per, recipe_name, seeds, &run] {
            run = [args, per, recipe_name, seeds] {
                RunConfig c = args->config();
                if (recipe_name->empty())
                    c.slots = {args->slot("a", parse_model_arg(*per[0].model)),
                               args->slot("b", parse_model_arg(*per[1].model))};
                else
                    c = args->recipe_config(*recipe_name);
                for (std::size_t i = 0; i < 2; ++i) {
                    SlotConfig& s = c.slots[i];
                    const PerSlot& p = per[i];
                    if (!recipe_name->empty() && args->given(p.flag))
                        s.model = parse_model_arg(*p.model);
                    if (*p.lr)
                        s.optimizer.lr = **p.lr;
                    if (!p.pretrained->empty() || recipe_name->empty())
                        s.pretrained.source = *p.pretrained;
                    if (!p.freeze->empty())
                        s.freeze = *p.freeze;
                    if (*p.mult)
                        s.head_lr_mult = **p.mult;
                }
                if (!seeds->empty()) {
                    if (launching(args->launch) || distributed_from_environment())
                        throw Error("--seeds does not combine with data-parallel training yet: "
                                    "run each seed's duel with --nproc on its own");
                    const std::string dir = args->out.empty() ? default_run_dir(c) : args->out;
                    create_repeats(dir, {c, *seeds});
                    return run_repeats_and_compare(dir, args->json);
                }
                return run_training(c, args->out, args->json, args->launch);
            };
        });
    }
    {
        auto dir = std::make_shared<std::string>();
        auto json = std::make_shared<bool>(false);
        auto launch = std::make_shared<LaunchOptions>();
        auto* cmd = app.add_subcommand("resume",
                                       "Continue a stopped or killed run from its last checkpoint");
        cmd->add_option("run", *dir, "The run folder")->required()->check(CLI::ExistingDirectory);
        cmd->add_flag("--json", *json, "Print the run summary as JSON at the end");
        add_launch_flags(*cmd, *launch);
        cmd->callback([dir, json, launch, cmd, &run] {
            const bool asked = cmd->count("--nproc") > 0 || cmd->count("--nnodes") > 0;
            run = [dir, json, launch, asked] {
                if (const auto dist = worker_environment()) {
                    if (dist->rank != 0) { // only rank 0 reads the run folder
                        std::signal(SIGINT, SIG_IGN);
                        TrainSink quiet;
                        resume(*dir, quiet, *dist);
                        return 0;
                    }
                    ProgressSink::install_interrupt_handler();
                    ProgressSink sink(read_run_config(*dir).epochs);
                    return finish(resume(*dir, sink, *dist), *json);
                }
                if (read_repeats(*dir)) {
                    if (launching(*launch))
                        throw Error("--nproc does not apply to repeats");
                    return run_repeats_and_compare(*dir, *json);
                }
                const RunConfig config = read_run_config(*dir);
                if (asked) {
                    const int processes = launch->nproc * launch->nnodes;
                    if (processes != config.world_size)
                        throw Error(*dir + ": this run was trained by " +
                                    std::to_string(config.world_size) +
                                    " processes; resume it with as many (nnodes × nproc), not " +
                                    std::to_string(processes) +
                                    ": batch-norm statistics are kept per process");
                    if (processes > 1)
                        return launch_here(*launch);
                }
                if (config.world_size > 1) { // as many local workers as trained it
                    LaunchOptions local = *launch;
                    local.nproc = config.world_size;
                    std::cerr << "resdense: this run was trained by " << config.world_size
                              << " processes; resuming it with --nproc " << config.world_size
                              << std::endl;
                    return launch_here(local);
                }
                ProgressSink::install_interrupt_handler();
                ProgressSink sink(config.epochs);
                return finish(resume(*dir, sink), *json);
            };
        });
    }
}

} // namespace resdense::cli
