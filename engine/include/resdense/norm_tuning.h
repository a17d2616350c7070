#pragma once

#include <string>
#include <vector>

namespace resdense {

// Per-machine tuning of the fused batch norm + ReLU (issue 21): for each input shape a training
// step meets, whether the engine's fused kernel or LibTorch's separate layers is faster on this
// CPU is measured once (forward and backward of both, a few milliseconds), remembered for the
// process, and kept in a cache file per CPU model and LibTorch version, so that a later run reads
// it instead of measuring (and makes the same choice: resuming a run repeats its numbers). Where
// the two are within 10 % of each other the fixed rule decides, so that timing noise does not.
//
// RESDENSE_FUSED_BATCH_NORM chooses the policy: unset or "auto": measured (above); "rule": the
// fixed rule measured on AVX-512 (fused unless the channel count is a multiple of 16 in fp32);
// "always" or "0": every shape fused, or none. RESDENSE_NORM_TUNING_CACHE names the cache file
// ("0": none); by default $XDG_CACHE_HOME/resdense/norm-tuning.json (~/.cache/...).

// One decision: the shape and threads ("f32 128x16x32x32, 2 threads"; " +res" marks the residual
// form), what runs, both timings in milliseconds (0 where not measured) and why: "measured",
// "measured, a tie: rule" (within 10 %, the fixed rule decides), "cache", "rule" or "always".
struct NormTuningChoice {
    std::string shape;
    bool fused = false;
    double fused_ms = 0.0;
    double separate_ms = 0.0;
    std::string source;
};

// The policy in force, the cache file and the machine key ("measured per shape; cache
// ~/.cache/resdense/norm-tuning.json; AMD EPYC 9654 96-Core Processor / LibTorch 1.13.0").
std::string norm_tuning_summary();

// Every decision this process has made so far, in the order the shapes were first met.
std::vector<NormTuningChoice> norm_tuning_choices();

} // namespace resdense
