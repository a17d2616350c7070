#pragma once

#include <cstdint>

namespace resdense::tensor_memory {

// Counts the bytes of the CPU tensors LibTorch allocates, per meter, so that one model's training
// memory can be measured while two models (and the workbench's classifiers) share the process,
// whose resident size cannot tell them apart. Wraps LibTorch's CPU allocator: what it returns, and
// its raw interface (which oneDNN uses), are unchanged.
//
// A tensor is charged to the meter of the Scope alive on the thread that allocated it, for as long
// as it lives, wherever it is freed. Tensors allocated outside any scope are not counted.

struct Meter;

// A new meter; it lives as long as the process (tensors charged to it may outlive their owner).
Meter* new_meter();

class Scope {
public:
    explicit Scope(Meter* meter); // charge this thread's allocations to meter while alive
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    Meter* m_previous;
};

std::int64_t live_bytes(const Meter* meter);
// The most bytes the meter held at once.
std::int64_t peak_bytes(const Meter* meter);

// Whether counting works: false where LibTorch's CPU allocator has no raw interface to wrap, or
// when the environment sets RESDENSE_COUNT_TENSOR_MEMORY=0 (then every figure stays 0). The engine
// installs the counting allocator before main().
bool installed();

} // namespace resdense::tensor_memory
