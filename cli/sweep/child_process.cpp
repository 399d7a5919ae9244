#include "cli/sweep/child_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "cli/child_runs.hpp"

namespace stratus::cli::sweep {

namespace {

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args, const std::filesystem::path& log,
                           double timeout_s) {
  std::vector<std::string> full = args;
  full.insert(full.begin(), self_path());
  std::vector<char*> argv;
  for (auto& a : full)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  // Named as the parent: a child whose sweep is killed (even by SIGKILL) is sent SIGTERM.
  std::vector<std::string> env_strings = child_environment();
  std::vector<char*> env;
  for (auto& e : env_strings)
    env.push_back(e.data());
  env.push_back(nullptr);
  const std::string log_path = log.string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);  // a group of its own, led by the child
  started_ = std::chrono::steady_clock::now();
  const int error = posix_spawn(&pid_, argv[0], &actions, &attributes, argv.data(), env.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start '" + full[0] + "': " + std::strerror(error));
  if (timeout_s > 0) {
    has_deadline_ = true;
    deadline_ = started_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(timeout_s));
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_),
      started_(other.started_),
      deadline_(other.deadline_),
      kill_at_(other.kill_at_),
      has_deadline_(other.has_deadline_),
      timed_out_(other.timed_out_),
      term_sent_(other.term_sent_) {
  other.pid_ = -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(-pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

std::optional<ChildExit> ChildProcess::poll() {
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  const auto now = std::chrono::steady_clock::now();
  if (done == pid_) {
    // What the child started may outlive it; its group goes with it.
    kill(-pid_, SIGKILL);
    pid_ = -1;
    return ChildExit{exit_code_of(status), timed_out_, std::chrono::duration<double>(now - started_).count()};
  }
  if (has_deadline_ && !term_sent_ && now >= deadline_) {
    timed_out_ = true;
    term_sent_ = true;
    kill_at_ = now + kGrace;
    kill(-pid_, SIGTERM);
  } else if (term_sent_ && now >= kill_at_) {
    kill(-pid_, SIGKILL);
  }
  return std::nullopt;
}

void ChildProcess::stop() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  const auto give_up = std::chrono::steady_clock::now() + kGrace;
  while (true) {
    const pid_t done = waitpid(pid_, nullptr, WNOHANG);
    if (done == pid_ || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= give_up) {
      kill(-pid_, SIGKILL);
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(-pid_, SIGKILL);
  pid_ = -1;
}

}  // namespace stratus::cli::sweep
