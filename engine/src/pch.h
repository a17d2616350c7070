#pragma once
// Precompiled for every engine source: LibTorch's headers dominate compile time on 2 cores.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
