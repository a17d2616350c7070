#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "resdense/model_summary.h"

namespace resdense {

// Records every leaf layer a forward pass runs through, for the model summary. LibTorch's C++
// modules have no forward hooks, so the models route leaf calls through tap(); with no probe
// installed on the thread that costs one thread-local read.
class LayerProbe {
public:
    explicit LayerProbe(torch::nn::Module& root); // installs itself on this thread
    ~LayerProbe();
    LayerProbe(const LayerProbe&) = delete;
    LayerProbe& operator=(const LayerProbe&) = delete;

    static LayerProbe* current();
    void record(const torch::nn::Module& layer, const torch::Tensor& input,
                const torch::Tensor& output);
    const std::vector<LayerRow>& rows() const { return m_rows; }

private:
    std::unordered_map<const torch::nn::Module*, std::string> m_names;
    std::vector<LayerRow> m_rows;
    LayerProbe* m_previous = nullptr;
};

// Runs a leaf module holder (Conv2d, BatchNorm2d, Linear, ...) and reports it to the probe.
template <typename Holder> torch::Tensor tap(Holder& layer, const torch::Tensor& x)
{
    torch::Tensor y = layer->forward(x);
    if (LayerProbe* probe = LayerProbe::current())
        probe->record(*layer, x, y);
    return y;
}

} // namespace resdense
