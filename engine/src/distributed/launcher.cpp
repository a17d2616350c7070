// The local launcher (`--nproc N`, like torchrun --standalone) and the worker's environment.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "resdense/distributed.h"
#include "resdense/error.h"

namespace resdense {
namespace {

std::optional<std::string> env(const char* name)
{
    const char* v = std::getenv(name);
    if (!v || !*v)
        return std::nullopt;
    return std::string(v);
}

int env_int(const char* name, int fallback, int lo, int hi)
{
    const auto v = env(name);
    if (!v)
        return fallback;
    try {
        std::size_t used = 0;
        const int n = std::stoi(*v, &used);
        if (used == v->size() && n >= lo && n <= hi)
            return n;
    } catch (const std::exception&) {
    }
    throw Error(std::string("environment variable ") + name + "=" + *v +
                " is not a whole number between " + std::to_string(lo) + " and " +
                std::to_string(hi));
}

// A port nothing listens on now (the kernel's choice), as torchrun --standalone picks one.
int free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw Error("cannot open a socket to find a free port");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw Error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string describe_exit(int status)
{
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::strsignal(sig);
        return "was killed by signal " + std::to_string(sig) + " (" + (name ? name : "?") + ")";
    }
    return "ended (status " + std::to_string(status) + ")";
}

volatile std::sig_atomic_t g_terminate = 0;
void on_terminate(int)
{
    g_terminate = 1;
}

} // namespace

std::optional<DistributedOptions> distributed_from_environment()
{
    const int world = env_int("WORLD_SIZE", 1, 1, 1 << 20);
    if (world <= 1)
        return std::nullopt;
    DistributedOptions o;
    o.world_size = world;
    if (!env("RANK"))
        throw Error("WORLD_SIZE is " + std::to_string(world) +
                    " but RANK is not set: a worker needs RANK, WORLD_SIZE, MASTER_ADDR and "
                    "MASTER_PORT");
    o.rank = env_int("RANK", 0, 0, world - 1);
    o.local_rank = env_int("LOCAL_RANK", o.rank, 0, world - 1);
    o.local_world_size = env_int("LOCAL_WORLD_SIZE", 1, 1, world);
    o.master_addr = env("MASTER_ADDR").value_or("127.0.0.1");
    if (!env("MASTER_PORT"))
        throw Error("MASTER_PORT is not set: every worker needs the rendezvous port of rank 0");
    o.master_port = env_int("MASTER_PORT", 29500, 1, 65535);
    if (const auto t = env("RESDENSE_DIST_TIMEOUT")) {
        try {
            o.timeout_seconds = std::stod(*t);
        } catch (const std::exception&) {
            o.timeout_seconds = -1;
        }
        if (!(o.timeout_seconds > 0))
            throw Error("RESDENSE_DIST_TIMEOUT=" + *t + " is not a positive number of seconds");
    }
    return o;
}

std::string self_program()
{
    std::error_code ec;
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0)
        throw Error("cannot find this program's path (/proc/self/exe)");
    return std::string(buffer, static_cast<std::size_t>(n));
}

std::vector<std::string> self_arguments()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    std::size_t start = 0;
    while (start < all.size()) {
        const std::size_t end = all.find('\0', start);
        args.push_back(
            all.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (!args.empty())
        args.erase(args.begin()); // argv[0]
    return args;
}

int launch_workers(const LaunchOptions& o, const std::string& program,
                   const std::vector<std::string>& args)
{
    if (o.nproc < 1 || o.nproc > 1024)
        throw Error("--nproc must be between 1 and 1024; got " + std::to_string(o.nproc));
    if (o.nnodes < 1 || o.node_rank < 0 || o.node_rank >= o.nnodes)
        throw Error("--node-rank must be between 0 and --nnodes - 1 (" +
                    std::to_string(o.nnodes - 1) + "); got " + std::to_string(o.node_rank));
    if (o.nnodes > 1 && (o.master_addr.empty() || o.master_port == 0))
        throw Error("with --nnodes above 1, every node needs --master-addr (the address of node "
                    "0) and --master-port (the same free port on all)");
    const std::string addr = o.master_addr.empty() ? "127.0.0.1" : o.master_addr;
    const int port = o.master_port ? o.master_port : free_port();
    const int world = o.nnodes * o.nproc;

    std::cerr << "resdense: starting " << o.nproc << " worker process" << (o.nproc == 1 ? "" : "es")
              << " (ranks " << o.node_rank * o.nproc << "–" << o.node_rank * o.nproc + o.nproc - 1
              << " of " << world << "), rendezvous at " << addr << ":" << port << std::endl;

    std::map<pid_t, int> running; // pid -> rank
    struct sigaction ignore {
    }, old_int{}, term{}, old_term{};
    ignore.sa_handler = SIG_IGN; // Ctrl-C reaches the workers, which stop together
    ::sigaction(SIGINT, &ignore, &old_int);
    term.sa_handler = on_terminate;
    ::sigaction(SIGTERM, &term, &old_term);

    for (int local = 0; local < o.nproc; ++local) {
        const int rank = o.node_rank * o.nproc + local;
        const pid_t pid = ::fork();
        if (pid < 0)
            throw Error("cannot start a worker process: " + std::string(std::strerror(errno)));
        if (pid == 0) {
            ::signal(SIGINT, SIG_DFL);
            ::signal(SIGTERM, SIG_DFL);
            ::setenv("RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(local).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(world).c_str(), 1);
            ::setenv("LOCAL_WORLD_SIZE", std::to_string(o.nproc).c_str(), 1);
            ::setenv("GROUP_RANK", std::to_string(o.node_rank).c_str(), 1);
            ::setenv("MASTER_ADDR", addr.c_str(), 1);
            ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
            ::setenv("RESDENSE_DIST_TIMEOUT", std::to_string(o.timeout_seconds).c_str(), 1);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(program.c_str()));
            for (const auto& a : args)
                argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(program.c_str(), argv.data());
            std::cerr << "resdense: cannot start " << program << ": " << std::strerror(errno)
                      << std::endl;
            ::_exit(127);
        }
        running[pid] = rank;
    }

    using Clock = std::chrono::steady_clock;
    int result = 0;
    std::optional<Clock::time_point> give_up; // when the survivors are terminated
    bool terminated = false;
    while (!running.empty()) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            const auto it = running.find(pid);
            if (it == running.end())
                continue;
            const int rank = it->second;
            running.erase(it);
            const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (!ok) {
                std::cerr << "resdense: worker rank " << rank << " (pid " << pid << ") "
                          << describe_exit(status) << std::endl;
                if (result == 0) {
                    result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                    // The others notice through their collectives (at most the timeout).
                    give_up = Clock::now() + std::chrono::milliseconds(static_cast<long>(
                                                 (o.timeout_seconds + 15.0) * 1000.0));
                }
            }
            continue;
        }
        if (pid < 0 && errno != EINTR && errno != 0)
            break;
        if (g_terminate && !terminated) {
            for (const auto& [p, r] : running)
                ::kill(p, SIGTERM);
            terminated = true;
            if (result == 0)
                result = 128 + SIGTERM;
        }
        if (give_up && Clock::now() > *give_up) {
            for (const auto& [p, r] : running) {
                std::cerr << "resdense: worker rank " << r << " (pid " << p
                          << ") did not stop after rank failure; terminating it" << std::endl;
                ::kill(p, terminated ? SIGKILL : SIGTERM);
            }
            terminated = true;
            give_up = Clock::now() + std::chrono::seconds(5);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
    if (result != 0)
        std::cerr << "resdense: distributed run failed; continue it from its last checkpoint "
                     "with: resdense resume <run folder>"
                  << std::endl;
    return result == 0 ? 0 : (result > 255 ? 1 : result);
}

} // namespace resdense
