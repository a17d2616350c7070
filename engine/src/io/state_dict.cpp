#include "io/state_dict.h"

#include <map>
#include <sstream>

#include "resdense/error.h"

namespace resdense {

std::string shape_text(const torch::Tensor& t)
{
    std::ostringstream os;
    os << "[";
    for (std::int64_t d = 0; d < t.dim(); ++d)
        os << (d ? ", " : "") << t.size(d);
    os << "]";
    return os.str();
}

namespace {

// "a, b, c and 12 more"
std::string listing(const std::vector<std::string>& items)
{
    constexpr std::size_t kShown = 6;
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < kShown; ++i)
        out += (i ? ", " : "") + items[i];
    if (items.size() > kShown)
        out += " and " + std::to_string(items.size() - kShown) + " more";
    return out;
}

} // namespace

NamedTensors state_dict(const torch::nn::Module& module)
{
    NamedTensors out;
    // named_parameters/named_buffers recurse in registration order; PyTorch interleaves a
    // module's own parameters and buffers, which does not matter to load_state_dict.
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        out.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        out.emplace_back(item.key(), item.value());
    return out;
}

void load_state_dict(torch::nn::Module& module, const NamedTensors& state,
                     const std::string& source)
{
    const NamedTensors ordered = state_dict(module); // the model's order, for the messages
    std::map<std::string, torch::Tensor> targets(ordered.begin(), ordered.end());

    std::vector<std::string> unexpected, mis_shaped, missing;
    std::map<std::string, torch::Tensor> given;
    for (const auto& [name, tensor] : state) {
        given.emplace(name, tensor);
        auto it = targets.find(name);
        if (it == targets.end())
            unexpected.push_back(name);
        else if (it->second.sizes() != tensor.sizes())
            mis_shaped.push_back(name + " " + shape_text(tensor) + " where the model has " +
                                 shape_text(it->second));
    }
    // Files saved before PyTorch 0.4.1 (torchvision's published DenseNet weights among them)
    // carry no num_batches_tracked; PyTorch's BatchNorm then starts the count at 0, and so do we.
    for (const auto& [name, tensor] : ordered)
        if (!given.count(name)) {
            if (!is_batch_counter(name))
                missing.push_back(name);
        }

    if (!missing.empty() || !unexpected.empty() || !mis_shaped.empty()) {
        std::string msg = source + " does not fit this model:";
        if (!missing.empty())
            msg += " missing " + std::to_string(missing.size()) + " (" + listing(missing) + ");";
        if (!unexpected.empty())
            msg += " unexpected " + std::to_string(unexpected.size()) + " (" + listing(unexpected) +
                   ");";
        if (!mis_shaped.empty())
            msg += " mis-shaped " + std::to_string(mis_shaped.size()) + " (" + listing(mis_shaped) +
                   ");";
        msg.pop_back();
        throw Error(msg + ". Nothing was loaded.");
    }

    torch::NoGradGuard no_grad;
    for (auto& [name, target] : targets) {
        auto it = given.find(name);
        if (it != given.end())
            target.copy_(it->second);
        else
            target.zero_(); // a missing num_batches_tracked
    }
}

bool is_batch_counter(const std::string& name)
{
    constexpr std::string_view suffix = "num_batches_tracked";
    return name.ends_with(suffix) &&
           (name.size() == suffix.size() || name[name.size() - suffix.size() - 1] == '.');
}

} // namespace resdense
