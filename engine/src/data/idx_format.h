#pragma once

#include <string>
#include <string_view>

#include "data/raw_images.h"

namespace resdense {

// IDX files (MNIST, Fashion-MNIST): images (magic 0x00000803, N x H x W bytes) and labels
// (magic 0x00000801, N bytes). Each check runs before a byte is trusted; errors name `name`
// (the file) and what is wrong. Labels must be below num_classes. The image bytes become the
// pixel store in place (no copy of the image data).
RawImages parse_idx(Bytes images, const Bytes& labels, const std::string& images_name,
                    const std::string& labels_name, int num_classes);

} // namespace resdense
