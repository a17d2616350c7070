#include "resdense/run_config.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "resdense/metrics.h"

namespace resdense {
namespace {

template <typename Enum, std::size_t N>
Enum parse_name(const std::string& name, const std::pair<const char*, Enum> (&table)[N],
                const char* what)
{
    std::string valid;
    for (const auto& [n, value] : table) {
        if (name == n)
            return value;
        valid += (valid.empty() ? "" : ", ") + std::string(n);
    }
    throw Error(std::string("unknown ") + what + " '" + name + "'; valid: " + valid);
}

template <typename Enum, std::size_t N>
std::string name_of(Enum value, const std::pair<const char*, Enum> (&table)[N])
{
    for (const auto& [n, v] : table)
        if (v == value)
            return n;
    return "?";
}

constexpr std::pair<const char*, OptimizerKind> kOptimizers[] = {
    {"sgd", OptimizerKind::SGD}, {"adam", OptimizerKind::Adam}, {"adamw", OptimizerKind::AdamW}};
constexpr std::pair<const char*, ScheduleKind> kSchedules[] = {
    {"constant", ScheduleKind::Constant},
    {"multistep", ScheduleKind::MultiStep},
    {"cosine", ScheduleKind::Cosine},
    {"onecycle", ScheduleKind::OneCycle}};
constexpr std::pair<const char*, Precision> kPrecisions[] = {
    {"auto", Precision::Auto}, {"fp32", Precision::FP32}, {"bf16", Precision::BF16}};

} // namespace

std::string optimizer_name(OptimizerKind k)
{
    return name_of(k, kOptimizers);
}
std::string schedule_name(ScheduleKind k)
{
    return name_of(k, kSchedules);
}
std::string precision_name(Precision p)
{
    return name_of(p, kPrecisions);
}
OptimizerKind parse_optimizer(const std::string& n)
{
    return parse_name(n, kOptimizers, "optimizer");
}
ScheduleKind parse_schedule(const std::string& n)
{
    return parse_name(n, kSchedules, "schedule");
}
Precision parse_precision(const std::string& n)
{
    return parse_name(n, kPrecisions, "precision");
}

namespace {

// A value as the messages print it: "0.1", "1e-05", "100".
std::string num(double v)
{
    std::ostringstream os;
    os << v;
    return os.str();
}

Problem run_problem(std::string field, std::string code, std::string message,
                    std::vector<std::string> args = {})
{
    return {std::move(field), std::move(code), std::move(message), std::move(args)};
}

// "out_of_range" problems carry {value, allowed interval}: front ends word them as "<field> must
// be in <interval>; got <value>" in the user's language (resdense/problem.h).
Problem out_of_range(std::string field, const std::string& what, const std::string& interval,
                     const std::string& value)
{
    return run_problem(std::move(field), "out_of_range",
                       what + " must be in " + interval + "; got " + value, {value, interval});
}

bool valid_freeze(const std::string& freeze)
{
    if (freeze == "none" || freeze == "backbone")
        return true;
    const std::string prefix = "stages:";
    return freeze.size() > prefix.size() && freeze.size() <= prefix.size() + 3 &&
           freeze.compare(0, prefix.size(), prefix) == 0 &&
           freeze.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
}

// A slot's problem: its field is "slots.<name>.<key>", its message names the model.
std::optional<Problem> check_slot(const SlotConfig& s, int epochs)
{
    const std::string who = "model " + s.name + " (" + s.model.preset + "): ";
    const std::string field = "slots." + s.name + ".";
    auto bad = [&](const std::string& key, const std::string& code, const std::string& why,
                   std::vector<std::string> args = {}) {
        return run_problem(field + key, code, who + why, std::move(args));
    };
    auto range = [&](const std::string& key, const std::string& what, const std::string& interval,
                     double value) {
        Problem p = out_of_range(field + key, what, interval, num(value));
        p.message = who + p.message;
        return p;
    };
    if (auto p = validate(s.model)) {
        p->field = field + "model." + p->field;
        p->message = who + p->message;
        return p;
    }
    const OptimizerConfig& o = s.optimizer;
    if (!(o.lr > 0.0 && o.lr < 100.0))
        return range("lr", "learning rate", "(0, 100)", o.lr);
    if (!(o.momentum >= 0.0 && o.momentum < 1.0))
        return range("momentum", "momentum", "[0, 1)", o.momentum);
    if (!(o.weight_decay >= 0.0))
        return bad("weight_decay", "not_negative",
                   "weight decay must not be negative; got " + num(o.weight_decay),
                   {num(o.weight_decay)});
    if (o.nesterov && o.momentum <= 0.0)
        return bad("nesterov", "needs_momentum", "Nesterov momentum needs momentum > 0");
    if (!(o.beta1 >= 0.0 && o.beta1 < 1.0))
        return range("betas", "Adam's beta1", "[0, 1)", o.beta1);
    if (!(o.beta2 >= 0.0 && o.beta2 < 1.0))
        return range("betas", "Adam's beta2", "[0, 1)", o.beta2);
    if (!(o.eps > 0.0 && o.eps < 1.0))
        return range("eps", "Adam's epsilon", "(0, 1)", o.eps);
    if (!(s.label_smoothing >= 0.0 && s.label_smoothing < 1.0))
        return range("label_smoothing", "label smoothing", "[0, 1)", s.label_smoothing);
    if (!(s.clip_grad_norm >= 0.0))
        return bad("clip_grad_norm", "not_negative",
                   "gradient clipping norm must not be negative; got " + num(s.clip_grad_norm),
                   {num(s.clip_grad_norm)});
    const ScheduleConfig& sc = s.schedule;
    if (!(sc.gamma > 0.0 && sc.gamma <= 1.0))
        return range("gamma", "the multi-step factor", "(0, 1]", sc.gamma);
    if (!(sc.min_lr >= 0.0 && sc.min_lr < 100.0))
        return range("min_lr", "the cosine floor", "[0, 100)", sc.min_lr);
    for (const double m : sc.milestones)
        if (!(m >= 0.0 && m <= epochs))
            return range("milestones", "multi-step milestones",
                         "[0, " + std::to_string(epochs) + "]", m);
    if (!(sc.warmup_epochs >= 0.0 && sc.warmup_epochs <= epochs))
        return range("warmup_epochs", "warm-up", "[0, " + std::to_string(epochs) + "]",
                     sc.warmup_epochs);
    if (sc.kind == ScheduleKind::OneCycle && !(sc.pct_start > 0.0 && sc.pct_start < 1.0))
        return range("pct_start", "one-cycle rise share", "(0, 1)", sc.pct_start);
    if (sc.kind == ScheduleKind::OneCycle && !(sc.div_factor >= 1.0 && sc.div_factor <= 1e6))
        return range("div_factor", "one-cycle div factor", "[1, 1e+06]", sc.div_factor);
    if (sc.kind == ScheduleKind::OneCycle &&
        !(sc.final_div_factor >= 1.0 && sc.final_div_factor <= 1e9))
        return range("final_div_factor", "one-cycle final div factor", "[1, 1e+09]",
                     sc.final_div_factor);
    const PretrainedWeights& w = s.pretrained;
    if (w.source == "imagenet" && w.path.empty() && torchvision_arch(s.model).empty())
        return bad("pretrained", "no_imagenet_weights",
                   "torchvision publishes ImageNet weights only for resnet18-152 and "
                   "densenet121-201 with their ImageNet stem");
    if (!w.sha256.empty() && (w.sha256.size() != 64 ||
                              w.sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
        return bad("pretrained", "bad_sha256", "the weights' SHA-256 must be 64 hex digits");
    if (!valid_freeze(s.freeze))
        return bad("freeze", "unknown_freeze",
                   "freeze must be none, backbone or stages:K; got '" + s.freeze + "'",
                   {s.freeze});
    if (!(s.head_lr_mult > 0.0 && s.head_lr_mult <= 1000.0))
        return range("head_lr_mult", "the head's learning-rate multiple", "(0, 1000]",
                     s.head_lr_mult);
    return std::nullopt;
}

std::optional<Problem> check_dataset(const DatasetOptions& d)
{
    if (d.channels != 0 && d.channels != 1 && d.channels != 3)
        return run_problem("dataset.channels", "one_or_three",
                           "channels must be 1 or 3 (0: the dataset's); got " +
                               std::to_string(d.channels),
                           {std::to_string(d.channels)});
    if (d.image_size != 0 && (d.image_size < 8 || d.image_size > 1024))
        return out_of_range("dataset.image_size", "image size (0: 32)", "[8, 1024]",
                            std::to_string(d.image_size));
    if (d.limit < 0)
        return run_problem("dataset.limit", "not_negative",
                           "image limits must not be negative (0: all); got " +
                               std::to_string(d.limit),
                           {std::to_string(d.limit)});
    if (d.test_limit < 0)
        return run_problem("dataset.test_limit", "not_negative",
                           "image limits must not be negative (0: all); got " +
                               std::to_string(d.test_limit),
                           {std::to_string(d.test_limit)});
    return std::nullopt;
}

std::optional<Problem> check_input(const InputOptions& in)
{
    if (in.resize < 0 || in.resize > 2048)
        return out_of_range("input.resize", "resize (0: off)", "[0, 2048]",
                            std::to_string(in.resize));
    if (in.crop < 0 || in.crop > 2048)
        return out_of_range("input.crop", "crop (0: off)", "[0, 2048]", std::to_string(in.crop));
    if (in.resize > 0 && in.crop > in.resize)
        return run_problem("input.crop", "larger_than_resize",
                           "the crop (" + std::to_string(in.crop) +
                               " px) must not be larger than the resized image (" +
                               std::to_string(in.resize) + " px)",
                           {std::to_string(in.crop), std::to_string(in.resize)});
    if (in.normalize != "auto" && in.normalize != "dataset" && in.normalize != "imagenet")
        return run_problem("input.normalize", "unknown_normalization",
                           "normalisation must be auto, dataset or imagenet; got '" + in.normalize +
                               "'",
                           {in.normalize});
    return std::nullopt;
}

// Slot names become file names (models/<slot>-last.pt): plain identifiers only, so a hand-edited
// config.json cannot write outside the run folder.
bool plain_identifier(const std::string& name)
{
    return !name.empty() && name.size() <= 32 &&
           name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

} // namespace

std::optional<Problem> check(const RunConfig& c)
{
    if (c.slots.empty() || c.slots.size() > 2)
        return run_problem("slots", "one_or_two",
                           "a run trains one or two models; got " + std::to_string(c.slots.size()),
                           {std::to_string(c.slots.size())});
    if (c.epochs < 1 || c.epochs > 100000)
        return out_of_range("epochs", "epochs", "[1, 100000]", std::to_string(c.epochs));
    if (c.threads < 0 || c.threads > 1024)
        return out_of_range("threads", "threads (0: all cores)", "[0, 1024]",
                            std::to_string(c.threads));
    if (c.world_size < 1 || c.world_size > 65536)
        return out_of_range("world_size", "world_size", "[1, 65536]",
                            std::to_string(c.world_size));
    if (c.batch_size < c.world_size)
        return run_problem("batch_size", "below_world_size",
                           "each of the " + std::to_string(c.world_size) +
                               " processes needs a share of every batch: the batch size must "
                               "be at least " +
                               std::to_string(c.world_size) + "; got " +
                               std::to_string(c.batch_size),
                           {std::to_string(c.batch_size), std::to_string(c.world_size)});
    if (auto p = check_dataset(c.dataset))
        return p;
    if (c.batch_size < 1 || c.batch_size > 65536)
        return out_of_range("batch_size", "batch size", "[1, 65536]",
                            std::to_string(c.batch_size));
    if (c.val_every < 0 || c.val_every > 1'000'000)
        return out_of_range("val_every", "validation checks every N batches (0: off): N",
                            "[0, 1000000]", std::to_string(c.val_every));
    if (c.val_subset < 0 || c.val_subset > 100'000'000)
        return out_of_range("val_subset", "the validation check subset (0: all)",
                            "[0, 100000000]", std::to_string(c.val_subset));
    if (c.device != "cpu" && c.device != "cuda")
        return run_problem("device", "unknown_device",
                           "device must be cpu or cuda; got '" + c.device + "'", {c.device});
    if (!(c.dataset.val_fraction >= 0.0 && c.dataset.val_fraction < 1.0))
        return out_of_range("dataset.val_fraction", "validation fraction", "[0, 1)",
                            num(c.dataset.val_fraction));
    if (auto p = check_input(c.input))
        return p;
    for (const auto& s : c.slots) {
        if (!plain_identifier(s.name))
            return run_problem("slots.name", "slot_name",
                               "a slot name must be 1-32 lower-case letters, digits or '_'; got '" +
                                   s.name + "'",
                               {s.name});
        if (auto p = check_slot(s, c.epochs))
            return p;
    }
    if (c.slots.size() == 2 && c.slots[0].name == c.slots[1].name)
        return run_problem("slots.name", "same_slot_names",
                           "the two models need different slot names", {c.slots[0].name});
    return std::nullopt;
}

std::string to_json(const RunConfig& c)
{
    nlohmann::json slots = nlohmann::json::array();
    for (const auto& s : c.slots) {
        const auto& o = s.optimizer;
        const auto& sc = s.schedule;
        slots.push_back({{"name", s.name},
                         {"model", nlohmann::json::parse(to_json(s.model))},
                         {"optimizer",
                          {{"kind", optimizer_name(o.kind)},
                           {"lr", o.lr},
                           {"momentum", o.momentum},
                           {"nesterov", o.nesterov},
                           {"weight_decay", o.weight_decay},
                           {"decay_norm_and_bias", o.decay_norm_and_bias},
                           {"beta1", o.beta1},
                           {"beta2", o.beta2},
                           {"eps", o.eps}}},
                         {"schedule",
                          {{"kind", schedule_name(sc.kind)},
                           {"warmup_epochs", sc.warmup_epochs},
                           {"milestones", sc.milestones},
                           {"gamma", sc.gamma},
                           {"min_lr", sc.min_lr},
                           {"pct_start", sc.pct_start},
                           {"div_factor", sc.div_factor},
                           {"final_div_factor", sc.final_div_factor}}},
                         {"label_smoothing", s.label_smoothing},
                         {"clip_grad_norm", s.clip_grad_norm}});
        // Only when set, so that configs without pretrained weights read as before.
        if (!s.pretrained.empty())
            slots.back()["pretrained"] = {{"source", s.pretrained.source},
                                          {"path", s.pretrained.path},
                                          {"sha256", s.pretrained.sha256}};
        if (s.freeze != "none" || s.head_lr_mult != 1.0) {
            slots.back()["freeze"] = s.freeze;
            slots.back()["head_lr_mult"] = s.head_lr_mult;
        }
    }
    const auto& d = c.dataset;
    const auto& a = c.augment;
    nlohmann::json j = {
        {"format", "resdense-run"},
        {"format_version", 1},
        {"dataset",
         {{"spec", d.spec},
          {"val_fraction", d.val_fraction},
          {"seed", d.seed},
          {"channels", d.channels},
          {"image_size", d.image_size},
          {"limit", d.limit},
          {"test_limit", d.test_limit}}},
        {"augment",
         {{"crop_padding", a.crop_padding},
          {"hflip", a.hflip},
          {"vflip", a.vflip},
          {"erase_prob", a.erase_prob}}},
        {"input",
         {{"resize", c.input.resize},
          {"crop", c.input.crop},
          {"random_crop", c.input.random_crop},
          {"normalize", c.input.normalize}}},
        {"epochs", c.epochs},
        {"batch_size", c.batch_size},
        {"seed", c.seed},
        {"threads", c.threads},
        {"device", c.device},
        {"precision", precision_name(c.precision)},
        {"channels_last", c.channels_last},
        {"val_every", c.val_every},
        {"val_subset", c.val_subset},
        {"slots", slots},
        {"world_size", c.world_size},
    };
    return j.dump(2);
}

RunConfig run_config_from_json(const std::string& text)
{
    try {
        const auto j = nlohmann::json::parse(text);
        if (j.value("format", "") != "resdense-run")
            throw Error("not a ResDense run configuration");
        RunConfig c;
        const auto& d = j.at("dataset");
        c.dataset.spec = d.at("spec");
        c.dataset.val_fraction = d.at("val_fraction");
        c.dataset.seed = d.at("seed");
        c.dataset.channels = d.at("channels");
        c.dataset.image_size = d.at("image_size");
        c.dataset.limit = d.at("limit");
        c.dataset.test_limit = d.at("test_limit");
        const auto& a = j.at("augment");
        c.augment.crop_padding = a.at("crop_padding");
        c.augment.hflip = a.at("hflip");
        c.augment.vflip = a.at("vflip");
        c.augment.erase_prob = a.at("erase_prob");
        if (j.contains("input")) { // absent before the input pipeline could resize
            const auto& in = j.at("input");
            c.input.resize = in.at("resize");
            c.input.crop = in.at("crop");
            c.input.random_crop = in.at("random_crop");
            c.input.normalize = in.at("normalize");
        }
        c.epochs = j.at("epochs");
        c.batch_size = j.at("batch_size");
        c.seed = j.at("seed");
        c.threads = j.at("threads");
        c.device = j.at("device");
        c.precision = parse_precision(j.at("precision"));
        c.channels_last = j.at("channels_last");
        c.val_every = j.value("val_every", std::int64_t{0}); // absent before validation checks
        c.val_subset = j.value("val_subset", std::int64_t{1000});
        c.world_size = j.value("world_size", 1); // absent before data-parallel training
        for (const auto& s : j.at("slots")) {
            SlotConfig slot;
            slot.name = s.at("name");
            slot.model = spec_from_json(s.at("model").dump());
            const auto& o = s.at("optimizer");
            slot.optimizer.kind = parse_optimizer(o.at("kind"));
            slot.optimizer.lr = o.at("lr");
            slot.optimizer.momentum = o.at("momentum");
            slot.optimizer.nesterov = o.at("nesterov");
            slot.optimizer.weight_decay = o.at("weight_decay");
            slot.optimizer.decay_norm_and_bias = o.at("decay_norm_and_bias");
            slot.optimizer.beta1 = o.at("beta1");
            slot.optimizer.beta2 = o.at("beta2");
            slot.optimizer.eps = o.at("eps");
            const auto& sc = s.at("schedule");
            slot.schedule.kind = parse_schedule(sc.at("kind"));
            slot.schedule.warmup_epochs = sc.at("warmup_epochs");
            slot.schedule.milestones = sc.at("milestones").get<std::vector<double>>();
            slot.schedule.gamma = sc.at("gamma");
            slot.schedule.min_lr = sc.at("min_lr");
            slot.schedule.pct_start = sc.at("pct_start");
            slot.schedule.div_factor = sc.at("div_factor");
            slot.schedule.final_div_factor = sc.at("final_div_factor");
            slot.label_smoothing = s.at("label_smoothing");
            slot.clip_grad_norm = s.at("clip_grad_norm");
            if (s.contains("pretrained")) { // absent before pretrained weights existed
                const auto& w = s.at("pretrained");
                slot.pretrained.source = w.at("source");
                slot.pretrained.path = w.value("path", "");
                slot.pretrained.sha256 = w.value("sha256", "");
            }
            slot.freeze = s.value("freeze", "none");
            slot.head_lr_mult = s.value("head_lr_mult", 1.0);
            c.slots.push_back(std::move(slot));
        }
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("run configuration is not valid: ") + e.what());
    }
}

} // namespace resdense
