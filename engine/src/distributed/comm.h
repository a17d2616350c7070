#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "resdense/distributed.h"

namespace resdense {

// The collectives data-parallel training needs, over a c10d Gloo process group (CPU tensors).
// Every member must be called by every rank in the same order. A collective that fails (a peer
// died, or the timeout passed) throws resdense::Error naming the ranks that no longer answer.
class Comm {
public:
    // Joins the group: rendezvous through a TCPStore at master_addr:master_port (rank 0 hosts
    // it). Throws resdense::Error when the peers do not all arrive within the timeout, or when
    // this build has no distributed training.
    static std::unique_ptr<Comm> connect(const DistributedOptions& options);
    virtual ~Comm() = default;

    virtual int rank() const = 0;
    virtual int size() const = 0;
    bool leader() const { return rank() == 0; }

    // In place: every tensor becomes rank root's (contiguous tensors).
    virtual void broadcast(std::vector<torch::Tensor>& tensors, int root = 0) = 0;
    // In place: the element-wise sum over ranks (one contiguous tensor).
    virtual void allreduce_sum(torch::Tensor& tensor) = 0;
    // Several tensors at once (in flight together), each summed in place.
    virtual void allreduce_sum(std::vector<torch::Tensor>& tensors) = 0;
    // Every rank's tensor (each the same shape), in rank order.
    virtual std::vector<torch::Tensor> allgather(const torch::Tensor& tensor) = 0;

    // Conveniences on top.
    void broadcast_bytes(std::string& bytes, int root = 0);
    bool any(bool flag); // whether any rank's flag is set
    double sum(double value);
};

// Rows [begin, end) of a global batch of `batch` images that rank `rank` of `world` trains on:
// contiguous, disjoint, together the whole batch; sizes differ by at most one.
struct Share {
    std::int64_t begin = 0, end = 0;
    std::int64_t size() const { return end - begin; }
};
Share batch_share(std::int64_t batch, int rank, int world);

// Gradient averaging in flat buckets of about bucket_bytes (DDP's 25 MB by default): after
// backward, each bucket's gradients are copied into one buffer, all buckets are all-reduced
// together (in flight at once), and the sums are copied back. Parameters that need no gradient
// are left out; a parameter without a gradient on this rank contributes zeros.
class GradientBuckets {
public:
    GradientBuckets(std::vector<torch::Tensor> parameters,
                    std::int64_t bucket_bytes = std::int64_t(25) << 20);
    // Sums every parameter's gradient over the ranks (each rank scales its own beforehand).
    void allreduce(Comm& comm);

    std::int64_t bytes() const { return m_bytes; } // per all-reduce, per rank
    std::size_t buckets() const { return m_buckets.size(); }
    double seconds() const { return m_seconds; } // spent in allreduce() so far
    std::int64_t calls() const { return m_calls; }

private:
    std::vector<torch::Tensor> m_params;
    std::vector<std::vector<std::size_t>> m_buckets; // indices into m_params
    std::vector<torch::Tensor> m_buffers;            // one flat buffer per bucket
    std::int64_t m_bytes = 0;
    double m_seconds = 0.0;
    std::int64_t m_calls = 0;
};

} // namespace resdense
