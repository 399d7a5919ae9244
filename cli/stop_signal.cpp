#include "cli/stop_signal.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

#include "sim/atomic_file.hpp"

namespace stratus::cli {

namespace {

std::atomic<int> g_first_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

struct sigaction g_previous_term {};
struct sigaction g_previous_int {};

void on_stop_signal(int signal) {
  int none = 0;
  if (g_first_signal.compare_exchange_strong(none, signal)) return;  // the first: stop at a slice
  // The second: the user means it. Only async-signal-safe calls from here on.
  sim::remove_open_temporaries();
  ::_exit(128 + signal);
}

}  // namespace

StopSignals::StopSignals() {
  g_first_signal.store(0);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, &g_previous_term);
  sigaction(SIGINT, &action, &g_previous_int);
}

StopSignals::~StopSignals() {
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGINT, &g_previous_int, nullptr);
}

bool StopSignals::requested() {
  return g_first_signal.load() != 0;
}

int StopSignals::signal_number() {
  return g_first_signal.load();
}

int StopSignals::exit_code() {
  const int signal = g_first_signal.load();
  return signal == 0 ? 0 : 128 + signal;
}

}  // namespace stratus::cli
