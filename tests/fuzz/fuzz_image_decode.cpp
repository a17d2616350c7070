// Any bytes, as a dropped file or an image-folder entry would give them: decode_image returns
// true or false (with a reason), never crashes or throws.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/utility.hpp>

#include "data/image_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const bool once = [] {
        cv::setNumThreads(0);
        return true;
    }();
    (void)once;
    std::vector<std::uint8_t> out(3 * 32 * 32);
    std::string why;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (int channels : {1, 3})
        if (!resdense::decode_image(bytes, channels, 32, 32, out.data(), why) && why.empty())
            __builtin_trap();
    return 0;
}
