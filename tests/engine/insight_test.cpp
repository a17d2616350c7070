// Confusion matrices and disagreements from predictions files, and test images by index.
#include <cmath>

#include <gtest/gtest.h>

#include "resdense/error.h"
#include "resdense/insight.h"

using namespace resdense;

namespace {

TestPrediction p(std::int64_t label, std::int64_t predicted, double confidence = 0.5)
{
    return {label, predicted, confidence};
}

} // namespace

TEST(Insight, ConfusionMatrixCountsEveryImageOnce)
{
    const std::vector<TestPrediction> preds = {p(0, 0), p(0, 1), p(1, 1),
                                               p(2, 0), p(2, 2), p(2, 2)};
    const ConfusionMatrix m = confusion_matrix(preds, 4);
    EXPECT_EQ(m.total(), 6);
    EXPECT_EQ(m.at(0, 0), 1);
    EXPECT_EQ(m.at(0, 1), 1);
    EXPECT_EQ(m.at(2, 0), 1);
    EXPECT_EQ(m.at(2, 2), 2);
    EXPECT_EQ(m.label_count(2), 3);
    const auto acc = m.per_class_accuracy();
    EXPECT_DOUBLE_EQ(acc[0], 0.5);
    EXPECT_DOUBLE_EQ(acc[1], 1.0);
    EXPECT_DOUBLE_EQ(acc[2], 2.0 / 3.0);
    EXPECT_TRUE(std::isnan(acc[3])) << "a class without images has no accuracy";
    EXPECT_DOUBLE_EQ(m.accuracy(), 4.0 / 6.0);
    EXPECT_THROW(confusion_matrix({p(0, 4)}, 4), Error);
    EXPECT_THROW(confusion_matrix({p(-1, 0)}, 4), Error);
}

TEST(Insight, DisagreementsSortIntoTheThreeKinds)
{
    const std::vector<TestPrediction> a = {p(0, 0, 0.9), p(1, 1, 0.8), p(2, 0, 0.7), p(3, 0, 0.6)};
    const std::vector<TestPrediction> b = {p(0, 0, 0.9), p(1, 2, 0.95), p(2, 2, 0.5),
                                           p(3, 1, 0.65)};
    const auto d = disagreements(a, b);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].index, 1);
    EXPECT_EQ(d[0].kind, Disagreement::OnlyARight);
    EXPECT_DOUBLE_EQ(d[0].margin, 0.95);
    EXPECT_EQ(d[1].kind, Disagreement::OnlyBRight);
    EXPECT_DOUBLE_EQ(d[1].margin, 0.7);
    EXPECT_EQ(d[2].kind, Disagreement::BothWrong);
    EXPECT_DOUBLE_EQ(d[2].margin, 0.65);
    EXPECT_THROW(disagreements(a, {b.begin(), b.end() - 1}), Error);
    auto other = b;
    other[0].label = 5;
    EXPECT_THROW(disagreements(a, other), Error);
}

TEST(Insight, TestImagesComeInThePredictionsOrder)
{
    DatasetOptions o;
    o.spec = "shapes:40";
    o.image_size = 12;
    o.channels = 3;
    const auto images = test_images(o, {0, 3});
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[0].height, 12);
    EXPECT_EQ(images[0].channels, 3);
    EXPECT_EQ(images[0].pixels.size(), 12u * 12u * 3u);
    EXPECT_NE(images[0].pixels, images[1].pixels);
    EXPECT_EQ(test_images(o, {3})[0].pixels, images[1].pixels) << "the same index, the same image";
    EXPECT_THROW(test_images(o, {100000}), Error);
}
