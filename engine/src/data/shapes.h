#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/raw_images.h"

namespace resdense {

// A procedurally generated 10-class dataset of coloured shapes on a noisy background, for demos
// and for tests that must not depend on installed data. The same seed gives the same bytes.
std::vector<std::string> shape_class_names();
RawImages generate_shapes(std::int64_t count, int channels, int size, std::uint64_t seed);

} // namespace resdense
