#include "data/cifar_format.h"

#include "resdense/error.h"

namespace resdense {

void parse_cifar(std::string_view bytes, CifarVariant variant, const std::string& name,
                 RawImages& into)
{
    constexpr std::size_t kPixels = 3 * 32 * 32;
    const std::size_t label_bytes = variant == CifarVariant::Cifar10 ? 1 : 2;
    const std::size_t record = label_bytes + kPixels;
    const int classes = variant == CifarVariant::Cifar10 ? 10 : 100;
    if (bytes.empty())
        throw Error(name + ": empty file");
    if (bytes.size() % record != 0)
        throw Error(name + ": " + std::to_string(bytes.size()) +
                    " bytes is not a whole number of " + std::to_string(record) + "-byte " +
                    (variant == CifarVariant::Cifar10 ? "CIFAR-10" : "CIFAR-100") +
                    " records (truncated, or the other CIFAR variant?)");
    const std::size_t n = bytes.size() / record;
    into.c = 3;
    into.h = 32;
    into.w = 32;
    into.pixels.reserve(into.pixels.size() + n * kPixels);
    into.labels.reserve(into.labels.size() + n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view r = bytes.substr(i * record, record);
        const int label = static_cast<unsigned char>(r[label_bytes - 1]);
        if (label >= classes)
            throw Error(name + ": label " + std::to_string(label) + " of record " +
                        std::to_string(i) + " is out of range (" + std::to_string(classes) +
                        " classes)");
        into.labels.push_back(label);
        into.pixels.insert(into.pixels.end(), r.begin() + static_cast<std::ptrdiff_t>(label_bytes),
                           r.end());
    }
    into.n += static_cast<std::int64_t>(n);
}

} // namespace resdense
