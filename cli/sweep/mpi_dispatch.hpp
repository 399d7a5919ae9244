#pragma once
// The sweep over MPI ranks (mpirun -n K, srun --mpi=pmix): rank 0 hands out run indices as
// ranks ask for work, runs its own share between polls, and is the only writer; the other
// ranks run what they are given and send back each result as one JSON message.
#include <deque>

#include "cli/sweep/dispatch.hpp"
#include "cli/sweep/mpi_transport.hpp"

namespace stratus::cli::sweep {

/// True when this process was started by mpirun or srun (read from the launcher's
/// environment): a plain `stratus sweep` never loads MPI.
bool launched_by_mpi();

/// Rank 0: hands `queue` out to the other ranks and to its own slots. Returns false when stopped.
bool dispatch_mpi_root(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks,
                       MpiTransport& mpi);

/// Other ranks: asks rank 0 for runs, runs them, sends the results, until told to stop.
void serve_mpi_worker(RunSlots& slots, MpiTransport& mpi, const std::function<bool()>& stop_requested);

}  // namespace stratus::cli::sweep
