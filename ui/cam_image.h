#pragma once

#include <QImage>

#include "resdense/classifier.h"

namespace resdense::ui {

// A PixelImage (gray or RGB) as a QImage (a copy).
QImage toQImage(const resdense::PixelImage& image);

// The model's view of the image (Prediction::input) with Grad-CAM map `index` of p over it,
// side x side pixels: small images are enlarged without blurring first, so the pixels stay
// visible under a smooth map. A null image when p has no such map.
QImage camImage(const resdense::Prediction& p, int index, double opacity, int side);

} // namespace resdense::ui
