// c10d's Gloo process group behind Comm; without RESDENSE_DISTRIBUTED, connect() says so.
#include "distributed/comm.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include "resdense/error.h"

#ifdef RESDENSE_DISTRIBUTED
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace resdense {

bool distributed_available()
{
#ifdef RESDENSE_DISTRIBUTED
    return true;
#else
    return false;
#endif
}

std::string no_distributed_message()
{
    return "this build has no distributed training (it was built without Gloo: install "
           "libgloo-dev and reconfigure with -DRESDENSE_DISTRIBUTED=ON)";
}

Share batch_share(std::int64_t batch, int rank, int world)
{
    const std::int64_t base = batch / world, extra = batch % world;
    Share s;
    s.begin = rank * base + std::min<std::int64_t>(rank, extra);
    s.end = s.begin + base + (rank < extra ? 1 : 0);
    return s;
}

void Comm::broadcast_bytes(std::string& bytes, int root)
{
    std::vector<torch::Tensor> size{
        torch::tensor({static_cast<std::int64_t>(bytes.size())}, torch::kLong)};
    broadcast(size, root);
    const std::int64_t n = size[0].item<std::int64_t>();
    std::vector<torch::Tensor> data{torch::empty({std::max<std::int64_t>(n, 1)}, torch::kUInt8)};
    if (rank() == root && n > 0)
        std::memcpy(data[0].data_ptr(), bytes.data(), static_cast<std::size_t>(n));
    broadcast(data, root);
    if (rank() != root)
        bytes.assign(reinterpret_cast<const char*>(data[0].data_ptr()),
                     static_cast<std::size_t>(n));
}

bool Comm::any(bool flag)
{
    return sum(flag ? 1.0 : 0.0) > 0.0;
}

double Comm::sum(double value)
{
    auto t = torch::tensor({value}, torch::kDouble);
    allreduce_sum(t);
    return t.item<double>();
}

GradientBuckets::GradientBuckets(std::vector<torch::Tensor> parameters, std::int64_t bucket_bytes)
{
    for (auto& p : parameters)
        if (p.requires_grad())
            m_params.push_back(p);
    std::int64_t in_bucket = 0;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        const auto& p = m_params[i];
        const std::int64_t bytes = p.numel() * static_cast<std::int64_t>(p.element_size());
        const bool new_bucket = m_buckets.empty() || in_bucket + bytes > bucket_bytes ||
                                m_params[m_buckets.back().front()].scalar_type() != p.scalar_type();
        if (new_bucket) {
            m_buckets.emplace_back();
            in_bucket = 0;
        }
        m_buckets.back().push_back(i);
        in_bucket += bytes;
        m_bytes += bytes;
    }
    for (const auto& bucket : m_buckets) {
        std::int64_t numel = 0;
        for (auto i : bucket)
            numel += m_params[i].numel();
        m_buffers.push_back(
            torch::empty({numel}, m_params[bucket.front()].options().requires_grad(false)));
    }
}

void GradientBuckets::allreduce(Comm& comm)
{
    const auto start = std::chrono::steady_clock::now();
    torch::NoGradGuard no_grad;
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        std::int64_t offset = 0;
        for (auto i : m_buckets[b]) {
            auto& p = m_params[i];
            auto slice = m_buffers[b].narrow(0, offset, p.numel());
            if (p.grad().defined())
                // reshape follows the gradient's own memory order (channels-last or not)
                slice.view(p.sizes()).copy_(p.grad());
            else
                slice.zero_();
            offset += p.numel();
        }
    }
    comm.allreduce_sum(m_buffers);
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        std::int64_t offset = 0;
        for (auto i : m_buckets[b]) {
            auto& p = m_params[i];
            auto slice = m_buffers[b].narrow(0, offset, p.numel()).view(p.sizes());
            if (p.grad().defined())
                p.mutable_grad().copy_(slice);
            else
                p.mutable_grad() = slice.clone();
            offset += p.numel();
        }
    }
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++m_calls;
}

#ifdef RESDENSE_DISTRIBUTED
namespace {

using Millis = std::chrono::milliseconds;

class GlooComm final : public Comm {
public:
    explicit GlooComm(const DistributedOptions& o) : m_options(o)
    {
        const auto timeout =
            Millis(static_cast<std::int64_t>(std::max(1.0, o.timeout_seconds) * 1000.0));
        const std::string where = o.master_addr + ":" + std::to_string(o.master_port);
        try {
            c10d::TCPStoreOptions so;
            so.port = static_cast<std::uint16_t>(o.master_port);
            so.isServer = o.rank == 0;
            so.numWorkers = static_cast<std::size_t>(o.world_size);
            so.waitWorkers = false; // we count arrivals ourselves, for a clearer message
            so.timeout = timeout;
            m_store = c10::make_intrusive<c10d::TCPStore>(o.master_addr, so);
        } catch (const std::exception& e) {
            throw Error("rank " + std::to_string(o.rank) + " could not reach the rendezvous at " +
                        where + " within " + seconds(o.timeout_seconds) +
                        (o.rank == 0 ? " (is the port free?)"
                                     : " (is rank 0 started, and is the port open?)") +
                        ": " + first_line(e.what()));
        }
        // Everyone checks in; everyone waits until all have, or says who is missing.
        m_store->add("resdense/arrived", 1);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const std::int64_t arrived = m_store->add("resdense/arrived", 0);
            if (arrived >= o.world_size)
                break;
            if (std::chrono::steady_clock::now() > deadline)
                throw Error("rendezvous at " + where + ": only " + std::to_string(arrived) +
                            " of " + std::to_string(o.world_size) + " processes arrived within " +
                            seconds(o.timeout_seconds) +
                            " (start every node with the same --nnodes, --nproc, --master-addr and "
                            "--master-port; raise the wait with --dist-timeout)");
            std::this_thread::sleep_for(Millis(20));
        }
        try {
            auto options = c10d::ProcessGroupGloo::Options::create(timeout);
            const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
            options->devices.push_back(
                ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                                  : c10d::ProcessGroupGloo::createDefaultDevice());
            options->threads = 2;
            m_group =
                c10::make_intrusive<c10d::ProcessGroupGloo>(m_store, o.rank, o.world_size, options);
        } catch (const std::exception& e) {
            throw Error("rank " + std::to_string(o.rank) +
                        " could not connect to its peers (Gloo): " + first_line(e.what()) +
                        " (on several machines, GLOO_SOCKET_IFNAME names the interface to use)");
        }
    }

    int rank() const override { return m_options.rank; }
    int size() const override { return m_options.world_size; }

    void broadcast(std::vector<torch::Tensor>& tensors, int root) override
    {
        c10d::BroadcastOptions bo;
        bo.rootRank = root;
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        for (auto& t : tensors) {
            std::vector<torch::Tensor> one{t};
            guard("broadcast", [&] { works.push_back(m_group->broadcast(one, bo)); });
        }
        for (auto& w : works)
            guard("broadcast", [&] { w->wait(); });
    }

    void allreduce_sum(torch::Tensor& tensor) override
    {
        std::vector<torch::Tensor> one{tensor};
        guard("all-reduce", [&] { m_group->allreduce(one)->wait(); });
    }

    void allreduce_sum(std::vector<torch::Tensor>& tensors) override
    {
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        for (auto& t : tensors) {
            std::vector<torch::Tensor> one{t};
            guard("all-reduce", [&] { works.push_back(m_group->allreduce(one)); });
        }
        for (auto& w : works)
            guard("all-reduce", [&] { w->wait(); });
    }

    std::vector<torch::Tensor> allgather(const torch::Tensor& tensor) override
    {
        std::vector<torch::Tensor> in{tensor.contiguous()};
        std::vector<std::vector<torch::Tensor>> out(1);
        for (int r = 0; r < size(); ++r)
            out[0].push_back(torch::empty_like(in[0]));
        guard("all-gather", [&] { m_group->allgather(out, in)->wait(); });
        return out[0];
    }

private:
    static std::string seconds(double s)
    {
        std::ostringstream o;
        o << s << " s";
        return o.str();
    }
    static std::string first_line(const std::string& text)
    {
        return text.substr(0, text.find('\n'));
    }

    template <class F> void guard(const char* what, F&& f)
    {
        try {
            f();
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            throw Error(lost_peers(what, first_line(e.what())));
        }
    }

    // After a failed collective: which ranks still answer? Each survivor checks in under a key of
    // its own in the store (rank 0's); whoever has not within a few seconds is named.
    std::string lost_peers(const char* what, const std::string& cause)
    {
        const std::string head =
            "rank " + std::to_string(rank()) + ": " + what + " failed (" + cause + "); ";
        try {
            m_store->setTimeout(Millis(5000));
            m_store->set("resdense/alive/" + std::to_string(rank()), std::vector<std::uint8_t>{1});
            std::this_thread::sleep_for(Millis(3000));
            std::vector<std::string> missing;
            for (int r = 0; r < size(); ++r)
                if (!m_store->check({"resdense/alive/" + std::to_string(r)}))
                    missing.push_back(std::to_string(r));
            if (missing.empty())
                return head + "every rank still answers: a collective timed out (raise "
                              "--dist-timeout if a step or an evaluation takes longer)";
            std::string ranks;
            for (const auto& m : missing)
                ranks += (ranks.empty() ? "" : ", ") + m;
            return head + (missing.size() == 1 ? "rank " : "ranks ") + ranks +
                   " stopped (killed or failed); resume the run from its last checkpoint";
        } catch (const std::exception&) {
            return head + "rank 0 (which holds the rendezvous store) is gone; resume the run from "
                          "its last checkpoint";
        }
    }

    DistributedOptions m_options;
    c10::intrusive_ptr<c10d::TCPStore> m_store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> m_group;
};

} // namespace

std::unique_ptr<Comm> Comm::connect(const DistributedOptions& options)
{
    return std::make_unique<GlooComm>(options);
}

#else

std::unique_ptr<Comm> Comm::connect(const DistributedOptions&)
{
    throw Error(no_distributed_message());
}

#endif

} // namespace resdense
