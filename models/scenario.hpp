#pragma once
// A scenario as the simulator runs it: everything the YAML file said, resolved to SI units.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/capacity/capacity_spec.hpp"
#include "models/failures.hpp"
#include "models/instance_type.hpp"
#include "models/scaling_loader.hpp"
#include "models/serverless_spec.hpp"
#include "models/service.hpp"
#include "sim/diagnostics.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

/// `simulation.hybrid`: a fluid run of the whole horizon, with discrete runs of some windows.
struct HybridWindow {
  std::string name;
  double from_s = 0.0;
  double duration_s = 0.0;
  std::string reason;  // "monthly-peak", "outage", "listed"
};
struct HybridSpec {
  bool monthly_peaks = true;  // the busiest `peak_window` of each calendar month
  double peak_window_s = 86400.0;
  bool outages = true;  // a window around each domain outage (rack, zone, partition)
  double outage_before_s = 1800.0;
  double outage_after_s = 3600.0;
  std::vector<HybridWindow> listed;  // `windows: [{at, duration, name}]`
  int workers = 0;                   // windows run at once; 0: one per core
};

struct SimulationSpec {
  double duration_s = 3600.0;
  double sample_interval_s = 60.0;  // one timeseries.csv row per interval
  double warmup_s = 0.0;            // latencies and waits of requests arriving earlier are not measured
  /// UNIX time of simulated time 0: calendars (scheduled actions, weekdays) count from it.
  /// By default Monday 2027-01-04 00:00 UTC, so that a week of simulated time starts on a Monday.
  double start_epoch_s = 1799020800.0;
  /// discrete: request by request on SimGrid; fluid: rates in fixed steps (models/fluid_run.cpp).
  enum class Fidelity { discrete, fluid, hybrid };
  Fidelity fidelity = Fidelity::discrete;
  double fluid_step_s = 60.0;  // fluid: length of one step of the pointwise stationary approximation
  /// Discrete: the run covers [from_s, from_s + duration_s] of the scenario's time, a window of a
  /// longer scenario (a hybrid run's peak day); 0 for a run from the start.
  double from_s = 0.0;
  HybridSpec hybrid;  // fidelity hybrid: which windows run discretely
};

/// Data the loader changed to fit the model, said out loud rather than done silently: printed as
/// a warning at its place in the file and counted in summary.json's `input_adjustments`. Only
/// for data the user did not write (a trace's rows); a bad value in the scenario is an error.
struct InputAdjustment {
  sim::SourceLocation where;
  std::string key;  // its count's name in summary.json
  std::size_t count = 0;
  std::string message;  // what was done, with the count
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string file;  // where it was loaded from
  std::uint64_t seed = 1;
  std::map<std::string, std::string> params;  // effective values, reported in summary.json
  SimulationSpec simulation;
  sim::TopologySpec topology;
  double cpu_overcommit = 1.0;  // vCPUs sold per physical core
  std::map<std::string, InstanceType> instance_types;
  std::vector<ServiceSpec> services;
  ServerlessSpec serverless;
  CapacitySpec capacity;  // on-premises capacity planning (fluid runs); disabled unless `capacity:`
  FailureSpec failures;   // what fails, how often, for how long (models/failures.hpp)
  std::vector<VariantSpec> variants;  // what `stratus compare` runs side by side
  std::string variant;                // the variant this spec was loaded as; "" for the file itself
  std::vector<InputAdjustment> adjustments;
};

}  // namespace stratus::models
