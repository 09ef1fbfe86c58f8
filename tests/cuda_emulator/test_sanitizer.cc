// test_sanitizer.cc — proof that the emulated CUDA tests would catch an out-of-bounds access in a
// kernel: runs planted_out_of_bounds (a kernel launch that writes past its buffer, built with
// AddressSanitizer next to this test) as a separate process and checks that ASan stopped it with a
// heap-buffer-overflow report naming the kernel and the source line of the bad write, and that the
// emulator added which CUDA thread made it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.h"

namespace {

// The line of planted_out_of_bounds.cc that holds the bad write.
int planted_line() {
  std::ifstream source(simcse::testing::repo_root() + "/tests/cuda_emulator/planted_out_of_bounds.cc");
  std::string line;
  for (int number = 1; std::getline(source, line); ++number)
    if (line.find("// the planted bug") != std::string::npos) return number;
  return -1;
}

TEST(Sanitizer, CatchesTheOutOfBoundsWriteOfAKernel) {
  const std::filesystem::path program =
      std::filesystem::read_symlink("/proc/self/exe").parent_path() / "planted_out_of_bounds";
  ASSERT_TRUE(std::filesystem::exists(program)) << program << " is built with this test";
  // ASan writes its report to stderr; halt_on_error is its default, made explicit.
  const std::string command = "ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 " + program.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string report;
  std::array<char, 4096> chunk;
  while (size_t read = fread(chunk.data(), 1, chunk.size(), pipe)) report.append(chunk.data(), read);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << "the planted bug went unnoticed:\n" << report;

  const std::string where = "planted_out_of_bounds.cc:" + std::to_string(planted_line());
  EXPECT_NE(report.find("ERROR: AddressSanitizer: heap-buffer-overflow"), std::string::npos) << report;
  EXPECT_NE(report.find("WRITE of size 4"), std::string::npos) << report;
  EXPECT_NE(report.find("in ramp_kernel(float*, int) "), std::string::npos) << report;
  EXPECT_NE(report.find(where), std::string::npos) << "expected " << where << " in:\n" << report;
  EXPECT_NE(report.find("made by kernel 'ramp_kernel', block (3, 0, 0), thread (4, 0, 0)"), std::string::npos)
      << report;
  // The summary line, quoted in the test log.
  const size_t summary = report.find("SUMMARY: AddressSanitizer");
  if (summary != std::string::npos)
    std::printf("  %s\n", report.substr(summary, report.find('\n', summary) - summary).c_str());
}

}  // namespace
