#pragma once
// The sweep over MPI ranks (mpirun -n K, srun --mpi=pmix): rank 0 hands out run indices as
// ranks ask for work, runs its own share between polls, and is the only writer; the other
// ranks run what they are given and send back each result as one JSON message. Only compiled
// when CMake finds MPI (STRATUS_HAVE_MPI); without it a sweep runs on local workers only.
#include <deque>

#include "cli/sweep/dispatch.hpp"

namespace stratus::cli::sweep {

/// True when this process was started by mpirun or srun as one of several ranks (read from
/// the launcher's environment, before MPI_Init: a plain `stratus sweep` never initialises MPI).
bool launched_by_mpi();

#ifdef STRATUS_HAVE_MPI
struct MpiWorld {
  int rank = 0, size = 1;
};

/// MPI_Init; MPI_Finalize when destroyed.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  MpiWorld world() const { return world_; }
  /// Rank 0's verdict (0: go on, else the exit code every rank returns) reaches every rank.
  int share_verdict(int verdict) const;

 private:
  MpiWorld world_;
};

/// Rank 0: hands `queue` out to the other ranks and to its own slots. Returns false when stopped.
bool dispatch_mpi_root(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks,
                       const MpiWorld& world);

/// Other ranks: asks rank 0 for runs, runs them, sends the results, until told to stop.
void serve_mpi_worker(RunSlots& slots, const std::function<bool()>& stop_requested);
#endif

}  // namespace stratus::cli::sweep
