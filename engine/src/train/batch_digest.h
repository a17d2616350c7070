#pragma once

#include <cstdint>
#include <string>

#include "data/batch_loader.h"

namespace resdense {

// A 64-bit digest of a batch's bytes (images and labels): computed once when the batch arrives and
// checked again before each slot trains on it, so "both models saw the same data" is proven, not
// assumed. Not cryptographic: it detects accidents (a model writing into its input), not attacks.
std::uint64_t batch_digest(const Batch& batch);

// The digest of a sequence: folds `next` into `running` (order matters). Start from 0.
std::uint64_t combine_digests(std::uint64_t running, std::uint64_t next);

// 16 lower-case hex digits, as metrics.jsonl and checkpoints store digests; parse_digest reads
// them back (throws resdense::Error on anything else).
std::string digest_hex(std::uint64_t digest);
std::uint64_t parse_digest(const std::string& hex);

} // namespace resdense
