// test_main.cc — the main() of every unit-test binary. Besides GoogleTest's own output it appends
// one line per test ("PASS name", "FAIL name", "SKIP name") to the file named by
// $SIMCSE_TEST_REPORT, from which tests/run_all.sh totals "N passed, M failed" over all binaries.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace {

class ReportListener : public testing::EmptyTestEventListener {
 public:
  explicit ReportListener(const std::string& path) : report_(path, std::ios::app) {}

  void OnTestEnd(const testing::TestInfo& info) override {
    const testing::TestResult* result = info.result();
    const char* verdict = result->Skipped() ? "SKIP" : result->Passed() ? "PASS" : "FAIL";
    report_ << verdict << ' ' << info.test_suite_name() << '.' << info.name() << '\n';
    report_.flush();
  }

 private:
  std::ofstream report_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (const char* path = std::getenv("SIMCSE_TEST_REPORT"))
    testing::UnitTest::GetInstance()->listeners().Append(new ReportListener(path));
  return RUN_ALL_TESTS();
}
