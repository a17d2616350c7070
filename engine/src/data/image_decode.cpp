#include "data/image_decode.h"

#include <algorithm>

#include "data/image_header.h"
#include "resdense/error.h"

#ifdef RESDENSE_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace resdense {

#ifdef RESDENSE_HAVE_OPENCV

bool image_codecs_available()
{
    return true;
}

namespace {

// The image in `channels` (gray, or RGB in that order) at its own size, 8-bit interleaved.
bool decode_to_mat(std::string_view bytes, int channels, cv::Mat& converted, std::string& why)
{
    if (bytes.empty()) {
        why = "empty file";
        return false;
    }
    if (channels != 1 && channels != 3) {
        why = "only 1 or 3 channels are supported";
        return false;
    }
    if (!known_image_signature(bytes)) {
        why = "not a readable image (not PNG, JPEG, BMP, GIF, PNM, TIFF or WebP)";
        return false;
    }
    if (const auto size = image_header_size(bytes); size && too_many_pixels(*size)) {
        why = "the file says the image is " + std::to_string(size->width) + " x " +
              std::to_string(size->height) + " pixels; at most " +
              std::to_string(kMaxImagePixels / 1'000'000) + " million are decoded";
        return false;
    }
    try {
        const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8U,
                              const_cast<char*>(bytes.data()));
        cv::Mat img = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
        if (img.empty()) {
            why = "not a readable image (unknown format or corrupt data)";
            return false;
        }
        if (img.depth() == CV_16U)
            img.convertTo(img, CV_8U, 1.0 / 257.0);
        else if (img.depth() == CV_32F)
            img.convertTo(img, CV_8U, 255.0);
        else if (img.depth() != CV_8U)
            img.convertTo(img, CV_8U);
        const int have = img.channels();
        int code = -1; // no conversion needed
        if (channels == 1)
            code = have == 3 ? cv::COLOR_BGR2GRAY : have == 4 ? cv::COLOR_BGRA2GRAY : -1;
        else
            code = have == 1   ? cv::COLOR_GRAY2RGB
                   : have == 4 ? cv::COLOR_BGRA2RGB
                               : cv::COLOR_BGR2RGB;
        converted = img;
        if (code >= 0)
            cv::cvtColor(img, converted, code);
        return true;
    } catch (const cv::Exception& e) {
        why = std::string("cannot decode: ") + e.err;
        return false;
    }
}

} // namespace

bool decode_image(std::string_view bytes, int channels, int height, int width, std::uint8_t* out,
                  std::string& why)
{
    cv::Mat converted;
    if (!decode_to_mat(bytes, channels, converted, why))
        return false;
    try {
        if (converted.rows != height || converted.cols != width) {
            const bool shrink = converted.rows > height || converted.cols > width;
            cv::resize(converted, converted, cv::Size(width, height), 0, 0,
                       shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
        }
    } catch (const cv::Exception& e) {
        why = std::string("cannot decode: ") + e.err;
        return false;
    }
    // Interleaved HWC to planar CHW.
    const std::size_t plane = static_cast<std::size_t>(height) * width;
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* row = converted.ptr<std::uint8_t>(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                out[c * plane + static_cast<std::size_t>(y) * width + x] = row[x * channels + c];
    }
    return true;
}

bool decode_image_as_is(std::string_view bytes, int channels, std::vector<std::uint8_t>& hwc,
                        int& height, int& width, std::string& why)
{
    cv::Mat converted;
    if (!decode_to_mat(bytes, channels, converted, why))
        return false;
    height = converted.rows;
    width = converted.cols;
    const std::size_t row_bytes = static_cast<std::size_t>(width) * channels;
    hwc.resize(row_bytes * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y)
        std::copy_n(converted.ptr<std::uint8_t>(y), row_bytes, hwc.data() + y * row_bytes);
    return true;
}

void write_image(const std::string& path, const std::uint8_t* hwc, int height, int width,
                 int channels)
{
    cv::Mat img(height, width, channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<std::uint8_t*>(hwc));
    cv::Mat bgr;
    if (channels == 3)
        cv::cvtColor(img, bgr, cv::COLOR_RGB2BGR);
    else
        bgr = img;
    bool ok = false;
    try {
        ok = cv::imwrite(path, bgr);
    } catch (const cv::Exception& e) {
        throw Error(path + ": cannot write the image (" + e.err + ")");
    }
    if (!ok)
        throw Error(path + ": cannot write the image (unknown extension or unwritable folder)");
}

std::string encode_image_png(const std::uint8_t* hwc, int height, int width, int channels)
{
    if (height < 1 || width < 1 || (channels != 1 && channels != 3))
        throw Error("cannot encode an empty image or one of " + std::to_string(channels) +
                    " channels");
    cv::Mat img(height, width, channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<std::uint8_t*>(hwc));
    cv::Mat bgr;
    if (channels == 3)
        cv::cvtColor(img, bgr, cv::COLOR_RGB2BGR);
    else
        bgr = img;
    std::vector<std::uint8_t> bytes;
    try {
        if (!cv::imencode(".png", bgr, bytes))
            throw Error("cannot encode the image as PNG");
    } catch (const cv::Exception& e) {
        throw Error(std::string("cannot encode the image as PNG: ") + e.err);
    }
    return {bytes.begin(), bytes.end()};
}

#else

std::string encode_image_png(const std::uint8_t*, int, int, int)
{
    throw Error("this build cannot encode images (built with RESDENSE_OPENCV=OFF)");
}

bool image_codecs_available()
{
    return false;
}

bool decode_image(std::string_view, int, int, int, std::uint8_t*, std::string& why)
{
    why = "this build has no image decoding (built with RESDENSE_OPENCV=OFF)";
    return false;
}

bool decode_image_as_is(std::string_view, int, std::vector<std::uint8_t>&, int&, int&,
                        std::string& why)
{
    why = "this build has no image decoding (built with RESDENSE_OPENCV=OFF)";
    return false;
}

void write_image(const std::string& path, const std::uint8_t*, int, int, int)
{
    throw Error(path + ": this build cannot write images (built with RESDENSE_OPENCV=OFF)");
}

#endif

} // namespace resdense
