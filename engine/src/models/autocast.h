#pragma once

namespace resdense {

// Runs the forward passes in its scope under bf16 autocast (CPU or CUDA) when enabled, as
// Python's torch.autocast does. Hides the API change between LibTorch 1.13 and 2.x.
class AutocastGuard {
public:
    AutocastGuard(bool enabled, bool cuda);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool m_enabled;
    bool m_cuda;
    bool m_was_enabled = false;
};

// Whether bf16 autocast is on for the device (what a recomputation must reproduce).
bool autocast_enabled(bool cuda);

} // namespace resdense
