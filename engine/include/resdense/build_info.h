#pragma once

#include <cstdint>
#include <string>

namespace resdense {

std::string version();        // "0.1.0"
std::string torch_version();  // LibTorch the engine was built against
std::string opencv_version(); // "" when built without OpenCV
bool cuda_available();
int default_threads(); // all cores: LibTorch's own default here is one thread

// The process's peak resident memory in bytes (Linux: VmHWM), 0 where unknown.
std::int64_t peak_memory_bytes();

// Sets LibTorch's intra-op threads (n <= 0: all cores). Returns the count in force.
int set_threads(int n);

} // namespace resdense
