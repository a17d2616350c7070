#include "infer/grad_cam.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <torch/torch.h>

#include "resdense/error.h"

namespace resdense {

GradCamPass::GradCamPass(NetImpl& net, const torch::Tensor& x)
{
    if (x.dim() != 4 || x.size(0) != 1)
        throw Error("Grad-CAM takes one image (1 x C x H x W)");
    {
        torch::NoGradGuard no_grad;
        m_activation = net.cam_layer(x).to(torch::kFloat).contiguous();
    }
    torch::AutoGradMode with_grad(true);
    m_activation.requires_grad_(true);
    m_output = net.logits_from_cam_layer(m_activation);
    m_logits = m_output.detach();
}

ClassActivationMap GradCamPass::map(int c) const
{
    if (c < 0 || c >= m_output.size(1))
        throw Error("Grad-CAM: no class " + std::to_string(c));
    torch::Tensor grad;
    {
        torch::AutoGradMode with_grad(true);
        grad = torch::autograd::grad({m_output[0][c]}, {m_activation}, {},
                                     /*retain_graph=*/true)[0];
    }
    torch::NoGradGuard no_grad;
    const torch::Tensor weights = grad.mean({2, 3}, /*keepdim=*/true);
    torch::Tensor cam = torch::relu((weights * m_activation).sum(1))[0];
    const float peak = cam.max().item<float>();
    if (peak > 0.0f)
        cam = cam / peak;
    cam = cam.contiguous();
    ClassActivationMap map;
    map.class_index = c;
    map.height = static_cast<int>(cam.size(0));
    map.width = static_cast<int>(cam.size(1));
    map.values.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
    return map;
}

std::vector<ClassActivationMap> grad_cam(NetImpl& net, const torch::Tensor& x,
                                         const std::vector<int>& classes)
{
    const GradCamPass pass(net, x);
    std::vector<ClassActivationMap> maps;
    for (const int c : classes)
        maps.push_back(pass.map(c));
    return maps;
}

std::string cam_csv(const ClassActivationMap& map)
{
    std::ostringstream out;
    out.precision(7);
    for (int y = 0; y < map.height; ++y) {
        for (int x = 0; x < map.width; ++x)
            out << (x ? "," : "") << map.at(y, x);
        out << '\n';
    }
    return out.str();
}

void jet_colour(float t, std::uint8_t rgb[3])
{
    t = std::clamp(t, 0.0f, 1.0f);
    const auto channel = [t](float centre) {
        const float v = std::clamp(1.5f - std::abs(4.0f * t - centre), 0.0f, 1.0f);
        return static_cast<std::uint8_t>(std::lround(v * 255.0f));
    };
    rgb[0] = channel(3.0f);
    rgb[1] = channel(2.0f);
    rgb[2] = channel(1.0f);
}

PixelImage overlay_cam(const PixelImage& image, const ClassActivationMap& map, double opacity,
                       const ImageRegion& region)
{
    if (image.channels != 1 && image.channels != 3)
        throw Error("overlay_cam: images are gray or RGB");
    if (image.height < 1 || image.width < 1 ||
        image.pixels.size() !=
            static_cast<std::size_t>(image.height) * image.width * image.channels)
        throw Error("overlay_cam: the image is empty or its size does not match its pixels");
    if (map.height < 1 || map.width < 1 ||
        map.values.size() != static_cast<std::size_t>(map.height * map.width))
        throw Error("overlay_cam: the map is empty or its size does not match its values");
    PixelImage out;
    out.height = image.height;
    out.width = image.width;
    out.channels = 3;
    out.pixels.resize(static_cast<std::size_t>(out.height) * out.width * 3);
    // The region in pixels, at least one pixel each way.
    const int x0 = std::clamp(static_cast<int>(std::lround(region.left * image.width)), 0,
                              std::max(0, image.width - 1));
    const int y0 = std::clamp(static_cast<int>(std::lround(region.top * image.height)), 0,
                              std::max(0, image.height - 1));
    const int x1 =
        std::clamp(static_cast<int>(std::lround(region.right * image.width)), x0 + 1, image.width);
    const int y1 = std::clamp(static_cast<int>(std::lround(region.bottom * image.height)), y0 + 1,
                              image.height);
    torch::Tensor up;
    {
        torch::NoGradGuard no_grad;
        const torch::Tensor m = torch::from_blob(const_cast<float*>(map.values.data()),
                                                 {1, 1, map.height, map.width}, torch::kFloat);
        up = torch::nn::functional::interpolate(
                 m, torch::nn::functional::InterpolateFuncOptions()
                        .size(std::vector<std::int64_t>{y1 - y0, x1 - x0})
                        .mode(torch::kBilinear)
                        .align_corners(false))[0][0]
                 .clamp(0.0, 1.0)
                 .contiguous();
    }
    const float* heat = up.data_ptr<float>();
    const double a = std::clamp(opacity, 0.0, 1.0);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::size_t in = (static_cast<std::size_t>(y) * image.width + x) * image.channels;
            std::uint8_t* px = &out.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3];
            for (int c = 0; c < 3; ++c)
                px[c] = image.pixels[in + (image.channels == 3 ? c : 0)];
            if (x < x0 || x >= x1 || y < y0 || y >= y1)
                continue;
            std::uint8_t colour[3];
            jet_colour(heat[(y - y0) * (x1 - x0) + (x - x0)], colour);
            for (int c = 0; c < 3; ++c)
                px[c] = static_cast<std::uint8_t>(std::lround((1.0 - a) * px[c] + a * colour[c]));
        }
    return out;
}

} // namespace resdense
