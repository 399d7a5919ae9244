#include "cli/sweep/mpi_dispatch.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

#ifdef STRATUS_HAVE_MPI
#include <mpi.h>
#endif

namespace stratus::cli::sweep {

bool launched_by_mpi() {
  // Open MPI's mpirun, then PMIx (srun --mpi=pmix, other launchers), then PMI-1/2 (MPICH, Slurm).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#ifdef STRATUS_HAVE_MPI

namespace {

constexpr int kResultTag = 1;  // worker → rank 0: a result, or {"index": -1} to ask for a first run
constexpr int kWorkTag = 2;    // rank 0 → worker: a plan index, or -1: no more work

void send_json(const nlohmann::json& j, int to) {
  const std::string text = j.dump();
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, kResultTag, MPI_COMM_WORLD);
}

}  // namespace

MpiSession::MpiSession() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &world_.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_.size);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

int MpiSession::share_verdict(int verdict) const {
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return verdict;
}

bool dispatch_mpi_root(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks,
                       const MpiWorld& world) {
  int active_workers = world.size - 1;
  std::size_t remote_running = 0;
  auto running = [&] { return slots.running() + remote_running; };
  while (!queue.empty() || slots.running() > 0 || active_workers > 0) {
    if (hooks.stop_requested && hooks.stop_requested()) {
      slots.stop_all();
      return false;  // the other ranks go down with mpirun when rank 0 leaves
    }
    bool busy = false;
    // Messages first: a rank waiting for work is idle capacity.
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kResultTag, MPI_COMM_WORLD, &flag, &status);
    if (flag) {
      int length = 0;
      MPI_Get_count(&status, MPI_CHAR, &length);
      std::string text(static_cast<std::size_t>(length), '\0');
      MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, kResultTag, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      const nlohmann::json j = nlohmann::json::parse(text);
      if (j.at("index").get<long long>() >= 0) {
        --remote_running;
        hooks.on_result(run_result_from_json(j), running());
      }
      int next = -1;
      if (!queue.empty()) {
        next = static_cast<int>(queue.front());
        queue.pop_front();
        ++remote_running;
      } else {
        --active_workers;
      }
      MPI_Send(&next, 1, MPI_INT, status.MPI_SOURCE, kWorkTag, MPI_COMM_WORLD);
      if (hooks.on_running) hooks.on_running(running());
      busy = true;
    }
    while (!queue.empty() && slots.has_free_slot()) {
      slots.start(queue.front());
      queue.pop_front();
      if (hooks.on_running) hooks.on_running(running());
      busy = true;
    }
    for (const RunResult& r : slots.poll()) {
      hooks.on_result(r, running());
      busy = true;
    }
    // Polling, not a blocking MPI_Probe: a rank blocked in MPI spins on a whole core, which
    // its own child run needs.
    if (!busy) usleep(kPollMicroseconds);
  }
  return true;
}

void serve_mpi_worker(RunSlots& slots, const std::function<bool()>& stop_requested) {
  send_json({{"index", -1}}, 0);
  while (true) {
    int next = -1;
    MPI_Recv(&next, 1, MPI_INT, 0, kWorkTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (next < 0) return;
    slots.start(static_cast<std::size_t>(next));
    std::vector<RunResult> done;
    while ((done = slots.poll()).empty()) {
      if (stop_requested && stop_requested()) {
        slots.stop_all();
        return;
      }
      usleep(kPollMicroseconds);
    }
    send_json(to_json(done.front()), 0);
  }
}

#endif

}  // namespace stratus::cli::sweep
