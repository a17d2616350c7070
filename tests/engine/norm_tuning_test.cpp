// Per-machine tuning of the fused batch norm (issue 21, models/norm/norm_tuning.h): measured once
// per shape, kept in the cache file, read back by a new process, ignored when the CPU or LibTorch
// differs, and measured over when the file is damaged.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <unistd.h>

#include "models/norm/norm_tuning.h"
#include "resdense/norm_tuning.h"

namespace fs = std::filesystem;
using resdense::norm_tuning_choices;
using resdense::NormTuningChoice;
using resdense::detail::fused_norm_is_faster;
using resdense::detail::reset_norm_tuning_for_tests;

namespace {

class NormTuning : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("resdense-tuning-" + std::to_string(::getpid()));
    fs::path cache = dir / "sub" / "norm-tuning.json";
    std::string saved;

    void SetUp() override
    {
        fs::remove_all(dir);
        if (const char* v = std::getenv("RESDENSE_NORM_TUNING_CACHE"))
            saved = v;
        ::setenv("RESDENSE_NORM_TUNING_CACHE", cache.c_str(), 1);
        reset_norm_tuning_for_tests();
    }
    void TearDown() override
    {
        if (saved.empty())
            ::unsetenv("RESDENSE_NORM_TUNING_CACHE");
        else
            ::setenv("RESDENSE_NORM_TUNING_CACHE", saved.c_str(), 1);
        reset_norm_tuning_for_tests();
        fs::remove_all(dir);
    }
    static torch::Tensor input(std::int64_t c)
    {
        return torch::randn({4, c, 6, 6}).contiguous(torch::MemoryFormat::ChannelsLast);
    }
    nlohmann::json file() const
    {
        std::ifstream in(cache);
        return nlohmann::json::parse(in);
    }
};

} // namespace

TEST_F(NormTuning, MeasuresOncePerShapeAndANewProcessReadsTheCache)
{
    const torch::Tensor x = input(24);
    const bool fused = fused_norm_is_faster(x, false);
    fused_norm_is_faster(x, false);
    fused_norm_is_faster(input(24), false); // same shape: not measured again
    std::vector<NormTuningChoice> choices = norm_tuning_choices();
    ASSERT_EQ(choices.size(), 1u);
    const NormTuningChoice measured = choices[0];
    EXPECT_EQ(measured.source.rfind("measured", 0), 0u) << measured.source;
    EXPECT_NE(measured.shape.find("f32 4x24x6x6"), std::string::npos) << measured.shape;
    EXPECT_NE(measured.shape.find("thread"), std::string::npos) << measured.shape;
    EXPECT_GT(measured.fused_ms, 0.0);
    EXPECT_GT(measured.separate_ms, 0.0);
    EXPECT_EQ(measured.fused, fused);
    // The faster one runs; within 10 % the fixed rule decides (24 channels: fused).
    const double f = measured.fused_ms, sep = measured.separate_ms;
    if (std::abs(f - sep) > 0.1 * std::min(f, sep))
        EXPECT_EQ(fused, f < sep);
    else
        EXPECT_TRUE(fused && measured.source == "measured, a tie: rule");
    // The residual form is a shape of its own.
    fused_norm_is_faster(x, true);
    ASSERT_EQ(norm_tuning_choices().size(), 2u);
    EXPECT_NE(norm_tuning_choices()[1].shape.find("+res"), std::string::npos);

    // The file holds both, under this machine's key.
    ASSERT_TRUE(fs::exists(cache));
    const auto machines = file()["machines"];
    ASSERT_EQ(machines.size(), 1u);
    EXPECT_EQ(machines.begin()->size(), 2u);
    EXPECT_NE(resdense::norm_tuning_summary().find(cache.string()), std::string::npos);

    // A new process: the same decision and timings, read from the cache, nothing measured.
    reset_norm_tuning_for_tests();
    EXPECT_EQ(fused_norm_is_faster(x, false), fused);
    choices = norm_tuning_choices();
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_EQ(choices[0].source, "cache");
    EXPECT_EQ(choices[0].shape, measured.shape);
    EXPECT_DOUBLE_EQ(choices[0].fused_ms, measured.fused_ms);
    EXPECT_DOUBLE_EQ(choices[0].separate_ms, measured.separate_ms);
}

TEST_F(NormTuning, AnotherCpuOrLibTorchMeasuresAgain)
{
    const torch::Tensor x = input(20);
    fused_norm_is_faster(x, false);
    ASSERT_EQ(norm_tuning_choices().at(0).source.rfind("measured", 0), 0u);
    // The same file seen from another CPU, then from another LibTorch: measured, not read.
    for (const char* machine :
         {"Some Other CPU @ 3.0GHz / LibTorch 1.13.0", "AMD EPYC / LibTorch 2.11.0"}) {
        reset_norm_tuning_for_tests(machine);
        fused_norm_is_faster(x, false);
        ASSERT_EQ(norm_tuning_choices().size(), 1u);
        EXPECT_EQ(norm_tuning_choices()[0].source.rfind("measured", 0), 0u) << machine;
        EXPECT_NE(resdense::norm_tuning_summary().find(machine), std::string::npos);
    }
    // Each machine's entries are kept side by side.
    EXPECT_EQ(file()["machines"].size(), 3u);
    // And the real machine still reads its own.
    reset_norm_tuning_for_tests();
    fused_norm_is_faster(x, false);
    EXPECT_EQ(norm_tuning_choices().at(0).source, "cache");
}

TEST_F(NormTuning, ADamagedOrMissingCacheIsMeasuredOverNeverTrusted)
{
    fs::create_directories(cache.parent_path());
    const torch::Tensor x = input(12);
    for (const char* damage : {"{not json", "[1,2]", R"({"machines":7})",
                               R"({"machines":{"x":{"y":{"fused":"yes"}}}})"}) {
        std::ofstream(cache) << damage;
        reset_norm_tuning_for_tests();
        fused_norm_is_faster(x, false);
        EXPECT_EQ(norm_tuning_choices().at(0).source.rfind("measured", 0), 0u) << damage;
        EXPECT_NO_THROW(file()) << damage; // rewritten whole
    }
    // A shape whose cached entry has the wrong type is measured too.
    auto j = file();
    auto& mine = j["machines"].begin().value();
    mine.begin().value()["fused"] = "no";
    std::ofstream(cache) << j.dump();
    reset_norm_tuning_for_tests();
    fused_norm_is_faster(x, false);
    EXPECT_EQ(norm_tuning_choices().at(0).source.rfind("measured", 0), 0u);
    // No cache at all ("0"): measured each process, nothing written.
    fs::remove_all(dir);
    ::setenv("RESDENSE_NORM_TUNING_CACHE", "0", 1);
    reset_norm_tuning_for_tests();
    fused_norm_is_faster(x, false);
    EXPECT_EQ(norm_tuning_choices().at(0).source.rfind("measured", 0), 0u);
    EXPECT_FALSE(fs::exists(dir));
}

// Measuring draws its random inputs from a generator of its own: training that measures a shape
// draws the same random numbers as training that reads it from the cache.
TEST_F(NormTuning, MeasuringLeavesTheGlobalRandomStreamAlone)
{
    const torch::Tensor x = input(28);
    torch::manual_seed(7);
    const torch::Tensor expected = torch::rand({5});
    torch::manual_seed(7);
    fused_norm_is_faster(x, true);
    ASSERT_EQ(norm_tuning_choices().at(0).source.rfind("measured", 0), 0u);
    EXPECT_TRUE(torch::equal(torch::rand({5}), expected));
}
