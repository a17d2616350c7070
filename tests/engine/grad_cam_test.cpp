// Grad-CAM: a map that must point at the evidence, the classifier's explain path, the overlay and
// the files `classify --cam` writes. (Equality with torchvision + hooks: python.grad_cam_parity.)
#include <fstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "data/image_decode.h"
#include "data_test_files.h"
#include "infer/grad_cam.h"
#include "io/checkpoint.h"
#include "resdense/classifier.h"
#include "resdense/error.h"

using namespace resdense;
using resdense::testing::TempDir;

namespace {

// 1 x 32 x 32 noise; with `marked`, a checkerboard in the top-right quadrant. Only that quadrant
// says the class (the top-right, not the top-left: a transposed or flipped map moves it).
torch::Tensor quadrant_image(bool marked)
{
    torch::Tensor x = torch::randn({1, 32, 32}) * 0.3;
    if (marked) {
        const auto top = torch::randint(0, 16 - 8, {1}).item<std::int64_t>();
        const auto left = 16 + torch::randint(0, 16 - 8, {1}).item<std::int64_t>();
        const auto ramp = torch::arange(8);
        const auto board = (ramp.view({8, 1}) + ramp.view({1, 8})).remainder(2).to(torch::kFloat);
        x[0].slice(0, top, top + 8).slice(1, left, left + 8) += board * 2.0 - 1.0;
    }
    return x;
}

ModelSpec tiny_resnet()
{
    ModelSpec spec = model_spec("resnet20");
    spec.depth = 8;
    spec.in_channels = 1;
    spec.num_classes = 2;
    return spec;
}

} // namespace

TEST(GradCam, PeaksWhereTheOnlyEvidenceIs)
{
    torch::manual_seed(7);
    torch::set_num_threads(2);
    Net net = make_model(tiny_resnet(), 7);
    torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
    net->train();
    for (int step = 0; step < 120; ++step) {
        std::vector<torch::Tensor> images;
        std::vector<std::int64_t> labels;
        for (int i = 0; i < 32; ++i) {
            labels.push_back(i % 2);
            images.push_back(quadrant_image(i % 2 == 1));
        }
        const auto loss = torch::nn::functional::cross_entropy(net->forward(torch::stack(images)),
                                                               torch::tensor(labels));
        sgd.zero_grad();
        loss.backward();
        sgd.step();
    }
    net->eval();
    int correct = 0, peaks_in_quadrant = 0;
    double mass_in_quadrant = 0.0;
    for (int i = 0; i < 20; ++i) {
        const torch::Tensor x = quadrant_image(i % 2 == 1).unsqueeze(0);
        {
            torch::NoGradGuard no_grad;
            correct += net->forward(x).argmax(1).item<std::int64_t>() == i % 2;
        }
        if (i % 2 == 0)
            continue;
        const ClassActivationMap map = grad_cam(*net, x, {1}).front();
        ASSERT_EQ(map.height, 8);
        ASSERT_EQ(map.width, 8);
        int best = 0;
        double total = 0.0, quadrant = 0.0;
        for (int p = 0; p < 64; ++p) {
            if (map.values[p] > map.values[best])
                best = p;
            total += map.values[p];
            if (p / 8 < 4 && p % 8 >= 4)
                quadrant += map.values[p];
        }
        peaks_in_quadrant += best / 8 < 4 && best % 8 >= 4;
        mass_in_quadrant += total > 0 ? quadrant / total : 0.0;
    }
    ASSERT_GE(correct, 18) << "the tiny model did not learn the task";
    EXPECT_EQ(peaks_in_quadrant, 10);
    EXPECT_GT(mass_in_quadrant / 10, 0.6) << "share of the map in the top-right quadrant";
}

TEST(GradCam, MapsAreNormalisedAndZeroStaysZero)
{
    torch::manual_seed(1);
    Net net = make_model(tiny_resnet(), 1);
    net->eval();
    const auto maps = grad_cam(*net, torch::randn({1, 1, 32, 32}), {0, 1});
    ASSERT_EQ(maps.size(), 2u);
    for (const auto& m : maps) {
        const float peak = *std::max_element(m.values.begin(), m.values.end());
        EXPECT_TRUE(peak == 1.0f || peak == 0.0f) << peak;
        for (float v : m.values)
            EXPECT_TRUE(v >= 0.0f && v <= 1.0f);
    }
    // All-zero weights: every gradient is zero, so every map is zero, not NaN.
    for (auto& p : net->parameters())
        p.data().zero_();
    for (const auto& m : grad_cam(*net, torch::randn({1, 1, 32, 32}), {0}))
        for (float v : m.values)
            EXPECT_EQ(v, 0.0f);
    EXPECT_THROW(grad_cam(*net, torch::randn({1, 1, 32, 32}), {2}), Error);
    EXPECT_THROW(grad_cam(*net, torch::randn({2, 1, 32, 32}), {0}), Error);
}

TEST(GradCam, OverlayBlendsOnlyInsideTheRegion)
{
    PixelImage image;
    image.height = 4;
    image.width = 8;
    image.channels = 1;
    image.pixels.assign(32, 100);
    ClassActivationMap map;
    map.height = map.width = 1;
    map.values = {1.0f};
    EXPECT_EQ(overlay_cam(image, map, 0.0).pixels, std::vector<std::uint8_t>(96, 100));
    const PixelImage half = overlay_cam(image, map, 1.0, {0.5, 0.0, 1.0, 1.0});
    std::uint8_t red[3];
    jet_colour(1.0f, red);
    EXPECT_EQ(red[0], 128); // jet ends in dark red
    EXPECT_EQ(red[2], 0);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x)
            for (int c = 0; c < 3; ++c)
                EXPECT_EQ(half.pixels[(y * 8 + x) * 3 + c], x < 4 ? 100 : red[c]) << x << "," << y;
    map.values = {1.0f, 2.0f};
    EXPECT_THROW(overlay_cam(image, map, 0.5), Error);
    EXPECT_EQ(cam_csv(ClassActivationMap{0, 2, 3, {0, 0.5f, 1, 1, 0.25f, 0}}),
              "0,0.5,1\n1,0.25,0\n");
}

class GradCamFiles : public TempDir {};

TEST_F(GradCamFiles, ClassifierExplainsItsTopClassesAndWritesTheCamFiles)
{
    if (!image_codecs_available())
        GTEST_SKIP() << "built without OpenCV";
    torch::manual_seed(2);
    ModelSpec spec = tiny_resnet();
    spec.in_channels = 3;
    spec.num_classes = 4;
    Net net = make_model(spec, 2);
    const std::string ckpt = (m_dir / "m.pt").string();
    write_checkpoint(ckpt, spec, *net);
    const auto classifier = Classifier::load(ckpt);

    // A 40 x 60 RGB image: the map covers all of it (no crop), the overlay keeps its size.
    std::vector<std::uint8_t> rgb(40 * 60 * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = static_cast<std::uint8_t>(i * 7);
    const std::string png = (m_dir / "photo.png").string();
    write_image(png, rgb.data(), 40, 60, 3);

    const Prediction plain = classifier->classify_file(png, 3);
    const Prediction p = classifier->classify_file(png, 3, /*explain=*/true);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_TRUE(plain.cams.empty());
    ASSERT_EQ(p.top.size(), 3u);
    ASSERT_EQ(p.cams.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(p.cams[i].class_index, p.top[i].index);
        EXPECT_EQ(p.top[i].index, plain.top[i].index);
        EXPECT_NEAR(p.top[i].probability, plain.top[i].probability, 1e-5);
        EXPECT_EQ(p.cams[i].height, 8);
    }
    EXPECT_EQ(p.input.height, 32);
    EXPECT_EQ(p.input.channels, 3);
    EXPECT_EQ(p.region.left, 0.0);
    EXPECT_EQ(p.region.right, 1.0);

    std::ifstream in(png, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    write_cam_files(p, bytes, (m_dir / "cams").string(), "photo");
    std::ifstream csv(m_dir / "cams" / "photo.cam.csv");
    int rows = 0;
    for (std::string line; std::getline(csv, line); ++rows)
        EXPECT_EQ(std::count(line.begin(), line.end(), ','), 7) << line;
    EXPECT_EQ(rows, 8);
    std::ifstream overlay(m_dir / "cams" / "photo.cam.png", std::ios::binary);
    const std::string written{std::istreambuf_iterator<char>(overlay), {}};
    std::vector<std::uint8_t> back;
    int h = 0, w = 0;
    std::string why;
    ASSERT_TRUE(decode_image_as_is(written, 3, back, h, w, why)) << why;
    EXPECT_EQ(h, 40);
    EXPECT_EQ(w, 60);
    EXPECT_THROW(write_cam_files(plain, bytes, (m_dir / "cams").string(), "x"), Error);
}

TEST_F(GradCamFiles, ClassifierRefusesTamperedInputRecords)
{
    ModelSpec spec = tiny_resnet();
    Net net = make_model(spec, 3);
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"input", R"({"height": 32.5, "width": 32})"},
        {"input", R"({"height": "32", "width": 32})"},
        {"input", R"({"height": 1e12, "width": 32})"},
        {"input", R"({"mean": [0.5], "std": [0.0]})"},
        {"input", R"({"mean": [0.5], "std": [-1.0]})"},
        {"input", R"({"mean": [null], "std": [0.5]})"},
        {"classes", R"([1, 2])"},
    };
    for (const auto& [key, value] : bad) {
        const std::string ckpt = (m_dir / "tampered.pt").string();
        CheckpointExtras extras;
        extras.strings = {{key, value}};
        write_checkpoint(ckpt, spec, *net, extras);
        try {
            Classifier::load(ckpt);
            ADD_FAILURE() << key << " = " << value << " was accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("tampered.pt"), std::string::npos) << e.what();
        }
    }
}
