#pragma once

#include <QString>

#include "resdense/problem.h"

namespace resdense::ui {

// A problem the engine found in a setting (resdense::Problem: field, code, arguments), worded in
// the user's language: the setting's name, the rule and the values, with numbers in the locale's
// form. A run's problem is prefixed with its model ("Model A: …"). A code or field this version
// does not know falls back to the engine's English sentence.
QString problemText(const resdense::Problem& problem);

// Whether problemText words this problem itself (false: the English fallback). For tests.
bool problemHasWording(const resdense::Problem& problem);

} // namespace resdense::ui
