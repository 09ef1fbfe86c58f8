// directory_lock.cc — flock on a lock file, with the holder's pid inside for the error message.
// Paper: none (infrastructure)
#include "io/directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace simcse {

namespace fs = std::filesystem;

namespace {

// What the holder wrote into the lock file ("pid 1234 (simcse train)"), at most one short line.
std::string holder_of(int fd) {
  char text[128] = {};
  const ssize_t length = ::pread(fd, text, sizeof text - 1, 0);
  std::string holder(text, length > 0 ? static_cast<size_t>(length) : 0);
  if (const size_t end = holder.find('\n'); end != std::string::npos) holder.resize(end);
  return holder.empty() ? "another process" : holder;
}

}  // namespace

DirectoryLock::DirectoryLock(const std::string& directory, const std::string& purpose) {
  std::error_code error;
  fs::create_directories(directory, error);
  SIMCSE_CHECK(!error, directory, ": cannot create the directory (", error.message(), ")");
  const std::string path = (fs::path(directory) / kLockFile).string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  SIMCSE_CHECK(fd_ >= 0, path, ": cannot open the lock file (", std::strerror(errno), ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int reason = errno;
    const std::string holder = holder_of(fd_);
    ::close(fd_);
    fd_ = -1;
    SIMCSE_CHECK(reason != EWOULDBLOCK, directory, " is in use by ", holder,
                 "; wait for it to finish or choose another directory");
    fail(path, ": cannot lock (", std::strerror(reason), ")");
  }
  const std::string holder = "pid " + std::to_string(::getpid()) + " (" + purpose + ")\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size()))
    fail(path, ": cannot write the lock file (", std::strerror(errno), ")");
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace simcse
