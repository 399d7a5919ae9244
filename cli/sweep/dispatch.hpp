#pragma once
// Handing runs to whoever is free. Without MPI, the local slots take them in plan order; with
// MPI (mpi_dispatch.hpp), rank 0 hands them to the ranks as they ask. Either way the results
// reach one place (rank 0's on_result), which alone writes the database.
#include <deque>
#include <functional>

#include "cli/sweep/run_slots.hpp"

namespace stratus::cli::sweep {

struct DispatchHooks {
  std::function<void(const RunResult&, std::size_t running)> on_result;
  std::function<void(std::size_t running)> on_running;
  std::function<bool()> stop_requested;  // polled; once true, running children are ended
};

/// The pause between two polls when nothing happened: short against a run (≥ 10 ms), long
/// enough that an idle dispatcher does not burn a core.
inline constexpr int kPollMicroseconds = 1000;

/// Runs `queue` (plan indices) on the local slots until it is empty and every run has ended,
/// or a stop is requested. Returns false when stopped.
bool dispatch_local(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks);

}  // namespace stratus::cli::sweep
