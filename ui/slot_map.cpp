#include "slot_map.h"

namespace resdense::ui {

SlotMap::SlotMap(const resdense::RunConfig& config)
{
    for (std::size_t i = 0; i < config.slots.size(); ++i)
        m_cards.push_back(cardOfSlot(config.slots[i].name, static_cast<int>(i)));
}

int SlotMap::cardOfSlot(const std::string& name, int index)
{
    return name == "b" ? 1 : name == "a" ? 0 : index % 2;
}

int SlotMap::card(int engineSlot) const
{
    return engineSlot >= 0 && engineSlot < static_cast<int>(m_cards.size())
               ? m_cards[static_cast<std::size_t>(engineSlot)]
               : engineSlot;
}

resdense::RunSummary SlotMap::toCards(const resdense::RunSummary& summary) const
{
    resdense::RunSummary out = summary;
    out.slots.assign(2, resdense::SlotSummary{});
    for (std::size_t i = 0; i < summary.slots.size() && i < m_cards.size(); ++i)
        out.slots[static_cast<std::size_t>(m_cards[i])] = summary.slots[i];
    return out;
}

} // namespace resdense::ui
