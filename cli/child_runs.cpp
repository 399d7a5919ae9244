#include "cli/child_runs.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace stratus::cli {

namespace {

// Names the parent in a child's environment (see stop_with_parent_if_child).
constexpr const char* kParentVariable = "STRATUS_PARENT_PID";

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

pid_t spawn(const ChildRun& child) {
  std::vector<std::string> args = child.args;
  args.insert(args.begin(), self_path());
  std::vector<char*> argv = pointers(args);
  std::vector<std::string> env_strings = child_environment();
  std::vector<char*> env = pointers(env_strings);
  const std::string log = child.log.string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);  // a group of its own: see run_children
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), env.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start '" + args[0] + "': " + std::strerror(error));
  return pid;
}

}  // namespace

std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  const std::string prefix = std::string(kParentVariable) + "=";
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, prefix.c_str(), prefix.size()) != 0) env.emplace_back(*e);
  env.push_back(prefix + std::to_string(::getpid()));
  return env;
}

std::string self_path() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

int worker_count(int workers) {
  return workers > 0 ? workers : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void stop_with_parent_if_child() {
  const char* parent = std::getenv(kParentVariable);
  if (parent == nullptr) return;
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  // The parent may have died before the request: then we are already someone else's child.
  if (std::to_string(::getppid()) != parent) ::raise(SIGTERM);
}

std::vector<std::string> run_children(const std::vector<ChildRun>& children, int workers,
                                      const std::function<void(const std::string&, bool)>& on_done,
                                      const std::function<bool()>& stop_requested,
                                      const std::function<void(const std::string&, bool)>& on_stopped) {
  workers = worker_count(workers);
  std::map<pid_t, const ChildRun*> running;
  std::vector<std::string> failed;
  std::size_t next = 0;
  while (next < children.size() || !running.empty()) {
    if (stop_requested && stop_requested()) {
      // Stopped from outside (Ctrl-C, SIGTERM, the desktop app's Stop): the children stop too.
      for (const auto& [pid, child] : running)
        kill(pid, SIGTERM);
      for (const auto& [pid, child] : running) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {  // it ended before the signal
          if (on_done) on_done(child->name, true);
          continue;
        }
        const bool wrote_results = WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGTERM;
        if (on_stopped) on_stopped(child->name, wrote_results);
      }
      break;
    }
    while (next < children.size() && static_cast<int>(running.size()) < workers) {
      running[spawn(children[next])] = &children[next];
      ++next;
    }
    int status = 0;
    // With a stop to watch for, poll; else block until a child ends.
    const pid_t done = waitpid(-1, &status, stop_requested ? WNOHANG : 0);
    if (done == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (done < 0) {
      if (errno == EINTR) continue;  // a signal (SIGTERM to stop the run) interrupted the wait
      break;
    }
    const auto it = running.find(done);
    if (it == running.end()) continue;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (on_done) on_done(it->second->name, ok);
    if (!ok) failed.push_back(it->second->name);
    running.erase(it);
  }
  return failed;
}

}  // namespace stratus::cli
