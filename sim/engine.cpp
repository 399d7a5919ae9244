#include "sim/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <limits>
#include <stdexcept>

namespace stratus::sim {

Engine::Engine(const EngineSettings& settings) {
  // SimGrid's engine is a process-wide singleton whose clock and platform survive it: a
  // second simulation in the same process would start where the first one stopped.
  static bool created = false;
  if (created)
    throw std::logic_error(
        "one simulation per process: SimGrid keeps its clock and platform; run tests through ctest, which "
        "starts a process per test");
  created = true;
  argv_storage_ = {"stratus"};
  argv_storage_.push_back("--cfg=contexts/factory:" + settings.context_factory);
  argv_storage_.push_back("--cfg=contexts/stack-size:" + std::to_string(settings.stack_size_kib));
  argv_storage_.push_back("--cfg=contexts/guard-size:" + std::to_string(settings.guard_size_pages));
  if (settings.exact_network) {
    argv_storage_.push_back("--cfg=network/model:CM02");
    argv_storage_.push_back("--cfg=network/latency-factor:1");
    argv_storage_.push_back("--cfg=network/bandwidth-factor:1");
    argv_storage_.push_back("--cfg=network/crosstraffic:0");
    // Without this, the TCP window caps a flow at gamma / (2 × latency): ~1 GB/s across zones.
    argv_storage_.push_back("--cfg=network/TCP-gamma:1e30");
  }
  for (const auto& entry : settings.extra_config)
    argv_storage_.push_back("--cfg=" + entry);
  argv_storage_.push_back("--log=root.thres:" + settings.log_threshold);
  // SimGrid prints every --cfg it applies at info level; keep that out of user output.
  argv_storage_.push_back("--log=xbt_cfg.thres:warning");

  std::vector<char*> argv;
  for (auto& arg : argv_storage_)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(argv.size()) - 1;
  // SimGrid's engine takes SIGINT for itself (it prints the actors' status and exits 1). What
  // Ctrl-C does is the front end's to decide (the CLI stops the run and keeps its results), so
  // whatever handler was there before is put back.
  struct sigaction previous_int {};
  sigaction(SIGINT, nullptr, &previous_int);
  engine_ = std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
  sigaction(SIGINT, &previous_int, nullptr);
}

Engine::~Engine() = default;

// Wall time per unit of work done so far, times the work left.
double Engine::eta_s(double wall_s, double sim_s, double end_s) const {
  const double unknown = std::numeric_limits<double>::quiet_NaN();
  if (sim_s <= 0) return unknown;
  if (!work_profile_) return wall_s * (end_s - sim_s) / sim_s;
  const double done = work_profile_(sim_s);
  const double total = work_profile_(end_s);
  if (!(done > 0) || !std::isfinite(total)) return wall_s * (end_s - sim_s) / sim_s;
  return wall_s * std::max(0.0, total - done) / done;
}

RunStatus Engine::run(double expected_end_s, RunObserver* observer, double progress_interval_s) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  RunStatus status = RunStatus::completed;
  if (observer == nullptr) {
    engine_->run();
  } else {
    // Run in slices of simulated time sized so that each takes about one progress interval
    // of wall time; the slice adapts as the simulation speeds up or slows down.
    const bool bounded = std::isfinite(expected_end_s) && expected_end_s > 0;
    double slice = bounded ? expected_end_s / 200.0 : 60.0;
    while (engine_->get_actor_count() > 0) {
      if (observer->stop_requested()) {
        status = RunStatus::stopped;
        break;
      }
      const double before_wall = elapsed();
      const double target = now() + slice;
      engine_->run_until(target);
      const double took = elapsed() - before_wall;
      if (took > 0 && progress_interval_s > 0) slice *= std::clamp(progress_interval_s / took, 0.25, 4.0);
      // Never so small that a run crawls through millions of slices.
      slice = std::max(slice, bounded ? expected_end_s * 1e-6 : 1e-3);

      Progress p;
      p.sim_time_s = now();
      p.end_time_s = bounded ? expected_end_s : std::numeric_limits<double>::infinity();
      p.wall_time_s = elapsed();
      p.events = events_;
      p.events_per_wall_s = p.wall_time_s > 0 ? static_cast<double>(events_) / p.wall_time_s : 0.0;
      p.eta_s = bounded ? eta_s(p.wall_time_s, p.sim_time_s, expected_end_s)
                        : std::numeric_limits<double>::quiet_NaN();
      observer->on_progress(p);
    }
  }
  wall_time_s_ = elapsed();
  return status;
}

}  // namespace stratus::sim
