#include "cli/sweep/mpi_dispatch.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "cli/child_runs.hpp"

namespace stratus::cli::sweep {

bool launched_by_mpi() {
  // Open MPI's mpirun, then PMIx (srun --mpi=pmix, other launchers), then PMI-1/2 (MPICH, Slurm).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

std::unique_ptr<MpiTransport> load_mpi_transport() {
  const std::filesystem::path plugin =
      std::filesystem::path(self_path()).parent_path().parent_path() / "lib" / "libstratus_mpi.so";
  if (!std::filesystem::exists(plugin))
    throw std::runtime_error("started by an MPI launcher, but this stratus was built without MPI (no " +
                             plugin.string() +
                             "; install libopenmpi-dev and rebuild), or run it without "
                             "mpirun: --workers N");
  // GLOBAL: Open MPI's own components, which it loads later, find its symbols.
  void* handle = dlopen(plugin.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (handle == nullptr) throw std::runtime_error(std::string("cannot load the MPI plug-in: ") + dlerror());
  auto create = reinterpret_cast<MpiTransport* (*)()>(dlsym(handle, "stratus_mpi_transport_create"));
  if (create == nullptr) throw std::runtime_error(plugin.string() + ": no stratus_mpi_transport_create");
  return std::unique_ptr<MpiTransport>(create());  // the plug-in stays loaded until exit
}

bool dispatch_mpi_root(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks,
                       MpiTransport& mpi) {
  int active_workers = mpi.size() - 1;
  std::size_t remote_running = 0;
  auto running = [&] { return slots.running() + remote_running; };
  std::string text;
  int from = 0;
  while (!queue.empty() || slots.running() > 0 || active_workers > 0) {
    if (hooks.stop_requested && hooks.stop_requested()) {
      slots.stop_all();
      return false;  // the other ranks go down with mpirun when rank 0 leaves
    }
    bool busy = false;
    // Messages first: a rank waiting for work is idle capacity.
    if (mpi.poll_result(text, from)) {
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
      mpi.send_work(from, next);
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

void serve_mpi_worker(RunSlots& slots, MpiTransport& mpi, const std::function<bool()>& stop_requested) {
  mpi.send_result(nlohmann::json{{"index", -1}}.dump());
  while (true) {
    const int next = mpi.receive_work();
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
    mpi.send_result(to_json(done.front()).dump());
  }
}

}  // namespace stratus::cli::sweep
