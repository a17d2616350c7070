#include "train/optimizer.h"

#include <sstream>

#include <torch/optim.h>
#include <torch/serialize.h>

#include "resdense/error.h"
#include "train/fused_sgd.h"

namespace resdense {
namespace {

template <typename Options> std::unique_ptr<Options> with_decay(const Options& base, double decay)
{
    auto o = std::make_unique<Options>(base);
    o->weight_decay(decay);
    return o;
}

template <typename Optim, typename Options>
std::unique_ptr<torch::optim::Optimizer> build(const Options& options, const OptimizerConfig& c,
                                               std::vector<torch::Tensor> decay,
                                               std::vector<torch::Tensor> no_decay)
{
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::move(decay), with_decay(options, c.weight_decay));
    if (!no_decay.empty())
        groups.emplace_back(std::move(no_decay), with_decay(options, 0.0));
    return std::make_unique<Optim>(std::move(groups), options);
}

} // namespace

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerConfig& c,
                                                        torch::nn::Module& module)
{
    std::vector<torch::Tensor> decay, no_decay;
    for (auto& p : module.parameters())
        (c.decay_norm_and_bias || p.dim() > 1 ? decay : no_decay).push_back(p);
    switch (c.kind) {
    case OptimizerKind::SGD:
        return build<FusedSGD>(torch::optim::SGDOptions(c.lr)
                                   .momentum(c.momentum)
                                   .nesterov(c.nesterov)
                                   .weight_decay(c.weight_decay),
                               c, decay, no_decay);
    case OptimizerKind::Adam:
        return build<torch::optim::Adam>(torch::optim::AdamOptions(c.lr)
                                             .betas({c.beta1, c.beta2})
                                             .eps(c.eps)
                                             .weight_decay(c.weight_decay),
                                         c, decay, no_decay);
    case OptimizerKind::AdamW:
        return build<torch::optim::AdamW>(torch::optim::AdamWOptions(c.lr)
                                              .betas({c.beta1, c.beta2})
                                              .eps(c.eps)
                                              .weight_decay(c.weight_decay),
                                          c, decay, no_decay);
    }
    throw Error("unknown optimizer");
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr)
{
    for (auto& group : optimizer.param_groups())
        group.options().set_lr(lr);
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
