// Dataset specs -> decoded images: Fashion-MNIST / MNIST (IDX), CIFAR-10/100, image folders,
// generated shapes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>

#include "data/cifar_format.h"
#include "data/dataset_store.h"
#include "data/idx_format.h"
#include "data/image_decode.h"
#include "data/shapes.h"
#include "resdense/error.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// "name" or "name.gz", whichever exists.
std::string idx_file(const fs::path& dir, const std::string& name)
{
    for (const auto& candidate : {dir / (name + ".gz"), dir / name})
        if (fs::exists(candidate))
            return candidate.string();
    return (dir / (name + ".gz")).string();
}

RawImages read_idx(const fs::path& dir, const std::string& prefix, int classes)
{
    const std::string images = idx_file(dir, prefix + "-images-idx3-ubyte");
    const std::string labels = idx_file(dir, prefix + "-labels-idx1-ubyte");
    return parse_idx(read_maybe_gzip(images), read_maybe_gzip(labels), images, labels, classes);
}

LoadedSource load_idx_dataset(const std::string& dir, bool fashion)
{
    const fs::path root(dir);
    const std::string what = fashion ? "Fashion-MNIST" : "MNIST";
    const std::string probe = idx_file(root, "train-images-idx3-ubyte");
    if (!fs::exists(probe))
        throw Error(
            what + " not found: " + probe + " is missing. " +
            (fashion
                 ? "Install Debian's package with 'sudo apt-get install dataset-fashion-mnist', "
                   "or point at a folder holding the four IDX files: fashion-mnist:DIR"
                 : "Point at a folder holding train-images-idx3-ubyte(.gz), "
                   "train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and "
                   "t10k-labels-idx1-ubyte(.gz): mnist:DIR"));
    LoadedSource s;
    s.name = what;
    s.source = root.string();
    if (fashion)
        s.classes = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    else
        for (int i = 0; i < 10; ++i)
            s.classes.push_back(std::to_string(i));
    // The test files decompress on a second thread while the training files do on this one.
    auto test = std::async(std::launch::async, [&] { return read_idx(root, "t10k", 10); });
    s.train = read_idx(root, "train", 10);
    s.test = test.get();
    if (s.train.h != s.test.h || s.train.w != s.test.w)
        throw Error(s.source + ": training and test images differ in size");
    return s;
}

std::string read_text(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string_view view(const Bytes& bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::vector<std::string> read_lines(const fs::path& path)
{
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            lines.push_back(line);
    }
    return lines;
}

LoadedSource load_cifar(const std::string& dir, CifarVariant variant)
{
    const bool ten = variant == CifarVariant::Cifar10;
    fs::path root(dir);
    const char* inner = ten ? "cifar-10-batches-bin" : "cifar-100-binary";
    const char* first = ten ? "data_batch_1.bin" : "train.bin";
    if (!fs::exists(root / first) && fs::exists(root / inner / first))
        root /= inner;
    if (!fs::exists(root / first))
        throw Error(std::string(ten ? "CIFAR-10" : "CIFAR-100") +
                    " not found: " + (root / first).string() +
                    " is missing. Point at the folder of the binary version (" +
                    (ten ? "data_batch_1.bin ... data_batch_5.bin, test_batch.bin"
                         : "train.bin, test.bin") +
                    ")");
    LoadedSource s;
    s.name = ten ? "CIFAR-10" : "CIFAR-100";
    s.source = root.string();
    auto parse = [&](const char* file, RawImages& into) {
        const fs::path p = root / file;
        if (!fs::exists(p))
            throw Error(p.string() + ": missing");
        parse_cifar(view(read_maybe_gzip(p.string())), variant, p.string(), into);
    };
    if (ten) {
        for (int i = 1; i <= 5; ++i)
            parse(("data_batch_" + std::to_string(i) + ".bin").c_str(), s.train);
        parse("test_batch.bin", s.test);
        s.classes = read_lines(root / "batches.meta.txt");
        if (s.classes.size() != 10)
            s.classes = {"airplane", "automobile", "bird",  "cat",  "deer",
                         "dog",      "frog",       "horse", "ship", "truck"};
    } else {
        parse("train.bin", s.train);
        parse("test.bin", s.test);
        s.classes = read_lines(root / "fine_label_names.txt");
        if (s.classes.size() != 100) {
            s.classes.clear();
            for (int i = 0; i < 100; ++i)
                s.classes.push_back("class " + std::to_string(i));
        }
    }
    return s;
}

bool is_image_name(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm",
                              ".ppm", ".pbm", ".pnm"})
        if (ext == known)
            return true;
    return false;
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool directories)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (directories ? entry.is_directory(ec) : entry.is_regular_file(ec))
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Decodes root/<class>/<files> for the given class names into raw; counts what it skips.
void read_class_folders(const fs::path& root, const std::vector<std::string>& classes, int channels,
                        int size, RawImages& raw, LoadedSource& s)
{
    raw.c = channels;
    raw.h = size;
    raw.w = size;
    const std::size_t per_image = static_cast<std::size_t>(channels) * size * size;
    std::string why;
    for (std::size_t label = 0; label < classes.size(); ++label) {
        const fs::path dir = root / classes[label];
        if (!fs::is_directory(dir))
            continue;
        for (const auto& file : sorted_entries(dir, /*directories=*/false)) {
            if (!is_image_name(file) && file.extension() != "") {
                continue; // notes, labels, thumbnails databases: not images by name
            }
            std::string bytes;
            try {
                bytes = read_text(file);
            } catch (const std::exception&) {
                // an unreadable file counts as skipped below
            }
            raw.pixels.resize(raw.pixels.size() + per_image);
            if (decode_image(bytes, channels, size, size,
                             raw.pixels.data() + raw.pixels.size() - per_image, why)) {
                raw.labels.push_back(static_cast<std::int64_t>(label));
                ++raw.n;
            } else {
                raw.pixels.resize(raw.pixels.size() - per_image);
                ++s.skipped;
                if (s.skipped_examples.size() < 5)
                    s.skipped_examples.push_back(file.string() + ": " + why);
            }
        }
    }
}

LoadedSource load_folder(const std::string& dir, int channels, int size)
{
    const fs::path root(dir);
    if (!fs::is_directory(root))
        throw Error(dir + ": no such folder");
    if (!image_codecs_available())
        throw Error(dir +
                    ": image folders need OpenCV, and this build has none (RESDENSE_OPENCV=OFF)");
    LoadedSource s;
    s.name =
        root.filename().empty() ? root.parent_path().filename().string() : root.filename().string();
    s.source = root.string();
    const bool has_splits = fs::is_directory(root / "train") && fs::is_directory(root / "test");
    const fs::path train_root = has_splits ? root / "train" : root;
    for (const auto& d : sorted_entries(train_root, /*directories=*/true))
        s.classes.push_back(d.filename().string());
    if (s.classes.empty())
        throw Error(train_root.string() + ": no class folders (expected " + train_root.string() +
                    "/<class>/<images>)");
    read_class_folders(train_root, s.classes, channels, size, s.train, s);
    if (has_splits)
        read_class_folders(root / "test", s.classes, channels, size, s.test, s);
    if (s.train.n == 0)
        throw Error(train_root.string() + ": no readable images in " +
                    std::to_string(s.classes.size()) + " class folders" +
                    (s.skipped
                         ? " (" + std::to_string(s.skipped) + " files failed to decode, e.g. " +
                               s.skipped_examples.front() + ")"
                         : ""));
    return s;
}

std::int64_t parse_count(const std::string& text, const std::string& spec)
{
    try {
        std::size_t used = 0;
        const long long n = std::stoll(text, &used);
        if (used == text.size() && n > 0 && n <= 10'000'000)
            return n;
    } catch (const std::exception&) {
    }
    throw Error("dataset '" + spec + "': '" + text +
                "' is not an image count between 1 and 10000000");
}

} // namespace

std::vector<std::string> dataset_kinds()
{
    return {"fashion-mnist        Fashion-MNIST from Debian's dataset-fashion-mnist (built in)",
            "fashion-mnist:DIR    Fashion-MNIST IDX files in DIR",
            "mnist:DIR            MNIST IDX files (gzip or plain) in DIR",
            "cifar10:DIR          CIFAR-10 binary version (data_batch_*.bin, test_batch.bin)",
            "cifar100:DIR         CIFAR-100 binary version (train.bin, test.bin)",
            "folder:DIR           DIR/<class>/<images>, or DIR/train/<class> and DIR/test/<class>",
            "shapes[:N]           N generated images of 10 shapes (default 6000, plus N/6 test)"};
}

LoadedSource load_source(const DatasetOptions& o)
{
    const std::string& spec = o.spec;
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
    auto need_dir = [&] {
        if (arg.empty())
            throw Error("dataset '" + spec + "' needs a folder: " + kind + ":DIR");
    };
    const int channels = o.channels == 0 ? 3 : o.channels;
    const int size = o.image_size == 0 ? 32 : o.image_size;
    if ((kind == "folder" || kind == "shapes") && channels != 1 && channels != 3)
        throw Error("channels must be 1 (gray) or 3 (RGB); got " + std::to_string(o.channels));
    if ((kind == "folder" || kind == "shapes") && (size < 8 || size > 1024))
        throw Error("image size must be between 8 and 1024 pixels; got " +
                    std::to_string(o.image_size));

    if (kind == "fashion-mnist")
        return load_idx_dataset(arg.empty() ? kFashionMnistDir : arg, /*fashion=*/true);
    if (kind == "mnist") {
        need_dir();
        return load_idx_dataset(arg, /*fashion=*/false);
    }
    if (kind == "cifar10" || kind == "cifar100") {
        need_dir();
        return load_cifar(arg, kind == "cifar10" ? CifarVariant::Cifar10 : CifarVariant::Cifar100);
    }
    if (kind == "folder") {
        need_dir();
        return load_folder(arg, channels, size);
    }
    if (kind == "shapes") {
        const std::int64_t n = arg.empty() ? 6000 : parse_count(arg, spec);
        LoadedSource s;
        s.name = "shapes";
        s.source = "generated (seed " + std::to_string(o.seed) + ")";
        s.classes = shape_class_names();
        s.train = generate_shapes(n, channels, size, o.seed);
        s.test = generate_shapes(std::max<std::int64_t>(10, n / 6), channels, size, o.seed + 1);
        return s;
    }
    std::string kinds;
    for (const auto& line : dataset_kinds())
        kinds += (kinds.empty() ? "" : ", ") + line.substr(0, line.find(' '));
    throw Error("unknown dataset '" + spec + "'; valid datasets: " + kinds);
}

} // namespace resdense
