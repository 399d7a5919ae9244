#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "cli/stop_signal.hpp"
#include "sim/units.hpp"

namespace stratus::cli {

namespace {
std::string rate_text(double per_s) {
  char buf[32];
  if (per_s >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", per_s / 1e6);
  else if (per_s >= 1e3)
    std::snprintf(buf, sizeof buf, "%.0fk", per_s / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", per_s);
  return buf;
}
}  // namespace

ProgressBar::ProgressBar(Style style) : style_(style) {}

ProgressBar::Style ProgressBar::style_for_stderr(bool quiet) {
  if (quiet) return Style::none;
  return isatty(STDERR_FILENO) ? Style::bar : Style::lines;
}

void ProgressBar::on_progress(const sim::Progress& p) {
  if (style_ == Style::none) return;
  const double fraction =
      std::isfinite(p.end_time_s) && p.end_time_s > 0 ? std::min(1.0, p.sim_time_s / p.end_time_s) : 0;
  const std::string eta = std::isfinite(p.eta_s) ? sim::format_duration(std::round(p.eta_s)) : "?";
  if (style_ == Style::bar) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r[%s] %3.0f%%  sim %s / %s  %s events/s  ETA %s   ", bar.c_str(), fraction * 100,
                 sim::format_duration(p.sim_time_s).c_str(), sim::format_duration(p.end_time_s).c_str(),
                 rate_text(p.events_per_wall_s).c_str(), eta.c_str());
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  // Plain lines: at most one every five seconds, so logs stay short.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_line_ < std::chrono::seconds(5)) return;
  if (last_line_ == std::chrono::steady_clock::time_point{}) {
    last_line_ = now;
    return;  // skip the very first slice: short runs print nothing
  }
  last_line_ = now;
  std::fprintf(stderr, "progress: %.0f%% sim=%s events/s=%s eta=%s\n", fraction * 100,
               sim::format_duration(p.sim_time_s).c_str(), rate_text(p.events_per_wall_s).c_str(),
               eta.c_str());
}

void ProgressBar::finish() {
  if (style_ == Style::bar && drawn_) std::fprintf(stderr, "\r\033[K");
}

bool ProgressBar::stop_requested() const {
  return StopSignals::requested();
}

}  // namespace stratus::cli
