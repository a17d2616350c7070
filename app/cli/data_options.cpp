#include "cli/data_options.h"

namespace resdense::cli {

void add_dataset_flags(CLI::App& cmd, DatasetOptions& o)
{
    cmd.add_option("-d,--dataset", o.spec,
                   "fashion-mnist (built in), fashion-mnist:DIR, mnist:DIR, cifar10:DIR, "
                   "cifar100:DIR, folder:DIR, shapes[:N]")
        ->capture_default_str();
    cmd.add_option("--val-fraction", o.val_fraction,
                   "Share of training images held out for validation")
        ->check(CLI::Range(0.0, 0.99))
        ->capture_default_str();
    cmd.add_option("--seed", o.seed, "Seed for splits, shuffling and augmentation")
        ->capture_default_str();
    cmd.add_option("--channels", o.channels, "Image folders and shapes: 1 (gray) or 3 (RGB)")
        ->check(CLI::IsMember({1, 3}));
    cmd.add_option("--image-size", o.image_size, "Image folders and shapes: side in pixels")
        ->check(CLI::Range(8, 1024));
    cmd.add_option("--limit", o.limit, "Use at most this many training images (stratified)")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--test-limit", o.test_limit, "Use at most this many test images (stratified)")
        ->check(CLI::NonNegativeNumber);
}

void add_input_flags(CLI::App& cmd, InputOptions& o)
{
    cmd.add_option("--resize", o.resize,
                   "Resize every image so its shorter side has N pixels, bilinear (pretrained "
                   "ImageNet models: 256; 0: as stored)")
        ->check(CLI::Range(0, 2048));
    cmd.add_option("--crop", o.crop,
                   "Then cut an N x N square: the centre one, or with --random-crop a random one "
                   "for training (pretrained ImageNet models: 224; 0: off)")
        ->check(CLI::Range(0, 2048));
    cmd.add_flag("--random-crop", o.random_crop, "Training batches: a random --crop square");
    cmd.add_option("--normalize", o.normalize,
                   "auto (ImageNet's mean and std when a model starts from a torchvision state "
                   "dict, else the training images'), dataset or imagenet")
        ->check(CLI::IsMember({"auto", "dataset", "imagenet"}))
        ->capture_default_str();
}

void add_augment_flags(CLI::App& cmd, AugmentOptions& o)
{
    cmd.add_option("--crop-padding", o.crop_padding, "Random crop after zero padding by N pixels")
        ->check(CLI::Range(0, 64));
    cmd.add_flag("--hflip", o.hflip, "Random horizontal flips");
    cmd.add_flag("--vflip", o.vflip, "Random vertical flips");
    cmd.add_option("--erase", o.erase_prob, "Random erasing probability per image")
        ->check(CLI::Range(0.0, 1.0));
}

} // namespace resdense::cli
