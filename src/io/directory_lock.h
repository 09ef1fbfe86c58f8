// directory_lock.h — one process at a time in a directory. Two `simcse train` runs started on the
// same --output_dir would both find it empty, then interleave their logs and checkpoints; the
// second one must refuse at once and say who holds the directory.
// The lock is flock(2) on DIRECTORY/.simcse.lock: the kernel drops it when the holder exits, even
// by kill -9, so a crashed run never leaves a stale lock behind. The file stays (removing it would
// let a third process lock a new file while a second still holds the old one).
// Paper: none (infrastructure)
#pragma once

#include <string>

namespace simcse {

inline constexpr const char* kLockFile = ".simcse.lock";

class DirectoryLock {
 public:
  // Creates DIRECTORY if needed and takes its lock, or fails naming the pid of the holder.
  // `purpose` ("simcse train") is written into the lock file for that message.
  DirectoryLock(const std::string& directory, const std::string& purpose);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace simcse
