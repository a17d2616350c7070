#include "model_cards.h"

#include <QSettings>

#include "model_card.h"
#include "slot_map.h"
#include "text_format.h"

namespace resdense::ui {

ModelCards::ModelCards(const resdense::RunConfig& defaults, QObject* parent) : QObject(parent)
{
    for (int i = 0; i < kCount; ++i) {
        m_cards[i] = new ModelCard(defaults.slots.at(static_cast<std::size_t>(i)));
        connect(m_cards[i], &ModelCard::changed, this, &ModelCards::changed);
        connect(m_cards[i], &ModelCard::summaryReady, this, [this, i] { Q_EMIT summaryReady(i); });
    }
}

std::vector<resdense::SlotConfig> ModelCards::enabledSlots() const
{
    std::vector<resdense::SlotConfig> slots;
    for (ModelCard* card : m_cards)
        if (card->isChecked())
            slots.push_back(card->slotConfig());
    return slots;
}

void ModelCards::reset(const resdense::RunConfig& config)
{
    for (int i = 0; i < kCount; ++i) {
        m_cards[i]->load(config.slots.at(static_cast<std::size_t>(i)));
        m_cards[i]->setChecked(true);
    }
}

void ModelCards::showRun(const resdense::RunConfig& config)
{
    for (ModelCard* card : m_cards)
        card->setChecked(false);
    for (const auto& slot : config.slots) {
        ModelCard* card = m_cards[SlotMap::cardOfSlot(slot.name, 0)];
        card->load(slot);
        card->setChecked(true);
    }
}

QString ModelCards::problem() const
{
    if (!m_cards[0]->isChecked() && !m_cards[1]->isChecked())
        return tr("Switch on at least one model.");
    for (int i = 0; i < kCount; ++i)
        if (m_cards[i]->isChecked() && !m_cards[i]->problem().isEmpty())
            return tr("Model %1: %2").arg(slotLabel(i), m_cards[i]->problem());
    return {};
}

std::array<QString, ModelCards::kCount> ModelCards::displayNames() const
{
    return {m_cards[0]->displayName(), m_cards[1]->displayName()};
}

bool ModelCards::describesRun(int index, const resdense::RunConfig& run, const SlotMap& map) const
{
    for (std::size_t i = 0; i < run.slots.size() && i < map.size(); ++i) {
        if (map.cards()[i] != index)
            continue;
        resdense::ModelSpec trained = run.slots[i].model;
        const resdense::ModelSpec shown = m_cards[index]->slotConfig().model;
        trained.in_channels = shown.in_channels; // the engine fits these to the data
        trained.num_classes = shown.num_classes;
        return trained == shown;
    }
    return false;
}

void ModelCards::setEnabled(bool enabled)
{
    for (ModelCard* card : m_cards)
        card->setEnabled(enabled);
}

void ModelCards::setBatchSize(int batchSize)
{
    for (ModelCard* card : m_cards)
        card->setBatchSize(batchSize);
}

void ModelCards::setDataShape(int channels, int classes, int imageSize)
{
    for (ModelCard* card : m_cards)
        card->setDataShape(channels, classes, imageSize);
}

void ModelCards::save(QSettings& settings) const
{
    settings.setValue(QStringLiteral("experiment/aEnabled"), m_cards[0]->isChecked());
    settings.setValue(QStringLiteral("experiment/bEnabled"), m_cards[1]->isChecked());
}

void ModelCards::restore(const QSettings& settings, const resdense::RunConfig& stored)
{
    for (const auto& slot : stored.slots)
        m_cards[SlotMap::cardOfSlot(slot.name, 0)]->load(slot);
    m_cards[0]->setChecked(settings.value(QStringLiteral("experiment/aEnabled"), true).toBool());
    m_cards[1]->setChecked(settings.value(QStringLiteral("experiment/bEnabled"), true).toBool());
}

} // namespace resdense::ui
