#pragma once

#include <string>
#include <vector>

namespace resdense {

// Why a value cannot be used, as data rather than prose: a front end marks `field`, and words
// `code` with `args` in the user's language; `message` is the English sentence the CLI prints.
struct Problem {
    std::string field; // the setting at fault, as its config key: "depth", "growth_rate", "lr", ...
    std::string code;  // stable identifier of the rule: "depth_6n_plus_2", "out_of_range", ...
    std::string message;
    // The values the sentence names, in order. By code:
    //   out_of_range            {value, allowed interval in math notation: "(0, 100)", "[1, 65536]"}
    //   not_negative, at_least_1, depth_*, imagenet_resnet_depth, one_or_two, one_or_three,
    //   unknown_freeze, unknown_normalization, unknown_device, unknown_shortcut, slot_name,
    //   same_slot_names         {value}
    //   below_world_size        {batch size, processes}
    //   larger_than_resize      {crop, resize}
    //   needs_momentum, no_imagenet_weights, bad_sha256, empty_block, unknown_family: {}
    std::vector<std::string> args;
    bool operator==(const Problem&) const = default;
};

} // namespace resdense
