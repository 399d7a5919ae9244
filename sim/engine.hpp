#pragma once
// A thin owner of simgrid::s4u::Engine that configures SimGrid for many short activities and
// runs the simulation in slices, so that progress can be reported and a run cancelled
// without the models knowing about either.
#include <cstdint>
#include <functional>
#include <memory>
#include <simgrid/s4u/Engine.hpp>
#include <string>
#include <vector>

#include "sim/observer.hpp"

namespace stratus::sim {

/// SimGrid settings that matter for speed; the defaults are what bench/engine_bench measured
/// fastest here (see README, Performance).
struct EngineSettings {
  std::string context_factory = "raw";  // raw > boost > ucontext > thread for context switches
  int stack_size_kib = 64;              // actors here are shallow; SimGrid's default is 8 MiB
  int guard_size_pages = 0;             // no guard page: one mmap/mprotect less per actor
  /// Exact network timing (CM02 without SimGrid's TCP latency/bandwidth factors), for tests
  /// that assert times by hand. The default keeps SimGrid's validated LV08 model.
  bool exact_network = false;
  std::string log_threshold = "critical";
  std::vector<std::string> extra_config;  // further "name:value" SimGrid settings
};

enum class RunStatus { completed, stopped };

class Engine {
 public:
  explicit Engine(const EngineSettings& settings = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  simgrid::s4u::Engine& simgrid() { return *engine_; }
  static double now() { return simgrid::s4u::Engine::get_clock(); }

  /// Runs until every actor has finished. `expected_end_s` (the scenario's duration) only
  /// feeds the progress estimate. Progress is reported about every `progress_interval_s` of
  /// wall time; the observer can stop the run between slices.
  RunStatus run(double expected_end_s, RunObserver* observer = nullptr, double progress_interval_s = 0.25);

  /// The work expected up to simulated time t (any unit, non-decreasing in t), for the ETA: a
  /// run whose load ramps up has most of its work ahead, which the simulated time alone hides.
  /// Without one, the ETA assumes work proportional to simulated time.
  using WorkProfile = std::function<double(double)>;
  void set_work_profile(WorkProfile profile) { work_profile_ = std::move(profile); }

  /// Models count what they process (arrivals, completions, timers) so that the events
  /// figure is deterministic and comparable across engines.
  void count_events(std::uint64_t n = 1) { events_ += n; }
  std::uint64_t events() const { return events_; }
  double wall_time_s() const { return wall_time_s_; }

 private:
  std::vector<std::string> argv_storage_;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
  std::uint64_t events_ = 0;
  double wall_time_s_ = 0.0;
  WorkProfile work_profile_;

  double eta_s(double wall_s, double sim_s, double end_s) const;
};

}  // namespace stratus::sim
