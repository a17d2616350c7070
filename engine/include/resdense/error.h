#pragma once

#include <stdexcept>
#include <string>

namespace resdense {

// Every failure the engine reports to a caller: a bad model name, an invalid hyperparameter, an
// unreadable or mismatched weights file. what() is one line meant for the user, naming the
// value or file at fault. LibTorch's own c10::Error never leaves the engine's facades.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace resdense
