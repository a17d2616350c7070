#pragma once

#include <torch/optim/sgd.h>

namespace resdense {

// torch::optim::SGD with the same results, state and checkpoint format, whose step updates each
// parameter in one pass over its values (weight decay, momentum, Nesterov, the update) instead of
// four or five LibTorch operations; a ResNet-20 step spent 0.65-0.85 ms in ~300 of them. The
// fused pass runs when every parameter and its gradient are dense float CPU tensors of one layout
// (a momentum buffer loaded in another layout is converted once); otherwise the step is SGD's.
class FusedSGD : public torch::optim::SGD {
public:
    using torch::optim::SGD::SGD;
    torch::Tensor step(LossClosure closure = nullptr) override;

private:
    bool fusable() const;
};

} // namespace resdense
