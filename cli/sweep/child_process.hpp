#pragma once
// One child `stratus run`, watched without blocking: the sweep's dispatchers poll their
// children between MPI messages, so a wait must never block. The child gets a process group
// of its own, so that a time limit or a stop also ends what it started (a hybrid run's
// windows), and its output goes to a log file.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stratus::cli::sweep {

struct ChildExit {
  int exit_code = 0;       // the child's, or 128 + the signal that ended it
  bool timed_out = false;  // stopped because it ran past its time limit
  double wall_s = 0;
};

class ChildProcess {
 public:
  /// Starts `self_path() args…` with stdout and stderr in `log`; timeout_s ≤ 0: no limit.
  /// Throws std::runtime_error when it cannot start.
  ChildProcess(const std::vector<std::string>& args, const std::filesystem::path& log, double timeout_s);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  /// A child still running is killed (its whole group) and reaped.
  ~ChildProcess();

  /// Its exit once it has ended, else nothing. Past the time limit it is sent SIGTERM, and
  /// SIGKILL if it is still there kGrace later.
  std::optional<ChildExit> poll();

  /// Ends it now (SIGTERM to the group, SIGKILL after kGrace) and reaps it.
  void stop();

  static constexpr std::chrono::milliseconds kGrace{2000};

 private:
  pid_t pid_ = -1;
  std::chrono::steady_clock::time_point started_, deadline_, kill_at_;
  bool has_deadline_ = false, timed_out_ = false, term_sent_ = false;
};

}  // namespace stratus::cli::sweep
