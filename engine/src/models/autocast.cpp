#include "models/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace resdense {

// LibTorch 2.4 replaced the per-device autocast functions by ones taking a device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define RESDENSE_AUTOCAST_BY_DEVICE 1
#endif

AutocastGuard::AutocastGuard(bool enabled, bool cuda) : m_enabled(enabled), m_cuda(cuda)
{
    if (!m_enabled)
        return;
#ifdef RESDENSE_AUTOCAST_BY_DEVICE
    const auto device = cuda ? at::kCUDA : at::kCPU;
    m_was_enabled = at::autocast::is_autocast_enabled(device);
    at::autocast::set_autocast_dtype(device, at::kBFloat16);
    at::autocast::set_autocast_enabled(device, true);
#else
    if (cuda) {
        m_was_enabled = at::autocast::is_enabled();
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
    } else {
        m_was_enabled = at::autocast::is_cpu_enabled();
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
    }
#endif
    at::autocast::increment_nesting();
}

AutocastGuard::~AutocastGuard()
{
    if (!m_enabled)
        return;
    // As torch.autocast's __exit__: drop the cached bf16 weight copies when leaving the outermost.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
#ifdef RESDENSE_AUTOCAST_BY_DEVICE
    at::autocast::set_autocast_enabled(m_cuda ? at::kCUDA : at::kCPU, m_was_enabled);
#else
    if (m_cuda)
        at::autocast::set_enabled(m_was_enabled);
    else
        at::autocast::set_cpu_enabled(m_was_enabled);
#endif
}

bool autocast_enabled(bool cuda)
{
#ifdef RESDENSE_AUTOCAST_BY_DEVICE
    return at::autocast::is_autocast_enabled(cuda ? at::kCUDA : at::kCPU);
#else
    return cuda ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

} // namespace resdense
