// error.h — the project's one exception type and the check macro every layer uses.
// Errors carry a message that names what was wrong (the op and shapes, the file and line, the
// tensor, the training step), because "bad input" must never mean a crash or silent garbage.
// Paper: none (infrastructure)
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace simcse {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Builds the message from any streamable parts: fail("matmul: a is ", a.shape(), ...).
template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream message;
  (message << ... << parts);
  throw Error(message.str());
}

}  // namespace simcse

// SIMCSE_CHECK(condition, message parts...): the parts are only evaluated when the check fails.
#define SIMCSE_CHECK(condition, ...)          \
  do {                                        \
    if (!(condition)) ::simcse::fail(__VA_ARGS__); \
  } while (0)
