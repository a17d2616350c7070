#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "resdense/error.h"
#include "resdense/predictions.h"
#include "train/run_folder.h"

namespace resdense {
namespace fs = std::filesystem;
namespace {

constexpr const char* kHeader = "index,label,predicted,confidence";

template <typename T> bool parse_field(std::string_view text, T& out)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

TestPrediction parse_row(const std::string& line, std::int64_t expected_index,
                         const std::string& where)
{
    std::string_view fields[4];
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t comma = i < 3 ? line.find(',', start) : line.size();
        if (comma == std::string::npos)
            throw Error(where + ": expected 4 comma-separated fields");
        fields[i] = std::string_view(line).substr(start, comma - start);
        start = comma + 1;
    }
    std::int64_t index = 0;
    TestPrediction p;
    if (!parse_field(fields[0], index) || index != expected_index)
        throw Error(where + ": index should be " + std::to_string(expected_index));
    if (!parse_field(fields[1], p.label) || !parse_field(fields[2], p.predicted) || p.label < 0 ||
        p.predicted < 0)
        throw Error(where + ": label and predicted must be class numbers");
    if (!parse_field(fields[3], p.confidence) || !(p.confidence >= 0.0 && p.confidence <= 1.0))
        throw Error(where + ": confidence must be a probability in [0, 1]");
    return p;
}

} // namespace

std::string predictions_path(const std::string& run_dir, const std::string& slot, bool best)
{
    return (fs::path(run_dir) / "predictions" / (slot + (best ? "-best-test.csv" : "-test.csv")))
        .string();
}

std::string validation_predictions_path(const std::string& run_dir, const std::string& slot)
{
    return (fs::path(run_dir) / "predictions" / (slot + "-val.csv")).string();
}

void write_predictions(const std::string& path, const std::vector<TestPrediction>& predictions)
{
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec)
        throw Error(fs::path(path).parent_path().string() + ": cannot create (" + ec.message() +
                    ")");
    std::ostringstream csv;
    csv << kHeader << '\n';
    char confidence[32];
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const TestPrediction& p = predictions[i];
        std::snprintf(confidence, sizeof confidence, "%.6f", p.confidence);
        csv << i << ',' << p.label << ',' << p.predicted << ',' << confidence << '\n';
    }
    write_text_file_atomic(path, csv.str());
}

std::vector<TestPrediction> read_predictions(const std::string& path)
{
    std::istringstream lines(read_text_file(path));
    std::string line;
    if (!std::getline(lines, line) || line != kHeader)
        throw Error(path + ": not a predictions file (the first line should be '" + kHeader + "')");
    std::vector<TestPrediction> out;
    for (std::int64_t row = 0; std::getline(lines, line); ++row) {
        if (line.empty())
            continue;
        out.push_back(parse_row(line, row, path + ", line " + std::to_string(row + 2)));
    }
    if (out.empty())
        throw Error(path + ": holds no predictions");
    return out;
}

} // namespace resdense
