#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// Which data to load and how to split it. A plain value, stored in run configs.
struct DatasetOptions {
    // "fashion-mnist" (Debian's dataset-fashion-mnist, built in), "fashion-mnist:DIR",
    // "mnist:DIR", "cifar10:DIR", "cifar100:DIR", "folder:DIR" (DIR/<class>/<images>, or
    // DIR/train/<class> and DIR/test/<class>), "shapes" or "shapes:N" (generated).
    std::string spec = "fashion-mnist";
    double val_fraction = 0.1;   // of the training images, stratified by class, in [0, 1)
    std::uint64_t seed = 0;      // drives the validation split and subsets
    int channels = 0;            // image folders and shapes: 1 or 3 (0: 3)
    int image_size = 0;          // image folders and shapes: height = width (0: 32)
    std::int64_t limit = 0;      // at most this many training images, stratified (0: all)
    std::int64_t test_limit = 0; // at most this many test images, stratified (0: all)

    bool operator==(const DatasetOptions&) const = default;
};

// Augmentation of training batches; validation and test batches are never augmented.
struct AugmentOptions {
    int crop_padding = 0;    // random crop after zero padding by this many pixels (0: off)
    bool hflip = false;      // random horizontal flip, p = 0.5
    bool vflip = false;      // random vertical flip, p = 0.5
    double erase_prob = 0.0; // random erasing (Zhong et al.): probability per image
    bool operator==(const AugmentOptions&) const = default;
};

// How decoded images are sized and normalised for the model: pretrained ImageNet models expect
// torchvision's Resize(256) + CenterCrop(224) and ImageNet's mean and std. Applied to every
// batch after decoding, and to an image being classified exactly as to a test image.
struct InputOptions {
    int resize = 0;           // shorter side resized to this many pixels, bilinear (0: as stored)
    int crop = 0;             // then a crop x crop square (0: the whole image)
    bool random_crop = false; // training batches: a random square instead of the centre one
    // "auto": ImageNet's mean and std when a slot starts from pretrained weights, else the
    // training split's own; "dataset"; "imagenet" (1 channel: the mean of the RGB values).
    std::string normalize = "auto";
    bool operator==(const InputOptions&) const = default;
};

struct SplitInfo {
    std::int64_t count = 0;
    std::vector<std::int64_t> per_class;
};

struct DatasetInfo {
    std::string name;   // "Fashion-MNIST", "CIFAR-10", "shapes", the folder name, ...
    std::string source; // where it was read from
    std::vector<std::string> classes;
    int channels = 0, height = 0, width = 0;
    SplitInfo train, val, test;
    std::vector<double> mean, std; // per channel, of the training split, in [0, 1] units
    double load_seconds = 0.0;
    std::int64_t skipped_files = 0;            // image folders: files that did not decode
    std::vector<std::string> skipped_examples; // the first few, with reasons
};

// The image side the model sees with these options, for images stored at `height` x `width`.
int model_image_size(const InputOptions& input, int height, int width);
// ImageNet's per-channel mean and std, as torchvision's weights expect (1 channel: their mean).
std::vector<double> imagenet_mean(int channels);
std::vector<double> imagenet_std(int channels);

// The dataset specs understood, one line each, for help texts.
std::vector<std::string> dataset_kinds();

// Loads the dataset (decoding everything once) and describes it. Throws resdense::Error naming
// the file and the problem: missing files (with how to get them), wrong magic numbers,
// truncated files, count mismatches, labels out of range, folders without images.
DatasetInfo dataset_info(const DatasetOptions& options);

// Writes a grid of `count` augmented training images with their class names to an image file
// (PNG, JPEG, ... by extension). Throws resdense::Error; needs OpenCV.
void write_preview(const DatasetOptions& options, const AugmentOptions& augment,
                   const std::string& out_path, int count);

} // namespace resdense
