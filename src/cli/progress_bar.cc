// progress_bar.cc — drawing the bar: done/total, percentage, rate.
// Paper: none (infrastructure)
#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace simcse::cli {

ProgressBar::ProgressBar(std::string label, int64_t total, std::string unit, bool visible)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      visible_(visible && total > 0),
      terminal_(::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int64_t done, const std::string& status) {
  if (!visible_) return;
  finished_ = false;  // a message may have ended the line; the bar continues on a new one
  const double fraction = static_cast<double>(done) / total_;
  const int decile = static_cast<int>(fraction * 10);
  if (!terminal_ && decile == last_decile_) return;
  last_decile_ = decile;
  // The rate counts from the first update, so time spent before the work started (loading a
  // model) does not dilute it and the first item does not make it infinite.
  const auto now = std::chrono::steady_clock::now();
  if (first_done_ < 0) first_done_ = done, start_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? (done - first_done_) / seconds : 0.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "%s%s [%s%s] %lld/%lld %s (%3.0f%%, %.0f %s/s)%s%s%s", terminal_ ? "\r" : "", label_.c_str(),
               std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(),
               static_cast<long long>(done), static_cast<long long>(total_), unit_.c_str(), 100 * fraction,
               rate, unit_.c_str(), status.empty() ? "" : " ", status.c_str(),
               terminal_ ? "\033[K" : "\n");
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (visible_ && terminal_ && !finished_) std::fputc('\n', stderr);
  finished_ = true;
}

}  // namespace simcse::cli
