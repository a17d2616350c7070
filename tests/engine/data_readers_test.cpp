#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "data/cifar_format.h"
#include "data/dataset_store.h"
#include "data/idx_format.h"
#include "data/image_decode.h"
#include "data/image_header.h"
#include "data_test_files.h"
#include "resdense/error.h"

using namespace resdense;
using namespace resdense::testing;
namespace fs = std::filesystem;

namespace {

class DataReaders : public TempDir {
protected:
    // The message of the error loading spec throws; fails the test when it does not throw.
    std::string error_of(const std::string& spec)
    {
        DatasetOptions o;
        o.spec = spec;
        try {
            dataset_info(o);
        } catch (const Error& e) {
            return e.what();
        }
        ADD_FAILURE() << spec << " loaded without an error";
        return {};
    }
    std::string dir(const std::string& name = "") const { return (m_dir / name).string(); }
};

Bytes bytes_of(const std::string& s)
{
    return {s.begin(), s.end()};
}

} // namespace

TEST_F(DataReaders, IdxGzipAndPlainGiveTheSameImages)
{
    write_idx_dataset(m_dir / "gz", 50, 20);
    for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
        const Bytes b = read_maybe_gzip(dir("gz/" + std::string(name) + ".gz"));
        write_file(m_dir / "plain" / name, std::string(b.begin(), b.end()));
    }
    DatasetOptions o;
    o.val_fraction = 0.2;
    o.spec = "mnist:" + dir("gz");
    Dataset gz = load_dataset(o);
    o.spec = "mnist:" + dir("plain");
    Dataset plain = load_dataset(o);
    EXPECT_EQ(gz.info.name, "MNIST");
    EXPECT_EQ(gz.info.train.count, 40);
    EXPECT_EQ(gz.info.val.count, 10);
    EXPECT_EQ(gz.info.test.count, 20);
    EXPECT_EQ(gz.info.channels, 1);
    EXPECT_EQ(gz.info.height, 28);
    EXPECT_TRUE(torch::equal(gz.train.images, plain.train.images));
    EXPECT_TRUE(torch::equal(gz.test.labels, plain.test.labels));
    // Test image 3 is pixel (3 + y + x) % 256.
    EXPECT_EQ(gz.test.images[3][0][2][5].item<int>(), 10);
    EXPECT_EQ(gz.test.labels[3].item<std::int64_t>(), 3);
}

TEST_F(DataReaders, IdxBadInputsNameTheFileAndTheProblem)
{
    const std::string imgs = "images.idx", lbls = "labels.idx";
    auto parse = [&](const std::string& images, const std::string& labels) -> std::string {
        try {
            parse_idx(bytes_of(images), bytes_of(labels), imgs, lbls, 10);
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    };
    const std::string good = idx_images(4, 28, 28), labels = idx_labels(4, 10);
    EXPECT_EQ(parse(good, labels), "no error");
    EXPECT_NE(parse(good.substr(0, 10), labels).find("images.idx: too short"), std::string::npos);
    EXPECT_NE(parse(idx_labels(20, 10), labels)
                  .find("images.idx: not an IDX image file (magic number 0x00000801"),
              std::string::npos);
    EXPECT_NE(parse(good, good).find("labels.idx: not an IDX label file"), std::string::npos);
    EXPECT_NE(parse(good.substr(0, good.size() - 100), labels).find("(truncated)"),
              std::string::npos);
    EXPECT_NE(parse(good + "xx", labels).find("(trailing data)"), std::string::npos);
    EXPECT_NE(parse(good, idx_labels(3, 10)).find("labels.idx: 3 labels for 4 images"),
              std::string::npos);
    std::string bad_label = labels;
    bad_label[8 + 2] = 42;
    EXPECT_NE(parse(good, bad_label).find("label 42 of image 2 is out of range"),
              std::string::npos);
    // A header claiming 2^32-1 images of 4096x4096: refused from the size check, nothing allocated.
    const std::string absurd = be32(0x803) + be32(0xffffffff) + be32(4096) + be32(4096);
    EXPECT_NE(parse(absurd, labels).find("but the file holds 0"), std::string::npos);
    const std::string huge_side = be32(0x803) + be32(1) + be32(100000) + be32(1);
    EXPECT_NE(parse(huge_side, labels).find("implausible dimensions"), std::string::npos);
}

TEST_F(DataReaders, TruncatedGzipIsAnError)
{
    write_idx_dataset(m_dir, 30, 10);
    std::ifstream in(m_dir / "train-images-idx3-ubyte.gz", std::ios::binary);
    std::string gz{std::istreambuf_iterator<char>(in), {}};
    write_file(m_dir / "train-images-idx3-ubyte.gz", gz.substr(0, gz.size() / 2));
    const std::string msg = error_of("mnist:" + dir());
    EXPECT_NE(msg.find("train-images-idx3-ubyte.gz"), std::string::npos) << msg;
}

TEST_F(DataReaders, MissingDatasetSaysHowToGetIt)
{
    EXPECT_NE(
        error_of("fashion-mnist:" + dir("none")).find("apt-get install dataset-fashion-mnist"),
        std::string::npos);
    EXPECT_NE(error_of("mnist:" + dir("none")).find("train-images-idx3-ubyte"), std::string::npos);
    EXPECT_NE(error_of("mnist").find("needs a folder"), std::string::npos);
    const std::string unknown = error_of("imagenet:/x");
    EXPECT_NE(unknown.find("unknown dataset 'imagenet:/x'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("cifar10:DIR"), std::string::npos) << unknown;
    EXPECT_NE(error_of("shapes:abc").find("not an image count"), std::string::npos);
}

TEST_F(DataReaders, Cifar10And100)
{
    for (int i = 1; i <= 5; ++i)
        write_file(m_dir / "c10" / ("data_batch_" + std::to_string(i) + ".bin"),
                   cifar_records(20, false));
    write_file(m_dir / "c10" / "test_batch.bin", cifar_records(10, false));
    write_file(m_dir / "c10" / "batches.meta.txt", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
    DatasetOptions o;
    o.spec = "cifar10:" + dir("c10");
    o.val_fraction = 0.0;
    Dataset d = load_dataset(o);
    EXPECT_EQ(d.info.name, "CIFAR-10");
    EXPECT_EQ(d.info.train.count, 100);
    EXPECT_EQ(d.info.test.count, 10);
    EXPECT_EQ(d.info.channels, 3);
    EXPECT_EQ(d.info.classes.front(), "a");
    EXPECT_EQ(d.train.images[7][2][31][31].item<int>(), 7);

    write_file(m_dir / "c100" / "cifar-100-binary" / "train.bin", cifar_records(200, true));
    write_file(m_dir / "c100" / "cifar-100-binary" / "test.bin", cifar_records(100, true));
    o.spec = "cifar100:" + dir("c100"); // finds the inner folder by itself
    d = load_dataset(o);
    EXPECT_EQ(d.info.classes.size(), 100u);
    EXPECT_EQ(d.train.labels[99].item<std::int64_t>(), 99); // the fine label, not the coarse one
}

TEST_F(DataReaders, CifarBadInputs)
{
    RawImages into;
    auto parse = [&](const std::string& bytes, CifarVariant v) -> std::string {
        try {
            parse_cifar(bytes, v, "batch.bin", into);
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_NE(parse("", CifarVariant::Cifar10).find("batch.bin: empty file"), std::string::npos);
    EXPECT_NE(parse(cifar_records(3, false).substr(0, 5000), CifarVariant::Cifar10)
                  .find("not a whole number"),
              std::string::npos);
    std::string bad = cifar_records(2, false);
    bad[3073] = 10;
    EXPECT_NE(parse(bad, CifarVariant::Cifar10).find("label 10 of record 1 is out of range"),
              std::string::npos);
    // CIFAR-100 records read as CIFAR-10 do not divide evenly.
    EXPECT_NE(parse(cifar_records(2, true), CifarVariant::Cifar10).find("other CIFAR variant"),
              std::string::npos);
    EXPECT_NE(error_of("cifar10:" + dir()).find("data_batch_1.bin is missing"), std::string::npos);
}

TEST_F(DataReaders, ImageFolderDecodesResizesAndSkipsBadFiles)
{
    if (!image_codecs_available())
        GTEST_SKIP() << "built without OpenCV";
    // Two classes of real PNG/BMP/JPEG files of other sizes, plus files that must be skipped.
    std::vector<std::uint8_t> red(40 * 30 * 3), gray(20 * 20);
    for (std::size_t i = 0; i < red.size(); i += 3)
        red[i] = 255;
    std::fill(gray.begin(), gray.end(), 128);
    fs::create_directories(m_dir / "f" / "cats");
    fs::create_directories(m_dir / "f" / "dogs");
    write_image(dir("f/cats/a.png"), red.data(), 30, 40, 3);
    write_image(dir("f/cats/b.bmp"), red.data(), 30, 40, 3);
    write_image(dir("f/dogs/c.jpg"), gray.data(), 20, 20, 1);
    write_image(dir("f/dogs/d.webp"), gray.data(), 20, 20, 1);
    write_file(m_dir / "f" / "dogs" / "empty.png", "");
    write_file(m_dir / "f" / "dogs" / "text.png", "this is not a png\n");
    write_file(m_dir / "f" / "dogs" / "notes.txt", "ignored by extension");

    DatasetOptions o;
    o.spec = "folder:" + dir("f");
    o.val_fraction = 0.0;
    o.image_size = 16;
    o.channels = 3;
    Dataset d = load_dataset(o);
    EXPECT_EQ(d.info.classes, (std::vector<std::string>{"cats", "dogs"}));
    EXPECT_EQ(d.info.train.count, 4);
    EXPECT_EQ(d.info.train.per_class, (std::vector<std::int64_t>{2, 2}));
    EXPECT_EQ(d.info.skipped_files, 2);
    ASSERT_EQ(d.info.skipped_examples.size(), 2u);
    EXPECT_NE(d.info.skipped_examples[0].find("empty.png: empty file"), std::string::npos);
    EXPECT_EQ(d.train.images.sizes(), (std::vector<std::int64_t>{4, 3, 16, 16}));
    EXPECT_EQ(d.train.images[0][0][8][8].item<int>(), 255); // red stays red (RGB order)
    EXPECT_EQ(d.train.images[0][2][8][8].item<int>(), 0);
    EXPECT_NEAR(d.train.images[2][1][8][8].item<int>(), 128, 3); // gray JPEG to RGB

    o.channels = 1;
    d = load_dataset(o);
    EXPECT_EQ(d.train.images.size(1), 1);
    EXPECT_NEAR(d.train.images[0][0][8][8].item<int>(), 76, 2); // 0.299 * 255
}

TEST_F(DataReaders, ImageFolderTrainTestLayout)
{
    if (!image_codecs_available())
        GTEST_SKIP() << "built without OpenCV";
    std::vector<std::uint8_t> px(8 * 8 * 3, 200);
    for (const char* split : {"train", "test"})
        for (const char* cls : {"x", "y"}) {
            fs::create_directories(m_dir / split / cls);
            write_image(dir(std::string(split) + "/" + cls + "/1.png"), px.data(), 8, 8, 3);
        }
    DatasetOptions o;
    o.spec = "folder:" + dir();
    o.val_fraction = 0.0;
    Dataset d = load_dataset(o);
    EXPECT_EQ(d.info.train.count, 2);
    EXPECT_EQ(d.info.test.count, 2);
    EXPECT_EQ(d.info.height, 32);
}

TEST_F(DataReaders, EmptyFoldersAreClearErrors)
{
    fs::create_directories(m_dir / "empty");
    EXPECT_NE(error_of("folder:" + dir("empty")).find("no class folders"), std::string::npos);
    fs::create_directories(m_dir / "noimg" / "a");
    write_file(m_dir / "noimg" / "a" / "x.png", "garbage");
    const std::string msg = error_of("folder:" + dir("noimg"));
    EXPECT_NE(msg.find("no readable images"), std::string::npos) << msg;
    EXPECT_NE(msg.find("x.png"), std::string::npos) << msg;
    EXPECT_NE(error_of("folder:" + dir("missing")).find("no such folder"), std::string::npos);
}

TEST_F(DataReaders, DecodeRejectsNonImagesWithoutThrowing)
{
    std::vector<std::uint8_t> out(3 * 8 * 8);
    std::string why;
    EXPECT_FALSE(decode_image("", 3, 8, 8, out.data(), why));
    EXPECT_FALSE(
        decode_image(std::string("\x89PNG\r\n\x1a\n garbage", 17), 3, 8, 8, out.data(), why));
    EXPECT_FALSE(why.empty());
}

TEST_F(DataReaders, DecodeRefusesImagesWhoseHeadersClaimTooManyPixels)
{
    // Sizes as the headers state them, for files OpenCV wrote and a hand-made GIF header.
    const auto bytes_of = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    if (image_codecs_available()) {
        std::vector<std::uint8_t> px(12 * 20 * 3, 90);
        for (const char* ext : {"png", "bmp", "jpg"}) {
            SCOPED_TRACE(ext);
            const std::string path = dir(std::string("size.") + ext);
            write_image(path, px.data(), 12, 20, 3);
            const auto size = image_header_size(bytes_of(path));
            ASSERT_TRUE(size.has_value());
            EXPECT_EQ(size->width, 20);
            EXPECT_EQ(size->height, 12);
        }
    }
    const auto gif = image_header_size(std::string("GIF89a\x2c\x01\x0a\x00", 10));
    ASSERT_TRUE(gif.has_value());
    EXPECT_EQ(gif->width, 300);
    EXPECT_EQ(gif->height, 10);
    EXPECT_FALSE(image_header_size("not an image").has_value());
    // Regression (fuzz_image_decode): a file with "DICM" at offset 128 made OpenCV's
    // DICOM reader (GDCM) abort the process; only the formats the workbench reads reach OpenCV.
    std::string dicom(128, '\0');
    dicom += "DICM";
    dicom.append(48, '\xab');
    EXPECT_FALSE(known_image_signature(dicom));
    if (image_codecs_available()) {
        std::string why;
        std::vector<std::uint8_t> out(3 * 8 * 8);
        EXPECT_FALSE(decode_image(dicom, 3, 8, 8, out.data(), why));
        EXPECT_NE(why.find("not a readable image (not PNG"), std::string::npos) << why;
    }
    for (const char* ok : {"\x89PNG\r\n\x1a\n", "\xff\xd8\xff\xe0", "BM", "GIF89a", "P6\n", "P5 "})
        EXPECT_TRUE(known_image_signature(ok)) << ok;
    EXPECT_TRUE(known_image_signature(std::string_view("II*\0", 4)));
    EXPECT_TRUE(known_image_signature(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)));
    EXPECT_FALSE(known_image_signature("P\xab\xab"));
    EXPECT_FALSE(image_header_size("\x89PNG\r\n\x1a\n").has_value()); // cut short

    // The fuzzer's find: 58 bytes of BMP claiming 65,537 x 14,848 pixels. Refused from the header
    // with the size in the message, before OpenCV allocates 2.9 GB for it.
    // (tests/fuzz/corpus/image/huge-header.bmp)
    const std::string huge("\x42\x4d\x3a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x28\x00\x00"
                           "\x00\x01\x00\x01\x00\x00\x3a\x00\x00\x01\x00\x18"
                           "\x00\x00\x00\x00\x00\x04\x00\x00\x00\x13\x0b\x00\x00\x13\x0b\x00\x00"
                           "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\x00",
                           58);
    std::vector<std::uint8_t> out(3 * 8 * 8);
    std::string why;
    EXPECT_FALSE(decode_image(huge, 3, 8, 8, out.data(), why));
    EXPECT_NE(why.find("65537 x 14848"), std::string::npos) << why;

    // And its next find: a PNG header of 2,483,027,968 x 4,294,967,231 pixels, whose product
    // overflowed 64 bits (tests/fuzz/corpus/image/png-sides-overflow.png).
    const std::string sides("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x94\x00\x00\x00\xff\xff\xff\xbf"
                            "\x02\x08\x00\x82",
                            28);
    const auto size = image_header_size(sides);
    ASSERT_TRUE(size.has_value());
    EXPECT_EQ(size->width, 2'483'027'968);
    EXPECT_EQ(size->height, 4'294'967'231);
    EXPECT_TRUE(too_many_pixels(*size));
    EXPECT_FALSE(too_many_pixels({8192, 8192}));
    EXPECT_TRUE(too_many_pixels({8192, 8193}));
    EXPECT_FALSE(decode_image(sides, 1, 8, 8, out.data(), why));
    EXPECT_NE(why.find("2483027968 x 4294967231"), std::string::npos) << why;
}

TEST_F(DataReaders, ShapesAreDeterministicAndBalanced)
{
    DatasetOptions o;
    o.spec = "shapes:300";
    o.seed = 5;
    Dataset a = load_dataset(o), b = load_dataset(o);
    EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
    EXPECT_EQ(a.info.classes.size(), 10u);
    EXPECT_EQ(a.info.train.count + a.info.val.count, 300);
    for (auto n : a.info.val.per_class)
        EXPECT_EQ(n, 3);
    o.seed = 6;
    EXPECT_FALSE(torch::equal(load_dataset(o).train.images, a.train.images));
}

TEST(FashionMnist, BuiltInWhenInstalled)
{
    if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    DatasetOptions o; // the default: fashion-mnist, 10% validation
    const DatasetInfo d = dataset_info(o);
    EXPECT_EQ(d.train.count, 54'000);
    EXPECT_EQ(d.val.count, 6'000);
    EXPECT_EQ(d.test.count, 10'000);
    EXPECT_EQ(d.classes.at(9), "Ankle boot");
    for (std::size_t c = 0; c < 10; ++c) {
        EXPECT_EQ(d.val.per_class[c], 600);
        EXPECT_EQ(d.test.per_class[c], 1000);
    }
    // Well-known statistics of Fashion-MNIST's training images: mean 0.2860, std 0.3530.
    EXPECT_NEAR(d.mean[0], 0.286, 0.002);
    EXPECT_NEAR(d.std[0], 0.353, 0.002);
}
