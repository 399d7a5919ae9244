#pragma once
// Child `stratus run` processes, several at once. SimGrid runs one simulation per process, so
// anything that runs several (a comparison's variants, a hybrid run's discrete windows) runs
// each in a process of its own, with its output in a log file.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace stratus::cli {

/// The running executable (/proc/self/exe), so children are the same build as their parent.
std::string self_path();

struct ChildRun {
  std::string name;               // reported to on_done
  std::vector<std::string> args;  // after the program name: "run", FILE, ...
  std::filesystem::path log;      // the child's stdout and stderr
};

/// Runs every child, at most `workers` at a time, in the given order; calls on_done(name, ok)
/// as each ends (ok: exit code 0). Returns the names of those that failed, in order of ending.
/// Once `stop_requested` (polled) says so, no more are started and each child still running
/// gets one SIGTERM, which makes a `stratus run` write its partial results and exit 143; it is
/// waited for and reported to on_stopped(name, wrote_results) instead of on_done.
///
/// Children run in process groups of their own, so that a terminal's Ctrl-C reaches only the
/// parent, which passes it on once (a second signal would abort a child's partial results).
std::vector<std::string> run_children(const std::vector<ChildRun>& children, int workers,
                                      const std::function<void(const std::string&, bool)>& on_done = {},
                                      const std::function<bool()>& stop_requested = {},
                                      const std::function<void(const std::string&, bool)>& on_stopped = {});

/// This process's environment, naming it as the parent (for stop_with_parent_if_child): what
/// a child `stratus run` is started with, by run_children or by `stratus sweep`.
std::vector<std::string> child_environment();

/// In a child started by run_children: ask the kernel to send SIGTERM if the parent dies
/// (SIGKILL included), so that no run is left orphaned. Does nothing in other processes.
void stop_with_parent_if_child();

/// `workers` if positive, else one per core.
int worker_count(int workers);

}  // namespace stratus::cli
