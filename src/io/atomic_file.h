// atomic_file.h — writing a file so that a failure half-way never destroys what was there:
// the bytes go to a temporary file in the same folder, which is renamed over the target only
// once everything was written (a rename within one filesystem is atomic on POSIX).
// Paper: none (infrastructure)
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace simcse {

// Calls `write` with a stream onto a temporary file next to `path`, then renames it to `path`.
// Any error (from `write` or the disk) removes the temporary file and is rethrown.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace simcse
