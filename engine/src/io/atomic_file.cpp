#include "io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include "resdense/error.h"

namespace resdense {
namespace {

std::string reason(int error)
{
    return error == ENOSPC ? "no space left on device" : std::strerror(error);
}

// Writes everything (write() may write less than asked), then fsyncs. Returns 0 or errno.
int write_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return ::fsync(fd) == 0 ? 0 : errno;
}

// The rename is durable once the folder's entry is on disk too.
void sync_folder(const std::filesystem::path& file)
{
    const std::string dir = file.has_parent_path() ? file.parent_path().string() : ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd); // best effort: some file systems refuse to sync a folder
        ::close(fd);
    }
}

} // namespace

void sync_file(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(path + ": cannot open to sync (" + reason(errno) + ")");
    const int error = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    if (error != 0 && error != EINVAL) // EINVAL: a file system without fsync (a pipe, ...)
        throw Error(path + ": cannot write to disk (" + reason(error) + ")");
}

void write_file_atomic(const std::string& path, std::string_view bytes,
                       const std::string& tmp_suffix)
{
    const std::string tmp = path + tmp_suffix;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(path + ": cannot create the file (" + reason(errno) + ")");
    int error = write_all(fd, bytes);
    if (::close(fd) != 0 && error == 0)
        error = errno;
    if (error == 0 && std::rename(tmp.c_str(), path.c_str()) != 0)
        error = errno;
    if (error != 0) {
        ::unlink(tmp.c_str());
        throw Error(path + ": cannot write (" + reason(error) +
                    "); the previous version is unchanged");
    }
    sync_folder(path);
}

} // namespace resdense
