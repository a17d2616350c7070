#include "train/training_state.h"

#include <nlohmann/json.hpp>

#include "resdense/error.h"
#include "train/batch_digest.h"

namespace resdense {
namespace {

nlohmann::json parse(const std::string& json, const std::string& path)
{
    auto state = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!state.is_object())
        throw Error(path + ": has no training state (a model-only checkpoint cannot be resumed)");
    return state;
}

Position position_from(const nlohmann::json& state)
{
    return {state.value("epoch", 0), state.value("batch", std::int64_t{0}),
            state.value("step", std::int64_t{0})};
}

} // namespace

std::string describe(const Position& p)
{
    return "epoch " + std::to_string(p.epoch + 1) + ", batch " + std::to_string(p.batch + 1) +
           " (step " + std::to_string(p.step) + ")";
}

std::string training_state_json(const SlotRun& slot, const TrainingState& s)
{
    return nlohmann::json{{"epoch", s.next.epoch},
                          {"batch", s.next.batch},
                          {"step", s.next.step},
                          {"status", status_name(slot.status)},
                          {"reason", slot.reason},
                          {"best_epoch", slot.best_epoch},
                          {"best_score", slot.best_score},
                          {"epochs_done", slot.epochs_done},
                          {"images_seen", slot.images_seen},
                          {"train_seconds", slot.train_seconds},
                          {"epoch_loss_sum", slot.epoch_loss_sum},
                          {"epoch_correct", slot.epoch_correct},
                          {"epoch_seen", slot.epoch_seen},
                          {"epoch_seconds", slot.epoch_seconds},
                          {"model_memory_bytes", slot.model_memory_bytes},
                          {"epoch_digest", digest_hex(s.epoch_digest)},
                          {"wall_seconds", s.wall_seconds}}
        .dump();
}

TrainingState restore_training_state(SlotRun& slot, const std::string& json,
                                     const std::string& path)
{
    const nlohmann::json state = parse(json, path);
    try {
        slot.status = parse_status(state.value("status", "training"));
        if (slot.status == SlotStatus::Stopped)
            slot.status = SlotStatus::Training;
        slot.reason = state.value("reason", "");
        slot.best_epoch = state.value("best_epoch", -1);
        // Checkpoints before best_score called it best_val_accuracy.
        slot.best_score = state.value("best_score", state.value("best_val_accuracy", -1.0));
        slot.epochs_done = state.value("epochs_done", 0);
        slot.images_seen = state.value("images_seen", std::int64_t{0});
        slot.train_seconds = state.value("train_seconds", 0.0);
        slot.epoch_loss_sum = state.value("epoch_loss_sum", 0.0);
        slot.epoch_correct = state.value("epoch_correct", std::int64_t{0});
        slot.epoch_seen = state.value("epoch_seen", std::int64_t{0});
        slot.epoch_seconds = state.value("epoch_seconds", 0.0);
        slot.model_memory_bytes = state.value("model_memory_bytes", std::int64_t{0});
        TrainingState s;
        s.next = position_from(state);
        s.wall_seconds = state.value("wall_seconds", 0.0);
        s.epoch_digest = parse_digest(state.value("epoch_digest", digest_hex(0)));
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": training state unreadable (" + e.what() + ")");
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

Position position_of(const std::string& json, const std::string& path)
{
    try {
        return position_from(parse(json, path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": training state unreadable (" + e.what() + ")");
    }
}

} // namespace resdense
