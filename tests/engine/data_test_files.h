#pragma once
// Small dataset files the data tests write themselves: IDX (plain or gzip), CIFAR records,
// image folders.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

namespace resdense::testing {

inline std::string be32(std::uint32_t v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

// IDX images n x h x w with pixel (i, y, x) = (i + y + x) % 256, and labels i % classes.
inline std::string idx_images(std::uint32_t n, std::uint32_t h, std::uint32_t w)
{
    std::string s = be32(0x803) + be32(n) + be32(h) + be32(w);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t y = 0; y < h; ++y)
            for (std::uint32_t x = 0; x < w; ++x)
                s += static_cast<char>((i + y + x) % 256);
    return s;
}

inline std::string idx_labels(std::uint32_t n, int classes)
{
    std::string s = be32(0x801) + be32(n);
    for (std::uint32_t i = 0; i < n; ++i)
        s += static_cast<char>(i % static_cast<std::uint32_t>(classes));
    return s;
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

inline void write_gz(const std::filesystem::path& path, const std::string& bytes)
{
    std::filesystem::create_directories(path.parent_path());
    gzFile f = gzopen(path.string().c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
}

// The four MNIST-style files, gzipped, in dir.
inline void write_idx_dataset(const std::filesystem::path& dir, std::uint32_t train,
                              std::uint32_t test)
{
    write_gz(dir / "train-images-idx3-ubyte.gz", idx_images(train, 28, 28));
    write_gz(dir / "train-labels-idx1-ubyte.gz", idx_labels(train, 10));
    write_gz(dir / "t10k-images-idx3-ubyte.gz", idx_images(test, 28, 28));
    write_gz(dir / "t10k-labels-idx1-ubyte.gz", idx_labels(test, 10));
}

// n CIFAR records (label i % classes); CIFAR-100 records carry a coarse label first.
inline std::string cifar_records(int n, bool hundred)
{
    std::string s;
    for (int i = 0; i < n; ++i) {
        if (hundred)
            s += static_cast<char>(i % 20);
        s += static_cast<char>(i % (hundred ? 100 : 10));
        s += std::string(3072, static_cast<char>(i));
    }
    return s;
}

class TempDir : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() /
                ("resdense-data-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::filesystem::path m_dir;
};

} // namespace resdense::testing
