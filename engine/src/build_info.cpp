#include "resdense/build_info.h"

#include <atomic>
#include <cstdlib>

#include <algorithm>
#include <fstream>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <thread>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>
#ifdef RESDENSE_HAVE_OPENCV
#include <opencv2/core/version.hpp>
#endif

namespace resdense {

std::string version()
{
    return RESDENSE_VERSION;
}

std::string torch_version()
{
    return TORCH_VERSION;
}

std::string opencv_version()
{
#ifdef RESDENSE_HAVE_OPENCV
    return CV_VERSION;
#else
    return {};
#endif
}

bool cuda_available()
{
    return torch::cuda::is_available();
}

int default_threads()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? static_cast<int>(n) : 1;
}

std::int64_t peak_memory_bytes()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stoll(line.substr(6)) * 1024;
    return 0;
}

void keep_freed_memory()
{
#ifdef __GLIBC__
    static const bool done = [] {
        // RESDENSE_RETURN_FREED_MEMORY=1 keeps glibc's defaults: a resident size that follows the
        // live tensors (what memory measurements want), at the cost of the page faults above.
        if (const char* v = std::getenv("RESDENSE_RETURN_FREED_MEMORY"); v && *v && *v != '0')
            return false;
        // Fixed thresholds also switch off glibc's own sliding mmap threshold (at most 32 MiB):
        // blocks up to 1 GiB stay in the heap instead of being mapped, faulted in and unmapped on
        // every allocation. With 32 MiB here, DenseNet-BC-100 fp32 at batch 128 (87 MB feature
        // maps) trained at 24 instead of 58 images/s, with the same peak; the memory-efficient
        // mode's peak is the same with either (662 MiB, bf16, batch 64).
        mallopt(M_MMAP_THRESHOLD, 1 << 30);
        // One arena for every thread: a thread's own arena is made of 64 MiB heaps, so larger
        // blocks bypass it (mmap'd and unmapped on every free) and its heaps are trimmed back
        // anyway. Training on a GUI's worker thread ran at a tenth of the CLI's speed without it.
        mallopt(M_ARENA_MAX, 1);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 256 << 20);
        return true;
    }();
    (void)done;
#endif
}

int set_threads(int n)
{
    torch::set_num_threads(n > 0 ? n : default_threads());
    return torch::get_num_threads();
}

int engine_loop_threads()
{
    // One bit per thread id that took a share of a loop with more shares than threads.
    std::atomic<std::uint64_t> seen{0};
    const int n = std::min(at::get_num_threads(), 64);
    at::parallel_for(0, 4 * n, 1, [&](std::int64_t, std::int64_t) {
        seen |= std::uint64_t{1} << (at::get_thread_num() % 64);
    });
    return __builtin_popcountll(seen.load());
}

} // namespace resdense
