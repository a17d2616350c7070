#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "resdense/pixel_image.h"

namespace resdense {

// Grad-CAM (Selvaraju et al. 2017) of one class, at the target layer's resolution. Target layer:
// the last stage's output for ResNets (torchvision's `layer4`), the final norm before its ReLU
// for DenseNets (`features.norm5`). With A_k the layer's channels and y_c the class logit,
// w_k = mean over positions of dy_c/dA_k and map = ReLU(sum_k w_k A_k) / its maximum; a map
// that is zero everywhere stays zero.
struct ClassActivationMap {
    int class_index = 0;
    int height = 0, width = 0;
    std::vector<float> values; // row-major, each in [0, 1]

    float at(int y, int x) const { return values[static_cast<std::size_t>(y * width + x)]; }
};

// Where a model's input lies in the image it was made from, as fractions of that image's width
// and height (the whole image unless the run centre-crops).
struct ImageRegion {
    double left = 0.0, top = 0.0, right = 1.0, bottom = 1.0;
};

// The map as text: one row per line, values comma-separated (what `classify --cam` writes).
std::string cam_csv(const ClassActivationMap& map);

// The map upsampled (bilinear) over `region` of image, coloured with the jet colour map and
// blended onto it: opacity 0 is the image, 1 the colours alone. Outside the region the image is
// unchanged. Always RGB.
PixelImage overlay_cam(const PixelImage& image, const ClassActivationMap& map, double opacity,
                       const ImageRegion& region = {});

// The jet colour of t in [0, 1] (blue, cyan, yellow, red), as 0-255 RGB.
void jet_colour(float t, std::uint8_t rgb[3]);

} // namespace resdense
