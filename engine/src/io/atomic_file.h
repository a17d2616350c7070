#pragma once

#include <string>
#include <string_view>

namespace resdense {

// Replaces path's contents with `bytes` so that a crash, a power cut or a full disk never leaves a
// torn or empty file under that name: writes path.tmp, fsyncs it, renames it over path and fsyncs
// the folder. On any failure the temporary file is removed, the previous file is untouched, and
// resdense::Error names the file and the reason ("No space left on device", ...). Writers in
// several processes that may replace the same file at once give each a tmp_suffix of its own.
void write_file_atomic(const std::string& path, std::string_view bytes,
                       const std::string& tmp_suffix = ".tmp");

// Makes what has been written to path (an appended log, after its stream's flush) durable:
// fsync. Throws resdense::Error naming the file and the reason when the file system refuses.
void sync_file(const std::string& path);

} // namespace resdense
