#include "train/fused_sgd.h"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>

#include <ATen/Parallel.h>
#include <torch/torch.h>

// The update loop is compiled for AVX-512, AVX2 and plain x86-64 (GCC's function multiversioning),
// as the norm kernels are; std::fma rounds once in every variant, so all give the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define RESDENSE_SGD_KERNEL                                                                        \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RESDENSE_SGD_KERNEL
#endif

namespace resdense {
namespace {

using State = decltype(std::declval<torch::optim::Optimizer&>().state());
using StateMap = std::remove_reference_t<State>;
using Key = typename StateMap::key_type;

// SGD keys its state by the parameter's TensorImpl: as text in LibTorch 1.13
// (c10::guts::to_string, an ostream of the pointer), possibly as the pointer itself elsewhere.
// Any other key type compiles too, and takes SGD's own step.
constexpr bool kKnownKey =
    std::is_same_v<Key, std::string> || std::is_constructible_v<Key, c10::TensorImpl*>;

template <typename K = Key> K state_key(const torch::Tensor& p)
{
    if constexpr (std::is_same_v<K, std::string>) {
        std::ostringstream os;
        os << p.unsafeGetTensorImpl();
        return os.str();
    } else if constexpr (std::is_constructible_v<K, c10::TensorImpl*>) {
        return K(p.unsafeGetTensorImpl());
    } else {
        return K{};
    }
}

struct Coefficients {
    float weight_decay, momentum, one_minus_dampening, neg_lr;
    bool nesterov;
};

// What torch::optim::SGD::step computes for one parameter, in its rounding: ATen's add(x, alpha)
// is fmadd(x, alpha, self) and mul_ a plain product.
//   d = g + wd p;  b = first ? d : b m + (1 - dampening) d;  d = nesterov ? d + m b : b;
//   p = p - lr d
RESDENSE_SGD_KERNEL void update(float* __restrict p, const float* __restrict g,
                                float* __restrict buf, std::int64_t n, const Coefficients& c,
                                bool first)
{
    const float wd = c.weight_decay, m = c.momentum, damp = c.one_minus_dampening, lr = c.neg_lr;
    for (std::int64_t i = 0; i < n; ++i) {
        float d = wd != 0.0f ? std::fma(p[i], wd, g[i]) : g[i];
        if (buf) {
            const float b = first ? d : std::fma(d, damp, buf[i] * m);
            buf[i] = b;
            d = c.nesterov ? std::fma(b, m, d) : b;
        }
        p[i] = std::fma(d, lr, p[i]);
    }
}

// Values per thread: smaller parameters (biases, norms, small kernels) take one.
constexpr std::int64_t kGrain = 16384;

bool same_dense_float_layout(const torch::Tensor& a, const torch::Tensor& b)
{
    return a.device().is_cpu() && b.device().is_cpu() && a.scalar_type() == torch::kFloat &&
           b.scalar_type() == torch::kFloat && a.sizes() == b.sizes() &&
           a.strides() == b.strides() && a.is_non_overlapping_and_dense() && !a.is_sparse() &&
           !b.is_sparse();
}

} // namespace

bool FusedSGD::fusable() const
{
    if (!kKnownKey)
        return false;
    for (const auto& group : param_groups_)
        for (const auto& p : group.params())
            if (p.grad().defined() && !same_dense_float_layout(p, p.grad()))
                return false;
    return true;
}

torch::Tensor FusedSGD::step(LossClosure closure)
{
    if (!fusable())
        return torch::optim::SGD::step(std::move(closure));
    torch::NoGradGuard no_grad;
    torch::Tensor loss;
    if (closure != nullptr) {
        at::AutoGradMode enable_grad(true);
        loss = closure();
    }
    for (auto& group : param_groups_) {
        const auto& o = static_cast<const torch::optim::SGDOptions&>(group.options());
        const Coefficients c{static_cast<float>(o.weight_decay()), static_cast<float>(o.momentum()),
                             static_cast<float>(1.0 - o.dampening()),
                             static_cast<float>(-1.0 * o.lr()), o.nesterov()};
        for (auto& param : group.params()) {
            const torch::Tensor& grad = param.grad();
            if (!grad.defined())
                continue;
            torch::Tensor p = param.data();
            torch::Tensor buf;
            bool first = false;
            if (o.momentum() != 0.0) {
                auto& state = state_[state_key(param)];
                first = state == nullptr;
                if (first)
                    state = std::make_unique<torch::optim::SGDParamState>();
                auto& s = static_cast<torch::optim::SGDParamState&>(*state);
                // A new buffer, or a loaded one in another layout, takes the parameter's.
                if (first || !same_dense_float_layout(p, s.momentum_buffer()))
                    s.momentum_buffer(first ? torch::empty_like(p)
                                            : torch::empty_like(p).copy_(s.momentum_buffer()));
                buf = s.momentum_buffer();
            }
            float* pd = p.data_ptr<float>();
            const float* gd = grad.data_ptr<float>();
            float* bd = buf.defined() ? buf.data_ptr<float>() : nullptr;
            // Elementwise: any split over threads gives the same bits.
            at::parallel_for(0, p.numel(), kGrain, [&](std::int64_t begin, std::int64_t end) {
                update(pd + begin, gd + begin, bd ? bd + begin : nullptr, end - begin, c, first);
            });
        }
    }
    return loss;
}

} // namespace resdense
