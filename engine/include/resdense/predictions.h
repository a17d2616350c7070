#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense {

// One test image as a model classified it.
struct TestPrediction {
    std::int64_t label = 0;
    std::int64_t predicted = 0;
    double confidence = 0.0; // softmax probability of the predicted class
};

// Where a run folder keeps a slot's test predictions: predictions/<slot>-test.csv for the final
// weights, predictions/<slot>-best-test.csv for the best checkpoint's.
std::string predictions_path(const std::string& run_dir, const std::string& slot, bool best);
// predictions/<slot>-val.csv: the validation images as the latest validation classified them
// (rewritten after each epoch; index is the position in the validation split).
std::string validation_predictions_path(const std::string& run_dir, const std::string& slot);

// CSV with the header `index,label,predicted,confidence`, one row per test image in the test set's
// order. write_predictions is atomic (temporary file and rename); both throw resdense::Error naming
// the file (and the line, when reading).
void write_predictions(const std::string& path, const std::vector<TestPrediction>& predictions);
std::vector<TestPrediction> read_predictions(const std::string& path);

} // namespace resdense
