#include "cli/child_runs.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace stratus::cli {

namespace {

pid_t spawn(const ChildRun& child) {
  std::vector<std::string> args = child.args;
  args.insert(args.begin(), self_path());
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = child.log.string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start '" + args[0] + "': " + std::strerror(error));
  return pid;
}

}  // namespace

std::string self_path() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

int worker_count(int workers) {
  return workers > 0 ? workers : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::vector<std::string> run_children(const std::vector<ChildRun>& children, int workers,
                                      const std::function<void(const std::string&, bool)>& on_done,
                                      const std::function<bool()>& stop_requested) {
  workers = worker_count(workers);
  std::map<pid_t, const ChildRun*> running;
  std::vector<std::string> failed;
  std::size_t next = 0;
  while (next < children.size() || !running.empty()) {
    if (stop_requested && stop_requested()) {
      // Stopped from outside (the desktop app's Stop): the children stop too, unreported.
      for (const auto& [pid, child] : running)
        kill(pid, SIGTERM);
      for (const auto& [pid, child] : running)
        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
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
