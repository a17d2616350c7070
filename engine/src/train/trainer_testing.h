#pragma once

#include <functional>

#include "data/batch_loader.h"

namespace resdense::detail {

// Called with each batch just before each slot's digest check (tests only: it simulates something
// writing into a shared batch between two slots). An empty function removes it.
using BatchHook = std::function<void(int slot, Batch& batch)>;
void set_batch_hook_for_tests(BatchHook hook);

} // namespace resdense::detail
