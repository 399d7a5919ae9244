#pragma once
// A sweep's progress on stderr: runs done, failed and running, the ETA and the slowest run
// so far; a redrawn bar on a terminal, one line per finished run otherwise (logs, CI, Slurm).
#include <chrono>
#include <cstddef>
#include <string>

namespace stratus::cli::sweep {

class SweepProgress {
 public:
  enum class Style { bar, lines, none };
  static Style style_for_stderr(bool quiet);

  SweepProgress(std::size_t to_run, Style style);
  void running(std::size_t count);
  /// A run ended: `label` names it, `status` is ok, failed or timeout.
  void finished(const std::string& label, const std::string& status, double wall_s, std::size_t running);
  /// Clears the bar, so that what follows starts on a clean line.
  void finish();

  std::size_t done() const { return done_; }
  std::size_t failed() const { return failed_; }

 private:
  std::string status_text() const;
  void draw(bool force);

  std::size_t total_, done_ = 0, failed_ = 0, running_ = 0;
  Style style_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_draw_{};
  double slowest_s_ = 0;
  std::string slowest_;
  bool drawn_ = false;
};

}  // namespace stratus::cli::sweep
