#include "models/norm/norm_tuning.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/nn/modules/batchnorm.h>
#include <torch/version.h>
#include <unistd.h>

#include "io/atomic_file.h"
#include "models/norm/fused_norm_autograd.h"
#include "models/norm/fusion_policy.h"

namespace resdense {
namespace detail {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Elements a measurement works on at most: larger inputs are measured with fewer images (the
// kernels' cost is linear in the batch), so that a shape costs tens of milliseconds, not seconds.
constexpr std::int64_t kMaxMeasuredElements = std::int64_t{1} << 22;
constexpr double kTie = 0.1;                        // timings closer than 10 % are a tie
constexpr std::uintmax_t kMaxCacheBytes = 4u << 20; // a larger file is not ours: ignored

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string cpu_model()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                return line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "unknown CPU";
}

// What the timings depend on besides the shape: the CPU, LibTorch, and the switches that make ATen
// and oneDNN use a narrower instruction set than the CPU has. (The threads are in the shape key.)
std::string real_machine_key()
{
    std::ostringstream key;
    key << cpu_model() << " / LibTorch " << TORCH_VERSION;
    for (const char* name : {"ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"})
        if (!env(name).empty())
            key << " / " << name << "=" << env(name);
    return key.str();
}

std::string shape_key(const torch::Tensor& x, bool residual)
{
    std::ostringstream key;
    key << (x.scalar_type() == torch::kBFloat16 ? "bf16 " : "f32 ");
    for (std::int64_t d = 0; d < x.dim(); ++d)
        key << (d ? "x" : "") << x.size(d);
    if (residual)
        key << " +res";
    key << ", " << at::get_num_threads() << (at::get_num_threads() == 1 ? " thread" : " threads");
    return key.str();
}

std::string cache_path()
{
    const std::string chosen = env("RESDENSE_NORM_TUNING_CACHE");
    if (chosen == "0")
        return "";
    if (!chosen.empty())
        return chosen;
    fs::path base = env("XDG_CACHE_HOME");
    if (base.empty()) {
        if (env("HOME").empty())
            return "";
        base = fs::path(env("HOME")) / ".cache";
    }
    return (base / "resdense" / "norm-tuning.json").string();
}

// The cache file as JSON ({"machines": {key: {shape: {...}}}}), or an empty object when it is
// missing, too large or not ours: the cache only saves time, so a bad one is measured over.
json read_cache_file(const std::string& path)
{
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxCacheBytes)
        return json::object();
    std::ifstream in(path, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("machines") || !j["machines"].is_object())
        return json::object();
    return j;
}

struct Tuner {
    std::mutex mutex;
    std::string machine = real_machine_key();
    bool loaded = false;
    std::map<std::string, NormTuningChoice> cached;  // this machine's entries from the file
    std::map<std::string, NormTuningChoice> decided; // this process's decisions
    std::vector<std::string> order;                  // decided's keys, first met first
    std::string cache_problem;                       // why the cache could not be written

    void load()
    {
        if (loaded)
            return;
        loaded = true;
        const json j = read_cache_file(cache_path());
        const auto machines = j.find("machines");
        if (machines == j.end())
            return;
        const auto mine = machines->find(machine);
        if (mine == machines->end() || !mine->is_object())
            return;
        for (const auto& [shape, e] : mine->items()) {
            if (!e.is_object() || !e.contains("fused") || !e["fused"].is_boolean())
                continue;
            NormTuningChoice c;
            c.shape = shape;
            c.fused = e["fused"].get<bool>();
            c.fused_ms = e.value("fused_ms", 0.0);
            c.separate_ms = e.value("separate_ms", 0.0);
            c.source = "cache";
            if (std::isfinite(c.fused_ms) && std::isfinite(c.separate_ms))
                cached.emplace(shape, c);
        }
    }

    void remember(const NormTuningChoice& c)
    {
        if (decided.emplace(c.shape, c).second)
            order.push_back(c.shape);
    }

    // Adds this measurement to the file (read anew: another process may have added its own).
    void save(const NormTuningChoice& c)
    {
        const std::string path = cache_path();
        if (path.empty())
            return;
        try {
            json j = read_cache_file(path);
            if (!j.contains("machines"))
                j = {{"machines", json::object()}};
            j["machines"][machine][c.shape] = {
                {"fused", c.fused}, {"fused_ms", c.fused_ms}, {"separate_ms", c.separate_ms}};
            fs::create_directories(fs::path(path).parent_path());
            // Several processes may measure at once (ctest, data-parallel ranks): each writes a
            // temporary file of its own, and the last rename wins whole.
            write_file_atomic(path, j.dump(1), ".tmp" + std::to_string(::getpid()));
        } catch (const std::exception& e) {
            cache_problem = e.what(); // measured again next time; training goes on
        }
    }
};

Tuner& tuner()
{
    static Tuner t;
    return t;
}

// Forward and backward of the fused kernel and of LibTorch's layers on an input like x (fewer
// images when it is large), alternating so that a slower moment of the machine hits both.
NormTuningChoice measure(const torch::Tensor& like, bool residual, const std::string& shape)
{
    torch::AutoGradMode grad(true);
    const std::int64_t c = like.size(1);
    const std::int64_t per_image = std::max<std::int64_t>(1, like.numel() / like.size(0));
    const std::int64_t n =
        std::clamp<std::int64_t>(kMaxMeasuredElements / per_image, 1, like.size(0));
    auto sizes = like.sizes().vec();
    sizes[0] = n;
    // A generator of its own: measuring must not move the global one that training draws from.
    const at::Generator gen = at::detail::createCPUGenerator(12345);
    auto random = [&] {
        return torch::randn(sizes, gen, torch::TensorOptions().dtype(like.scalar_type()))
            .contiguous(torch::MemoryFormat::ChannelsLast);
    };
    const torch::Tensor x = random().requires_grad_(true);
    const torch::Tensor identity = residual ? random().requires_grad_(true) : torch::Tensor();
    torch::nn::BatchNorm2d norm(c);
    norm->train();
    const torch::Tensor grad_out = random();
    const double momentum = 0.1, eps = 1e-5;
    // Gradients are dropped before each run: accumulating into a leaf's gradient is a pass that a
    // model's intermediate tensors do not pay (and a slow one when the layouts differ: it made
    // LibTorch's side 7x slower at 16 channels, 28 px).
    auto clear_grads = [&] {
        for (torch::Tensor t : {x, identity, norm->weight, norm->bias})
            if (t.defined())
                t.mutable_grad() = torch::Tensor();
    };
    auto fused = [&] {
        clear_grads();
        const auto out =
            residual ? BatchNormAddReluFunction::apply(x, identity, norm->weight, norm->bias,
                                                       norm->running_mean, norm->running_var,
                                                       momentum, eps, false)
                     : BatchNormReluFunction::apply(x, norm->weight, norm->bias, norm->running_mean,
                                                    norm->running_var, momentum, eps, false);
        out[0].backward(grad_out);
    };
    auto separate = [&] {
        clear_grads();
        const torch::Tensor y = norm->forward(x);
        (residual ? torch::relu(y + identity) : torch::relu(y)).backward(grad_out);
    };
    NormTuningChoice choice;
    choice.shape = shape;
    // One untimed run of each, then four timed rounds alternating; the best run of each counts.
    // LibTorch's side has occasional runs 5-15x slower than its best (allocations; seen in one
    // round of six at 16-32 channels): with two rounds both could be hit, with four rarely.
    fused();
    separate();
    auto time_ms = [](auto& step) {
        const auto start = std::chrono::steady_clock::now();
        step();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    };
    double f = 1e300, s = 1e300;
    for (int round = 0; round < 4; ++round) {
        f = std::min(f, time_ms(fused));
        s = std::min(s, time_ms(separate));
    }
    const double scale = static_cast<double>(like.size(0)) / static_cast<double>(n);
    choice.fused_ms = f * scale;
    choice.separate_ms = s * scale;
    // Within kTie of each other the fixed rule decides: a choice on the edge of the timing noise
    // would flip between machines of one kind and between runs that measure anew.
    if (std::abs(f - s) <= kTie * std::min(f, s)) {
        choice.fused = residual || fused_norm_rule(like);
        choice.source = "measured, a tie: rule";
    } else {
        choice.fused = f < s;
        choice.source = "measured";
    }
    return choice;
}

} // namespace

bool fused_norm_is_faster(const torch::Tensor& x, bool residual)
{
    Tuner& t = tuner();
    const std::string shape = shape_key(x, residual);
    const std::lock_guard lock(t.mutex);
    if (const auto it = t.decided.find(shape); it != t.decided.end())
        return it->second.fused;
    t.load();
    if (const auto it = t.cached.find(shape); it != t.cached.end()) {
        t.remember(it->second);
        return it->second.fused;
    }
    const NormTuningChoice c = measure(x, residual, shape);
    t.remember(c);
    t.save(c);
    return c.fused;
}

void note_norm_choice(const torch::Tensor& x, bool residual, bool fused, const std::string& source)
{
    Tuner& t = tuner();
    NormTuningChoice c;
    c.shape = shape_key(x, residual);
    c.fused = fused;
    c.source = source;
    const std::lock_guard lock(t.mutex);
    t.remember(c);
}

void reset_norm_tuning_for_tests(const std::string& machine_key)
{
    Tuner& t = tuner();
    const std::lock_guard lock(t.mutex);
    t.machine = machine_key.empty() ? real_machine_key() : machine_key;
    t.loaded = false;
    t.cached.clear();
    t.decided.clear();
    t.order.clear();
    t.cache_problem.clear();
}

} // namespace detail

std::string norm_tuning_summary()
{
    const std::string policy = detail::fusion_policy_text();
    detail::Tuner& t = detail::tuner();
    const std::lock_guard lock(t.mutex);
    const std::string path = detail::cache_path();
    std::string text = policy + "; cache " + (path.empty() ? "none" : path) + "; " + t.machine;
    if (!t.cache_problem.empty())
        text += "; the cache could not be written: " + t.cache_problem;
    return text;
}

std::vector<NormTuningChoice> norm_tuning_choices()
{
    detail::Tuner& t = detail::tuner();
    const std::lock_guard lock(t.mutex);
    std::vector<NormTuningChoice> out;
    for (const auto& shape : t.order)
        out.push_back(t.decided.at(shape));
    return out;
}

} // namespace resdense
