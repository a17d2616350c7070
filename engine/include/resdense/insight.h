#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "resdense/dataset.h"
#include "resdense/pixel_image.h"
#include "resdense/predictions.h"

namespace resdense {

// Where one model's answers went: counts[label * classes + predicted].
struct ConfusionMatrix {
    int classes = 0;
    std::vector<std::int64_t> counts;

    std::int64_t at(int label, int predicted) const
    {
        return counts[static_cast<std::size_t>(label) * classes + predicted];
    }
    std::int64_t total() const;                // every image counted: the split's size
    std::int64_t label_count(int label) const; // the row's sum
    // Right answers over the class's images, per class (NaN for a class with no images).
    std::vector<double> per_class_accuracy() const;
    double accuracy() const;
};

// Throws resdense::Error when a label or prediction is not a class number below `classes`.
ConfusionMatrix confusion_matrix(const std::vector<TestPrediction>& predictions, int classes);

// A test image the two models answer differently about.
enum class Disagreement { OnlyARight, OnlyBRight, BothWrong };

struct DisagreementItem {
    std::int64_t index = 0; // in the test split (the predictions files' order)
    std::int64_t label = 0;
    Disagreement kind = Disagreement::BothWrong;
    TestPrediction a, b;
    // How sure the model that was wrong was of its wrong answer (both wrong: the surer of the
    // two): the confident mistakes sort first.
    double margin = 0.0;
};

// Every image where A is right and B wrong, B right and A wrong, or both wrong, in index order.
// Throws resdense::Error when the two files do not describe the same images (size or a label).
std::vector<DisagreementItem> disagreements(const std::vector<TestPrediction>& a,
                                            const std::vector<TestPrediction>& b);

// Test images by index in the test split the options give (the predictions files' order), as
// stored: before any resize or crop. Decodes the dataset (seconds for folders of images); throws
// resdense::Error as dataset_info does, and for an index outside the split.
std::vector<PixelImage> test_images(const DatasetOptions& options,
                                    const std::vector<std::int64_t>& indices);

} // namespace resdense
