#include "resdense/model_summary.h"

#include "models/layer_probe.h"
#include "models/net.h"
#include "resdense/error.h"

namespace resdense {

std::int64_t count_parameters(const ModelSpec& spec)
{
    Net net = make_model(spec);
    std::int64_t n = 0;
    for (const auto& p : net->parameters())
        n += p.numel();
    return n;
}

ModelSummary summarize(const ModelSpec& spec, int image_size)
{
    if (image_size < 1)
        throw Error("image size must be at least 1 pixel; got " + std::to_string(image_size));
    Net net = make_model(spec);
    net->eval();

    ModelSummary summary;
    summary.spec = spec;
    summary.image_size = image_size;
    for (const auto& p : net->parameters()) {
        summary.total_params += p.numel();
        if (p.requires_grad())
            summary.trainable_params += p.numel();
        summary.param_bytes += p.numel() * static_cast<std::int64_t>(p.element_size());
    }
    for (const auto& b : net->buffers())
        summary.param_bytes += b.numel() * static_cast<std::int64_t>(b.element_size());

    torch::NoGradGuard no_grad;
    LayerProbe probe(*net);
    try {
        auto input = torch::zeros({1, spec.in_channels, image_size, image_size});
        if (spec.channels_last)
            input = input.contiguous(torch::MemoryFormat::ChannelsLast);
        net->forward(input);
    } catch (const c10::Error& e) {
        throw Error("a " + std::to_string(image_size) + "x" + std::to_string(image_size) +
                    " image is too small for " + describe(spec) + ": " +
                    e.what_without_backtrace());
    }
    summary.layers = probe.rows();
    for (const auto& row : summary.layers) {
        summary.macs += row.macs;
        std::int64_t elements = 1;
        for (auto d : row.output)
            elements *= d;
        summary.activation_bytes += elements * static_cast<std::int64_t>(sizeof(float));
    }
    return summary;
}

} // namespace resdense
