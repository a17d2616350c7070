#include <cmath>
#include <numeric>

#include "resdense/error.h"
#include "resdense/insight.h"

namespace resdense {

std::int64_t ConfusionMatrix::total() const
{
    return std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
}

std::int64_t ConfusionMatrix::label_count(int label) const
{
    const auto row = counts.begin() + static_cast<std::ptrdiff_t>(label) * classes;
    return std::accumulate(row, row + classes, std::int64_t{0});
}

std::vector<double> ConfusionMatrix::per_class_accuracy() const
{
    std::vector<double> out;
    for (int c = 0; c < classes; ++c) {
        const std::int64_t n = label_count(c);
        out.push_back(n > 0 ? static_cast<double>(at(c, c)) / static_cast<double>(n)
                            : std::nan(""));
    }
    return out;
}

double ConfusionMatrix::accuracy() const
{
    std::int64_t right = 0;
    for (int c = 0; c < classes; ++c)
        right += at(c, c);
    const std::int64_t n = total();
    return n > 0 ? static_cast<double>(right) / static_cast<double>(n) : std::nan("");
}

ConfusionMatrix confusion_matrix(const std::vector<TestPrediction>& predictions, int classes)
{
    if (classes < 1)
        throw Error("a confusion matrix needs at least one class");
    ConfusionMatrix m;
    m.classes = classes;
    m.counts.assign(static_cast<std::size_t>(classes) * classes, 0);
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const TestPrediction& p = predictions[i];
        if (p.label < 0 || p.label >= classes || p.predicted < 0 || p.predicted >= classes)
            throw Error("prediction " + std::to_string(i) + ": label " + std::to_string(p.label) +
                        " or predicted class " + std::to_string(p.predicted) +
                        " is not one of the " + std::to_string(classes) + " classes");
        ++m.counts[static_cast<std::size_t>(p.label * classes + p.predicted)];
    }
    return m;
}

std::vector<DisagreementItem> disagreements(const std::vector<TestPrediction>& a,
                                            const std::vector<TestPrediction>& b)
{
    if (a.size() != b.size())
        throw Error("the two models' predictions cover different test sets (" +
                    std::to_string(a.size()) + " and " + std::to_string(b.size()) + " images)");
    std::vector<DisagreementItem> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].label != b[i].label)
            throw Error("the two models' predictions disagree about image " + std::to_string(i) +
                        "'s label: they come from different test sets");
        const bool a_right = a[i].predicted == a[i].label;
        const bool b_right = b[i].predicted == b[i].label;
        if (a_right && b_right)
            continue;
        DisagreementItem d;
        d.index = static_cast<std::int64_t>(i);
        d.label = a[i].label;
        d.a = a[i];
        d.b = b[i];
        d.kind = a_right   ? Disagreement::OnlyARight
                 : b_right ? Disagreement::OnlyBRight
                           : Disagreement::BothWrong;
        d.margin = a_right   ? b[i].confidence
                   : b_right ? a[i].confidence
                             : std::max(a[i].confidence, b[i].confidence);
        out.push_back(d);
    }
    return out;
}

} // namespace resdense
