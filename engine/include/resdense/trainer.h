#pragma once

#include <string>

#include "resdense/distributed.h"
#include "resdense/metrics.h"
#include "resdense/run_config.h"

namespace resdense {

// Whether this CPU runs bf16 matrix maths natively (AVX512-BF16 or AMX), which is what makes
// bf16 mixed precision faster rather than slower.
bool cpu_has_native_bf16();

// Trains the config's slots on the same batches (interleaved batch by batch). With a non-empty
// run_dir it writes config.json, metrics.jsonl, summary.json and models/<slot>-{last,best}.pt
// there; run_dir must not already hold a run. Returns when every epoch ran, every slot diverged,
// or the sink said Stop (then the last checkpoint is resumable). Throws resdense::Error on a bad
// config, dataset or folder.
RunSummary train(const RunConfig& config, const std::string& run_dir, TrainSink& sink);
// The same as one rank of a data-parallel run of dist.world_size processes (docs/distributed.md):
// every rank calls it with the same config; rank 0 alone writes run_dir (config.json records
// world_size) and reports to its sink, and every rank returns the same summary. Throws
// resdense::Error when the peers do not arrive or one of them fails, naming it.
RunSummary train(const RunConfig& config, const std::string& run_dir, TrainSink& sink,
                 const DistributedOptions& dist);

// Continues the run in run_dir from its last checkpoint: a run stopped after epoch k and resumed
// reports the same metrics as one never stopped.
RunSummary resume(const std::string& run_dir, TrainSink& sink);
// Resumes a data-parallel run with the world size it was trained with (another is refused:
// batch-norm statistics are per rank). Only rank 0 reads run_dir.
RunSummary resume(const std::string& run_dir, TrainSink& sink, const DistributedOptions& dist);

// Tests each slot's best checkpoint (else its last) on the run's test split, as training does at
// its end, and keeps the predictions (predictions/<slot>-best-test.csv, or <slot>-test.csv from a
// last checkpoint): for runs made before predictions were kept, or stopped before testing.
// Returns each slot's test accuracy (NaN for a slot without a checkpoint). Throws
// resdense::Error naming the file and the problem.
std::vector<double> evaluate_run(const std::string& run_dir);

// What train() checks before it writes anything, for callers that write before training (a
// duel's repeats): finds and hashes each slot's pretrained weights file and checks that it fits
// the slot's model on the config's dataset. Returns the config with each file's path and SHA-256
// recorded; unchanged when no slot starts from pretrained weights. Throws resdense::Error.
RunConfig pin_pretrained(const RunConfig& config);

// The config stored in a run folder. Throws resdense::Error.
RunConfig read_run_config(const std::string& run_dir);

} // namespace resdense
