#include <filesystem>

#include "data/image_decode.h"
#include "io/atomic_file.h"
#include "resdense/classifier.h"
#include "resdense/error.h"

namespace resdense {

void write_cam_files(const Prediction& p, std::string_view image_bytes, const std::string& dir,
                     const std::string& stem, double opacity)
{
    if (!p.ok || p.cams.empty())
        throw Error(p.source + ": no Grad-CAM to write (" +
                    (p.ok ? std::string("classified without explain") : p.error) + ")");
    std::filesystem::create_directories(dir);
    const std::string base = (std::filesystem::path(dir) / stem).string();
    const ClassActivationMap& map = p.cams.front();
    write_file_atomic(base + ".cam.csv", cam_csv(map));

    PixelImage image;
    std::string why;
    if (!decode_image_as_is(image_bytes, 3, image.pixels, image.height, image.width, why))
        throw Error(p.source + ": " + why);
    const PixelImage overlay = overlay_cam(image, map, opacity, p.region);
    write_image(base + ".cam.png", overlay.pixels.data(), overlay.height, overlay.width, 3);
}

} // namespace resdense
