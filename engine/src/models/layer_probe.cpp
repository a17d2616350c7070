#include "models/layer_probe.h"

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace resdense {
namespace {

thread_local LayerProbe* t_current = nullptr;

std::string short_type(const torch::nn::Module& layer)
{
    std::string type = layer.name(); // e.g. "torch::nn::Conv2dImpl"
    if (auto pos = type.rfind("::"); pos != std::string::npos)
        type = type.substr(pos + 2);
    if (type.size() > 4 && type.ends_with("Impl"))
        type.resize(type.size() - 4);
    return type;
}

std::int64_t own_params(const torch::nn::Module& layer)
{
    std::int64_t n = 0;
    for (const auto& p : layer.parameters(/*recurse=*/false))
        n += p.numel();
    return n;
}

std::int64_t macs_per_image(const torch::nn::Module& layer, const torch::Tensor& output)
{
    const std::int64_t batch = output.dim() > 0 ? output.size(0) : 1;
    const std::int64_t out_per_image = batch > 0 ? output.numel() / batch : 0;
    if (const auto* conv = dynamic_cast<const torch::nn::Conv2dImpl*>(&layer)) {
        const auto& o = conv->options;
        const std::int64_t kernel = (*o.kernel_size())[0] * (*o.kernel_size())[1];
        return out_per_image * (o.in_channels() / o.groups()) * kernel;
    }
    if (const auto* linear = dynamic_cast<const torch::nn::LinearImpl*>(&layer))
        return out_per_image * linear->options.in_features();
    return 0;
}

} // namespace

LayerProbe::LayerProbe(torch::nn::Module& root) : m_previous(t_current)
{
    for (const auto& item : root.named_modules(/*name_prefix=*/"", /*include_self=*/false))
        m_names.emplace(item.value().get(), item.key());
    t_current = this;
}

LayerProbe::~LayerProbe()
{
    t_current = m_previous;
}

LayerProbe* LayerProbe::current()
{
    return t_current;
}

void LayerProbe::record(const torch::nn::Module& layer, const torch::Tensor& input,
                        const torch::Tensor& output)
{
    (void)input;
    LayerRow row;
    auto it = m_names.find(&layer);
    row.name = it != m_names.end() ? it->second : std::string("?");
    row.type = short_type(layer);
    for (std::int64_t d = 1; d < output.dim(); ++d)
        row.output.push_back(output.size(d));
    row.params = own_params(layer);
    row.macs = macs_per_image(layer, output);
    m_rows.push_back(std::move(row));
}

} // namespace resdense
