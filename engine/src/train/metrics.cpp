#include "resdense/metrics.h"

namespace resdense {

std::string status_name(SlotStatus s)
{
    switch (s) {
    case SlotStatus::Training: return "training";
    case SlotStatus::Finished: return "finished";
    case SlotStatus::Diverged: return "diverged";
    case SlotStatus::Stopped: return "stopped";
    }
    return "?";
}

SlotStatus parse_status(const std::string& name)
{
    for (auto s :
         {SlotStatus::Training, SlotStatus::Finished, SlotStatus::Diverged, SlotStatus::Stopped})
        if (status_name(s) == name)
            return s;
    return SlotStatus::Training;
}

} // namespace resdense
