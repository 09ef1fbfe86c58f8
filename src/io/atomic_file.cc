// atomic_file.cc — write_file_atomically: temporary file, check, rename.
// Paper: none (infrastructure)
#include "io/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace simcse {

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      SIMCSE_CHECK(out.is_open(), path, ": cannot create ", temporary, " (", std::strerror(errno), ")");
      write(out);
      out.flush();
      SIMCSE_CHECK(out.good(), path, ": writing failed (disk full?)");
    }
    SIMCSE_CHECK(std::rename(temporary.c_str(), path.c_str()) == 0, path, ": cannot rename ", temporary,
                 " onto it (", std::strerror(errno), ")");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace simcse
