#include "repeat_plan.h"

#include "resdense/experiments.h"
#include "text_format.h"

namespace resdense::ui {

RepeatPlan::RepeatPlan(QString root, resdense::Repeats repeats)
    : m_root(std::move(root)), m_repeats(std::move(repeats))
{
}

RepeatPlan RepeatPlan::create(const QString& root, const resdense::RunConfig& config, int repeats)
{
    resdense::Repeats r;
    r.config = config;
    for (int i = 0; i < repeats; ++i)
        r.seeds.push_back(config.seed + static_cast<std::uint64_t>(i));
    resdense::create_repeats(root.toStdString(), r);
    return RepeatPlan(root, std::move(r));
}

std::optional<RepeatPlan> RepeatPlan::open(const QString& root)
{
    auto r = resdense::read_repeats(root.toStdString());
    if (!r)
        return std::nullopt;
    return RepeatPlan(root, std::move(*r));
}

QString RepeatPlan::runDir(int index) const
{
    return qs(resdense::repeat_folder(m_root.toStdString(), seed(index)));
}

bool RepeatPlan::runStarted(int index) const
{
    return resdense::is_run_folder(runDir(index).toStdString());
}

resdense::RunConfig RepeatPlan::runConfig(int index) const
{
    return resdense::repeat_config(m_repeats.config, seed(index));
}

bool RepeatPlan::finished(int index) const
{
    return resdense::run_finished(runDir(index).toStdString());
}

int RepeatPlan::nextIndex() const
{
    for (int i = 0; i < count(); ++i)
        if (!finished(i))
            return i;
    return -1;
}

std::vector<std::string> RepeatPlan::finishedRuns() const
{
    std::vector<std::string> out;
    for (int i = 0; i < count() && finished(i); ++i)
        out.push_back(runDir(i).toStdString());
    return out;
}

} // namespace resdense::ui
