// progress_bar.h — a progress bar on standard error for long-running commands: redrawn in place
// on a terminal, a line every 10% when stderr is a file or pipe (so logs stay readable), and
// nothing at all for short jobs.
// Paper: none (infrastructure)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace simcse::cli {

class ProgressBar {
 public:
  // `unit` names what is counted ("sentences"); `visible` false keeps the bar silent.
  ProgressBar(std::string label, int64_t total, std::string unit, bool visible);
  // `done` of `total` finished; `status` (e.g. "loss 0.41 lr 2.9e-05") is shown after the bar.
  void update(int64_t done, const std::string& status = "");
  void finish();              // ends the line (once); a later update starts a new line

 private:
  std::string label_, unit_;
  int64_t total_;
  bool visible_, terminal_, finished_ = false;
  int last_decile_ = -1;
  int64_t first_done_ = -1;  // `done` at the first update, where the rate starts counting
  std::chrono::steady_clock::time_point start_;
};

}  // namespace simcse::cli
