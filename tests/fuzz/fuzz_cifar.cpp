// Input: one byte choosing CIFAR-10 or CIFAR-100, then the file. parse_cifar accepts or throws
// resdense::Error.
#include <cstdint>
#include <string_view>

#include "data/cifar_format.h"
#include "resdense/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const auto variant =
        (data[0] & 1) ? resdense::CifarVariant::Cifar100 : resdense::CifarVariant::Cifar10;
    resdense::RawImages raw;
    try {
        resdense::parse_cifar(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
                              variant, "batch.bin", raw);
        if (raw.pixels.size() != static_cast<std::size_t>(raw.n) * 3072 ||
            raw.labels.size() != static_cast<std::size_t>(raw.n))
            __builtin_trap();
    } catch (const resdense::Error&) {
    }
    return 0;
}
