#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "data/batch_loader.h"
#include "data/dataset_store.h"
#include "resdense/error.h"

#ifdef RESDENSE_HAVE_OPENCV
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace resdense {

void write_preview(const DatasetOptions& options, const AugmentOptions& augment,
                   const std::string& out_path, int count)
{
#ifdef RESDENSE_HAVE_OPENCV
    if (count < 1 || count > 1024)
        throw Error("preview image count must be between 1 and 1024; got " + std::to_string(count));
    Dataset data = load_dataset(options);
    LoaderOptions lo;
    lo.batch_size = std::min<std::int64_t>(count, data.train.size());
    lo.seed = options.seed;
    lo.augment = augment; // no normalisation: the pixels are shown as the model's input sees them
    BatchLoader loader(data.train, lo);
    const Batch batch = loader.make_batch(0, 0);
    const auto pixels =
        batch.images.mul(255.0f).round().clamp(0, 255).to(torch::kUInt8).contiguous();

    const int n = static_cast<int>(pixels.size(0)), c = static_cast<int>(pixels.size(1));
    const int h = static_cast<int>(pixels.size(2)), w = static_cast<int>(pixels.size(3));
    const int scale = std::max(1, 96 / std::max(h, w));
    const int cols = std::min(n, 10), rows = (n + cols - 1) / cols;
    const int cell_w = std::max(w * scale, 96), label_h = 18, pad = 6;
    cv::Mat grid(rows * (h * scale + label_h + pad) + pad, cols * (cell_w + pad) + pad, CV_8UC3,
                 cv::Scalar(255, 255, 255));
    for (int i = 0; i < n; ++i) {
        auto hwc = pixels[i].permute({1, 2, 0}).contiguous();
        cv::Mat img(h, w, c == 3 ? CV_8UC3 : CV_8UC1, hwc.data_ptr<std::uint8_t>());
        cv::Mat bgr;
        cv::cvtColor(img, bgr, c == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
        cv::resize(bgr, bgr, cv::Size(w * scale, h * scale), 0, 0, cv::INTER_NEAREST);
        const int x = pad + (i % cols) * (cell_w + pad) + (cell_w - w * scale) / 2;
        const int y = pad + (i / cols) * (h * scale + label_h + pad);
        bgr.copyTo(grid(cv::Rect(x, y, w * scale, h * scale)));
        const auto label = batch.labels[i].item<std::int64_t>();
        const std::string name = data.info.classes[static_cast<std::size_t>(label)];
        cv::putText(grid, name.substr(0, 14),
                    cv::Point(pad + (i % cols) * (cell_w + pad), y + h * scale + 13),
                    cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(40, 40, 40), 1, cv::LINE_AA);
    }
    bool ok = false;
    try {
        ok = cv::imwrite(out_path, grid);
    } catch (const cv::Exception& e) {
        throw Error(out_path + ": cannot write the preview (" + e.err + ")");
    }
    if (!ok)
        throw Error(out_path +
                    ": cannot write the preview (unknown image extension or unwritable folder)");
#else
    (void)options;
    (void)augment;
    (void)count;
    throw Error(out_path + ": previews need OpenCV, and this build has none (RESDENSE_OPENCV=OFF)");
#endif
}

} // namespace resdense
