#include "data/shapes.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace resdense {
namespace {

enum Shape { Circle, Square, Triangle, Ring, Cross, Plus, Diamond, HBar, VBar, Frame };

// Is the point (u, v), relative to the centre in units of the shape's radius, inside?
bool inside(int shape, double u, double v)
{
    const double au = std::abs(u), av = std::abs(v);
    const double r = std::sqrt(u * u + v * v);
    switch (shape) {
    case Circle: return r <= 1.0;
    case Square: return au <= 0.8 && av <= 0.8;
    case Triangle: return v <= 0.8 && v >= -0.9 + 2.0 * au;
    case Ring: return r <= 1.0 && r >= 0.6;
    case Cross: return r <= 1.05 && std::abs(au - av) <= 0.25;
    case Plus: return (au <= 0.22 && av <= 1.0) || (av <= 0.22 && au <= 1.0);
    case Diamond: return au + av <= 1.0;
    case HBar: return au <= 1.0 && av <= 0.3;
    case VBar: return av <= 1.0 && au <= 0.3;
    case Frame: return au <= 0.9 && av <= 0.9 && (au >= 0.6 || av >= 0.6);
    }
    return false;
}

} // namespace

std::vector<std::string> shape_class_names()
{
    return {"circle", "square",  "triangle",       "ring",         "cross",
            "plus",   "diamond", "horizontal bar", "vertical bar", "frame"};
}

RawImages generate_shapes(std::int64_t count, int channels, int size, std::uint64_t seed)
{
    RawImages raw;
    raw.n = count;
    raw.c = channels;
    raw.h = size;
    raw.w = size;
    raw.pixels.resize(static_cast<std::size_t>(count * channels * size * size));
    raw.labels.resize(static_cast<std::size_t>(count));
    std::mt19937_64 rng(seed);
    auto uniform = [&](double lo, double hi) {
        return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
    };
    const std::size_t plane = static_cast<std::size_t>(size) * size;
    for (std::int64_t i = 0; i < count; ++i) {
        const int shape = static_cast<int>(i % 10); // balanced classes
        raw.labels[static_cast<std::size_t>(i)] = shape;
        const double radius = uniform(0.22, 0.38) * size;
        const double cx = uniform(radius, size - radius), cy = uniform(radius, size - radius);
        // A foreground colour far enough from the background to stay visible in gray too.
        double bg[3], fg[3];
        const double bg_level = uniform(0.0, 0.35), fg_level = uniform(0.65, 1.0);
        const bool dark_on_light = (rng() & 1) != 0;
        for (int c = 0; c < 3; ++c) {
            bg[c] = std::clamp((dark_on_light ? 1.0 - bg_level : bg_level) + uniform(-0.1, 0.1),
                               0.0, 1.0);
            fg[c] = std::clamp((dark_on_light ? 1.0 - fg_level : fg_level) + uniform(-0.3, 0.3),
                               0.0, 1.0);
        }
        std::uint8_t* img = raw.pixels.data() + static_cast<std::size_t>(i) * channels * plane;
        for (int y = 0; y < size; ++y) {
            for (int x = 0; x < size; ++x) {
                const bool in = inside(shape, (x + 0.5 - cx) / radius, (y + 0.5 - cy) / radius);
                const double noise = uniform(-0.06, 0.06);
                const double* col = in ? fg : bg;
                if (channels == 1) {
                    const double g = 0.299 * col[0] + 0.587 * col[1] + 0.114 * col[2];
                    img[static_cast<std::size_t>(y) * size + x] =
                        static_cast<std::uint8_t>(std::clamp(g + noise, 0.0, 1.0) * 255.0 + 0.5);
                } else {
                    for (int c = 0; c < 3; ++c)
                        img[c * plane + static_cast<std::size_t>(y) * size + x] =
                            static_cast<std::uint8_t>(std::clamp(col[c] + noise, 0.0, 1.0) * 255.0 +
                                                      0.5);
                }
            }
        }
    }
    return raw;
}

} // namespace resdense
