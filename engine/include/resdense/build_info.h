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

// Keeps freed memory in the process instead of handing it back to the kernel after every
// tensor (glibc's default for large blocks), which made every training step page-fault its
// activations anew (measured in bench/README.md). The price is that the resident size stays at
// its peak. Idempotent; a no-op off glibc, and when the
// environment sets RESDENSE_RETURN_FREED_MEMORY=1.
void keep_freed_memory();

// Sets LibTorch's intra-op threads (n <= 0: all cores). Returns the count in force.
int set_threads(int n);

// How many threads a parallel loop inside the engine's own code (its fused kernels) runs on
// now. It equals LibTorch's thread count only when the engine was compiled with OpenMP:
// at::parallel_for is a header template, and without OpenMP it silently runs on one thread.
int engine_loop_threads();

} // namespace resdense
