#pragma once

#include <vector>

#include <torch/types.h>

#include "models/net.h"
#include "resdense/grad_cam.h"

namespace resdense {

// One image's pass through net (in eval mode) for Grad-CAM: the forward pass to the target layer
// without gradients, then the rest of the model with them. Each map() is one backward pass
// through that rest only, so maps for several classes cost little more than one.
class GradCamPass {
public:
    GradCamPass(NetImpl& net, const torch::Tensor& x); // x: one normalised image, 1 x C x H x W
    const torch::Tensor& logits() const { return m_logits; } // 1 x classes, detached
    ClassActivationMap map(int class_index) const;

private:
    torch::Tensor m_activation, m_output, m_logits;
};

// The maps of `classes` for x (see GradCamPass).
std::vector<ClassActivationMap> grad_cam(NetImpl& net, const torch::Tensor& x,
                                         const std::vector<int>& classes);

} // namespace resdense
