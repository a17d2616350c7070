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
    std::vector<std::string> args; // the values the sentence names, in order
    bool operator==(const Problem&) const = default;
};

} // namespace resdense
