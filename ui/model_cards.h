#pragma once

#include <array>
#include <vector>

#include <QObject>
#include <QString>

#include "resdense/run_config.h"

class QSettings;

namespace resdense::ui {

class ModelCard;
class SlotMap;

// The window's two model cards, A and B, as one thing: what they train, why they cannot, their
// names, and their settings across sessions. The cards are widgets the window lays out.
class ModelCards : public QObject {
    Q_OBJECT
public:
    static constexpr int kCount = 2;

    explicit ModelCards(const resdense::RunConfig& defaults, QObject* parent = nullptr);

    ModelCard* card(int index) const { return m_cards.at(static_cast<std::size_t>(index)); }
    const std::array<ModelCard*, kCount>& all() const { return m_cards; }

    // The switched-on cards' slots, in card order (what Start trains).
    std::vector<resdense::SlotConfig> enabledSlots() const;
    // Both cards loaded from the config's slots and switched on.
    void reset(const resdense::RunConfig& config);
    // A run's slots into their cards; only those cards switched on.
    void showRun(const resdense::RunConfig& config);
    // Why Start cannot train the cards ("" when it can), naming the card.
    QString problem() const;
    std::array<QString, kCount> displayNames() const;
    // Whether the card describes the model that the run trains in it.
    bool describesRun(int index, const resdense::RunConfig& run, const SlotMap& map) const;

    void setEnabled(bool enabled);
    void setBatchSize(int batchSize);
    void setDataShape(int channels, int classes, int imageSize);

    // Both cards are stored, switched on or not, so a card switched off keeps its settings.
    void save(QSettings& settings) const;
    void restore(const QSettings& settings, const resdense::RunConfig& stored);

Q_SIGNALS:
    void changed();
    void summaryReady(int index); // the card's parameter count and MACs are known

private:
    std::array<ModelCard*, kCount> m_cards{};
};

} // namespace resdense::ui
