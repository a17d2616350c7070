#pragma once

#include <optional>
#include <vector>

#include <QString>

#include "resdense/repeats.h"
#include "resdense/run_record.h"

namespace resdense::ui {

// A duel repeated over seeds, as the window trains or shows it: the folder (repeats.json and one
// run folder per seed), which seeds are finished and which comes next. Reads the run folders;
// trains nothing itself (the window's controller does, one seed at a time).
class RepeatPlan {
public:
    // Writes root/repeats.json for `repeats` seeds from config.seed on. Throws resdense::Error.
    static RepeatPlan create(const QString& root, const resdense::RunConfig& config, int repeats);
    // The plan in root, or nullopt when root holds no repeats. Throws resdense::Error.
    static std::optional<RepeatPlan> open(const QString& root);

    const QString& root() const { return m_root; }
    int count() const { return static_cast<int>(m_repeats.seeds.size()); }
    const resdense::RunConfig& config() const { return m_repeats.config; }

    // The first seed whose run has not finished: its index, or -1 when all have.
    int nextIndex() const;
    std::uint64_t seed(int index) const
    {
        return m_repeats.seeds.at(static_cast<std::size_t>(index));
    }
    QString runDir(int index) const;
    bool runStarted(int index) const; // its run folder exists (resume it rather than start)
    resdense::RunConfig runConfig(int index) const;

    // The finished seeds' run folders, in seed order.
    std::vector<std::string> finishedRuns() const;

private:
    RepeatPlan(QString root, resdense::Repeats repeats);
    bool finished(int index) const;

    QString m_root;
    resdense::Repeats m_repeats;
};

} // namespace resdense::ui
