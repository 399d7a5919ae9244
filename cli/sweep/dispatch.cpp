#include "cli/sweep/dispatch.hpp"

#include <unistd.h>

namespace stratus::cli::sweep {

bool dispatch_local(RunSlots& slots, std::deque<std::size_t> queue, const DispatchHooks& hooks) {
  while (!queue.empty() || slots.running() > 0) {
    if (hooks.stop_requested && hooks.stop_requested()) {
      slots.stop_all();
      return false;
    }
    bool busy = false;
    while (!queue.empty() && slots.has_free_slot()) {
      slots.start(queue.front());
      queue.pop_front();
      busy = true;
    }
    if (busy && hooks.on_running) hooks.on_running(slots.running());
    for (const RunResult& r : slots.poll()) {
      hooks.on_result(r, slots.running());
      busy = true;
    }
    if (!busy) usleep(kPollMicroseconds);
  }
  return true;
}

}  // namespace stratus::cli::sweep
