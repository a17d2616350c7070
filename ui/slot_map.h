#pragma once

#include <string>
#include <vector>

#include "resdense/metrics.h"
#include "resdense/run_config.h"

namespace resdense::ui {

// The window shows two model cards, A (0) and B (1). The engine numbers a run's slots in the
// run's order, so a one-model run of card B has engine slot 0. A SlotMap turns engine slot
// numbers into cards; everything the engine reports passes through it once.
class SlotMap {
public:
    SlotMap() = default;
    explicit SlotMap(const resdense::RunConfig& config);

    // The card of a slot named "a" or "b", else by its position.
    static int cardOfSlot(const std::string& name, int index);

    int card(int engineSlot) const; // unmapped numbers pass through
    std::size_t size() const { return m_cards.size(); }
    const std::vector<int>& cards() const { return m_cards; }

    // Metrics with their slot number replaced by the card's.
    template <typename Metrics> Metrics toCard(Metrics m) const
    {
        m.slot = card(m.slot);
        return m;
    }
    // A summary laid out by card (A, B); a card the run did not train keeps an unnamed slot,
    // which the table skips.
    resdense::RunSummary toCards(const resdense::RunSummary& summary) const;

private:
    std::vector<int> m_cards; // engine slot -> card
};

} // namespace resdense::ui
