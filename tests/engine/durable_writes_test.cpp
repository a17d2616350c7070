// Files are replaced whole or not at all: a full disk (simulated with a small RLIMIT_FSIZE, which
// makes write() fail with EFBIG as ENOSPC would) leaves the previous file and no temporary one,
// and a run whose checkpoint cannot be written stops with a message and resumes later.
#include <csignal>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "io/atomic_file.h"
#include "resdense/error.h"
#include "resdense/trainer.h"
#include "train/run_folder.h"
#include "trainer_test_support.h"

using namespace resdense;
using namespace resdense::testing_support;
namespace fs = std::filesystem;

namespace {

// While alive, files this process writes may not grow past `bytes` (each test is its own
// process under ctest, so nothing else is writing).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_handler = std::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG instead
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }

private:
    rlimit m_saved{};
    void (*m_handler)(int) = nullptr;
};

} // namespace

TEST_F(TrainerTest, AFailedWriteKeepsThePreviousFileAndLeavesNoTemporary)
{
    fs::create_directories(m_dir);
    const std::string path = dir("config.json");
    write_file_atomic(path, "previous contents");
    {
        FileSizeLimit limit(4096);
        try {
            write_file_atomic(path, std::string(1 << 20, 'x'));
            FAIL() << "a 1 MiB write past a 4 KiB limit succeeded";
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("config.json: cannot write"), std::string::npos) << msg;
            EXPECT_NE(msg.find("previous version is unchanged"), std::string::npos) << msg;
        }
    }
    EXPECT_EQ(read_text_file(path), "previous contents");
    EXPECT_FALSE(fs::exists(path + ".tmp"));
}

// A checkpoint that cannot be written stops the run with the file named; the last complete
// checkpoint set stays loadable, and once space is back the run resumes to the end.
TEST_F(TrainerTest, ACheckpointThatCannotBeWrittenStopsTheRunAndItResumesLater)
{
    RecordingSink first;
    first.stop_epoch = 1;
    train(tiny(2), dir("run"), first); // epoch 1 done and checkpointed
    RecordingSink starved;
    std::string msg;
    {
        FileSizeLimit limit(64 * 1024); // metrics lines fit, a checkpoint does not
        try {
            resume(dir("run"), starved);
        } catch (const Error& e) {
            msg = e.what();
        }
    }
    EXPECT_NE(msg.find("cannot write"), std::string::npos) << msg;
    EXPECT_NE(msg.find(".pt"), std::string::npos) << msg;
    for (const auto& f : fs::directory_iterator(dir("run/models"))) // nothing half-written
        EXPECT_TRUE(f.path().extension() != ".tmp" && f.path().extension() != ".next")
            << "left behind: " << f.path();
    RecordingSink rest;
    const RunSummary s = resume(dir("run"), rest);
    EXPECT_TRUE(s.completed);
    EXPECT_EQ(s.slots[0].epochs_done, 2);
}

namespace resdense {
namespace {

// metrics.jsonl is fsynced at every epoch end (RunFolder::flush); the sync names the file when it
// cannot be done.
TEST(SyncFile, SyncsAWrittenFileAndNamesOneItCannotOpen)
{
    const std::string path =
        (fs::temp_directory_path() / ("resdense-sync-" + std::to_string(::getpid()) + ".jsonl"))
            .string();
    {
        std::ofstream out(path);
        out << "{}\n";
    }
    EXPECT_NO_THROW(sync_file(path));
    fs::remove(path);
    try {
        sync_file(path);
        FAIL() << "a missing file synced";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace resdense
