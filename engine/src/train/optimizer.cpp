#include "train/optimizer.h"

#include <sstream>

#include <torch/optim.h>
#include <torch/serialize.h>

#include "resdense/error.h"
#include "train/fine_tuning.h"
#include "train/fused_sgd.h"

namespace resdense {
namespace {

template <typename Options> std::unique_ptr<Options> with_decay(const Options& base, double decay)
{
    auto o = std::make_unique<Options>(base);
    o->weight_decay(decay);
    return o;
}

// Parameters sorted into the optimizer's groups: weight decay or not, head or not.
struct Groups {
    std::vector<torch::Tensor> decay, no_decay, head_decay, head_no_decay;
};

template <typename Optim, typename Options>
std::unique_ptr<torch::optim::Optimizer> build(const Options& options, const OptimizerConfig& c,
                                               Groups g, double head_lr_mult,
                                               std::vector<double>* lr_scales)
{
    std::vector<torch::optim::OptimizerParamGroup> groups;
    std::vector<double> scales;
    auto add = [&](std::vector<torch::Tensor>& params, double decay, double scale) {
        if (params.empty())
            return;
        auto o = with_decay(options, decay);
        o->set_lr(c.lr * scale);
        groups.emplace_back(std::move(params), std::move(o));
        scales.push_back(scale);
    };
    add(g.decay, c.weight_decay, 1.0);
    add(g.no_decay, 0.0, 1.0);
    add(g.head_decay, c.weight_decay, head_lr_mult);
    add(g.head_no_decay, 0.0, head_lr_mult);
    if (groups.empty())
        throw Error("the model has no parameter left to train (everything is frozen)");
    if (lr_scales)
        *lr_scales = std::move(scales);
    return std::make_unique<Optim>(std::move(groups), options);
}

} // namespace

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerConfig& c,
                                                        torch::nn::Module& module,
                                                        double head_lr_mult,
                                                        std::vector<double>* lr_scales)
{
    Groups g;
    for (auto& item : module.named_parameters()) {
        const torch::Tensor& p = item.value();
        if (!p.requires_grad())
            continue;
        const bool decay = c.decay_norm_and_bias || p.dim() > 1;
        if (head_lr_mult != 1.0 && is_head_parameter(item.key()))
            (decay ? g.head_decay : g.head_no_decay).push_back(p);
        else
            (decay ? g.decay : g.no_decay).push_back(p);
    }
    switch (c.kind) {
    case OptimizerKind::SGD:
        return build<FusedSGD>(torch::optim::SGDOptions(c.lr)
                                   .momentum(c.momentum)
                                   .nesterov(c.nesterov)
                                   .weight_decay(c.weight_decay),
                               c, std::move(g), head_lr_mult, lr_scales);
    case OptimizerKind::Adam:
        return build<torch::optim::Adam>(torch::optim::AdamOptions(c.lr)
                                             .betas({c.beta1, c.beta2})
                                             .eps(c.eps)
                                             .weight_decay(c.weight_decay),
                                         c, std::move(g), head_lr_mult, lr_scales);
    case OptimizerKind::AdamW:
        return build<torch::optim::AdamW>(torch::optim::AdamWOptions(c.lr)
                                              .betas({c.beta1, c.beta2})
                                              .eps(c.eps)
                                              .weight_decay(c.weight_decay),
                                          c, std::move(g), head_lr_mult, lr_scales);
    }
    throw Error("unknown optimizer");
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr,
                       const std::vector<double>& scales)
{
    auto& groups = optimizer.param_groups();
    for (std::size_t i = 0; i < groups.size(); ++i)
        groups[i].options().set_lr(lr * (i < scales.size() ? scales[i] : 1.0));
}

void clear_gradients(torch::optim::Optimizer& optimizer)
{
    for (auto& group : optimizer.param_groups())
        for (auto& p : group.params())
            p.mutable_grad().reset();
}

std::string optimizer_state(torch::optim::Optimizer& optimizer)
{
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

void load_optimizer_state(torch::optim::Optimizer& optimizer, const std::string& bytes)
{
    try {
        std::istringstream in(bytes);
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        optimizer.load(archive);
    } catch (const c10::Error& e) {
        throw Error(std::string("the optimizer state does not fit this model: ") +
                    e.what_without_backtrace());
    }
}

} // namespace resdense
