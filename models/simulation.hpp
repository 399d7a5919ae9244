#pragma once
// Runs a scenario end to end: platform, fleets, services, metrics, bill, summary.
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/metrics.hpp"
#include "sim/observer.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

/// The scenario cannot be built as written (a fleet does not fit the platform, ...): bad
/// input, reported like a scenario error.
class ScenarioError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  sim::RunObserver* observer = nullptr;
  sim::EngineSettings engine;
};

struct RunResult {
  nlohmann::json summary;
  std::string timeseries_csv;
  std::string capacity_csv;  // one row per month of a capacity plan; written only when not empty
  std::vector<BillLine> bill;
  std::vector<sim::SimEvent> events;  // scaling actions and other notable moments, in time order
  bool stopped = false;               // the observer stopped the run early
};

RunResult run_scenario(const ScenarioSpec& spec, const RunOptions& options = {});

/// The part of summary.json that says what ran, the same for every fidelity: version,
/// scenario, file, variant, seed, params and the platform's size.
nlohmann::json summary_preamble(const ScenarioSpec& spec, const sim::Topology& topology);

/// Writes summary.json, timeseries.csv and bill.csv into `out_dir`, each under a temporary
/// name first and renamed once complete, so a reader never sees a partial file.
void write_results(const RunResult& result, const std::filesystem::path& out_dir);

/// A cost column of timeseries.csv against its bill: the rows accrue what happened in them,
/// the bill is summed from its lines, and the two must agree to floating-point rounding.
/// Throws std::logic_error otherwise; returns both sums for summary.json's conservation block.
nlohmann::json check_cost_column(const sim::MetricsRecorder& metrics, sim::MetricsRecorder::Id column,
                                 double bill_usd);

/// events.csv: time_s,kind,subject,detail.
std::string events_csv(const std::vector<sim::SimEvent>& events);

/// bill.csv: one line per item, then a total.
std::string bill_csv(const std::vector<BillLine>& bill);

}  // namespace stratus::models
