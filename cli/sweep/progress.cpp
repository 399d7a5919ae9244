#include "cli/sweep/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace stratus::cli::sweep {

namespace {

std::string duration_text(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else
    std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
  return buf;
}

}  // namespace

SweepProgress::Style SweepProgress::style_for_stderr(bool quiet) {
  if (quiet) return Style::none;
  return isatty(STDERR_FILENO) ? Style::bar : Style::lines;
}

SweepProgress::SweepProgress(std::size_t to_run, Style style) : total_(to_run), style_(style) {}

std::string SweepProgress::status_text() const {
  std::string text = std::to_string(done_) + "/" + std::to_string(total_) + " done, " +
                     std::to_string(failed_) + " failed, " + std::to_string(running_) + " running";
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // Throughput so far, not the mean run time: it already accounts for the runs in parallel.
  if (done_ > 0 && done_ < total_)
    text +=
        ", ETA " + duration_text(elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_));
  if (!slowest_.empty()) text += ", slowest " + duration_text(slowest_s_) + " (" + slowest_ + ")";
  return text;
}

void SweepProgress::draw(bool force) {
  if (style_ != Style::bar) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  constexpr int kWidth = 30;
  const int filled = total_ == 0 ? kWidth : static_cast<int>(kWidth * done_ / total_);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r\033[K[%s] %s", bar.c_str(), status_text().c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void SweepProgress::running(std::size_t count) {
  running_ = count;
  draw(false);
}

void SweepProgress::finished(const std::string& label, const std::string& status, double wall_s,
                             std::size_t running) {
  ++done_;
  if (status != "ok") ++failed_;
  running_ = running;
  if (wall_s > slowest_s_) {
    slowest_s_ = wall_s;
    slowest_ = label.substr(0, label.find(' '));
  }
  if (style_ == Style::lines)
    std::fprintf(stderr, "%s %s (%s); %s\n", status.c_str(), label.c_str(), duration_text(wall_s).c_str(),
                 status_text().c_str());
  draw(true);
}

void SweepProgress::finish() {
  if (style_ == Style::bar && drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace stratus::cli::sweep
