#pragma once

#include <string>
#include <string_view>

#include "data/raw_images.h"

namespace resdense {

enum class CifarVariant {
    Cifar10,  // records: 1 label byte + 3072 pixel bytes
    Cifar100, // records: coarse label byte + fine label byte + 3072 pixel bytes (fine is used)
};

// Appends the records of one CIFAR binary file to into (32x32 RGB). Errors name `name`.
void parse_cifar(std::string_view bytes, CifarVariant variant, const std::string& name,
                 RawImages& into);

} // namespace resdense
