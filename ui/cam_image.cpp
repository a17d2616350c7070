#include "cam_image.h"

#include <cstring>

#include "resdense/grad_cam.h"

namespace resdense::ui {

QImage toQImage(const resdense::PixelImage& image)
{
    if (image.height < 1 || image.width < 1 ||
        image.pixels.size() !=
            static_cast<std::size_t>(image.height) * image.width * image.channels)
        return {};
    const QImage::Format format =
        image.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    const QImage view(image.pixels.data(), image.width, image.height, image.width * image.channels,
                      format);
    return view.copy();
}

QImage camImage(const resdense::Prediction& p, int index, double opacity, int side)
{
    if (index < 0 || index >= static_cast<int>(p.cams.size()))
        return {};
    const QImage input = toQImage(p.input);
    if (input.isNull())
        return {};
    const bool small = input.width() <= side / 2 && input.height() <= side / 2;
    const QImage scaled = input.convertToFormat(QImage::Format_RGB888)
                              .scaled(side, side, Qt::KeepAspectRatio,
                                      small ? Qt::FastTransformation : Qt::SmoothTransformation);
    resdense::PixelImage big;
    big.height = scaled.height();
    big.width = scaled.width();
    big.channels = 3;
    big.pixels.resize(static_cast<std::size_t>(big.height) * big.width * 3);
    for (int y = 0; y < big.height; ++y)
        std::memcpy(big.pixels.data() + static_cast<std::size_t>(y) * big.width * 3,
                    scaled.constScanLine(y), static_cast<std::size_t>(big.width) * 3);
    // The map covers the whole model input (the crop region is where the input lies in the
    // original image, and this picture is the input itself).
    return toQImage(resdense::overlay_cam(big, p.cams[static_cast<std::size_t>(index)], opacity));
}

} // namespace resdense::ui
