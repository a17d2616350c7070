#pragma once

#include <optional>
#include <string>
#include <vector>

namespace resdense {

// Data-parallel training (docs/distributed.md): one process per rank, joined through a c10d
// TCPStore at master_addr:master_port and a Gloo process group. A process is a worker when its
// environment says so, as torchrun's does: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, and
// optionally LOCAL_RANK, LOCAL_WORLD_SIZE and RESDENSE_DIST_TIMEOUT (seconds).
struct DistributedOptions {
    int rank = 0;
    int world_size = 1;
    int local_rank = 0;
    int local_world_size = 1; // processes on this machine: they share its cores
    std::string master_addr = "127.0.0.1";
    int master_port = 29500;
    double timeout_seconds = 60.0; // rendezvous, and each collective
};

// Whether this build can train over several processes (built with Gloo: RESDENSE_DISTRIBUTED).
bool distributed_available();
// The message for asking a build without it.
std::string no_distributed_message();

// The worker's options from the environment; nullopt when WORLD_SIZE is unset or 1. Throws
// resdense::Error naming a malformed or missing variable.
std::optional<DistributedOptions> distributed_from_environment();

// What `--nproc` and friends ask for: nproc local workers on this node, node node_rank of nnodes.
struct LaunchOptions {
    int nproc = 1;
    int nnodes = 1;
    int node_rank = 0;
    std::string master_addr; // empty: 127.0.0.1 (one node only)
    int master_port = 0;     // 0: a free port (one node only)
    double timeout_seconds = 60.0;
};

// Starts the workers of this node: `program` with `args` again, each with its environment set,
// and waits for them. A worker that fails or dies is reported by rank; the others are given the
// collective timeout to notice and exit, then terminated. Returns 0 when every worker succeeded,
// else non-zero. Throws resdense::Error on bad options.
int launch_workers(const LaunchOptions& options, const std::string& program,
                   const std::vector<std::string>& args);

// This program's own path and arguments (after argv[0]), from /proc/self.
std::string self_program();
std::vector<std::string> self_arguments();

} // namespace resdense
