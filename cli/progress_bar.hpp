#pragma once
// Progress of a run on the terminal: a redrawn bar when stderr is a terminal, plain lines
// (for logs and CI) otherwise, nothing with --quiet.
#include <chrono>

#include "sim/observer.hpp"

namespace stratus::cli {

class ProgressBar final : public sim::RunObserver {
 public:
  enum class Style { bar, lines, none };
  explicit ProgressBar(Style style);
  static Style style_for_stderr(bool quiet);

  void on_progress(const sim::Progress& p) override;
  /// Ctrl-C or SIGTERM (cli/stop_signal.hpp) stops the run at its next slice.
  bool stop_requested() const override;
  /// Clears the bar line so that what follows starts on a clean line.
  void finish();

 private:
  Style style_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_line_{};
};

}  // namespace stratus::cli
