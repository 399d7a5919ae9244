#pragma once
// The capacity planner of a fluid run (`capacity:`): before each step it puts delivered
// racks into service, lets the procurement policy order racks at each review, sizes every
// service for its demand λ(t), gives it what the installed fleet can (shares cut in
// proportion when the fleet is short, so the queueing model shows the overload) and
// accounts power, capital and the cloud comparison month by month.
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "models/capacity/cloud_comparison.hpp"
#include "models/capacity/month_calendar.hpp"
#include "models/capacity/physical_fleet.hpp"
#include "models/capacity/procurement.hpp"
#include "models/capacity/service_sizing.hpp"
#include "models/capacity/trend_forecast.hpp"
#include "models/fluid_service.hpp"
#include "models/scenario.hpp"
#include "models/simulation.hpp"

namespace stratus::models {

class CapacityPlanner {
 public:
  /// `services[i]` runs `spec.services[i]`; both must outlive the planner.
  CapacityPlanner(const ScenarioSpec& spec, std::vector<FluidService*> services);
  ~CapacityPlanner();

  /// Before the services advance over [t, t + h).
  void before_step(double t, double h);
  /// The services' SLO-violation seconds so far, summed, when a timeseries row [row_start, …)
  /// closes: the increase counts in the month of the row's start.
  void note_slo(double row_start_s, double total_violation_s);
  /// capacity.csv, summary.json's `capacity` and `cloud_comparison`, the capital and power
  /// costs (added to the total), and the purchase events, into `result`.
  void finish(RunResult& result);

 private:
  struct Month;
  struct Refusal {
    double at_s = 0.0;
    std::uint32_t zone = 0;
    int racks = 0;
    std::string reason;
  };

  Resources need_at(double t) const;
  Resources forecast_peak(double now) const;
  Resources stored_at_plan(double at) const;
  void review(double now);
  void place_order(double now, const RackRequest& request);
  void install(double now);
  Month& month_at(double t);
  void close_month(Month& m);
  const std::string& topology_region() const;
  void emit(double t, std::string kind, std::string subject, std::string detail, long long hosts);

  const ScenarioSpec& spec_;
  const CapacitySpec& cap_;
  std::vector<FluidService*> services_;
  std::vector<const InstanceType*> types_;
  std::vector<ResourceProfile> profiles_;
  PhysicalFleet fleet_;
  MonthCalendar calendar_;
  std::unique_ptr<ProcurementPolicy> policy_;
  TrendForecast trend_;
  std::unique_ptr<CloudComparison> cloud_;
  double next_review_s_ = 0.0;
  std::vector<double> year_spent_;  // orders' cost by calendar year, from the run's first
  // Stored requests per service: arrivals in hourly buckets within the retention.
  struct StoredBucket {
    long long hour = 0;
    double requests = 0.0;
  };
  std::vector<std::deque<StoredBucket>> stored_;
  std::vector<double> stored_requests_;
  double next_month_s_ = 0.0;
  std::vector<Month> months_;
  std::vector<Refusal> refusals_;
  std::vector<sim::SimEvent> events_;
  std::vector<bool> delivered_;
  double exhausted_at_s_ = -1.0;
  double slo_seen_s_ = 0.0;
  long long peak_hosts_ = 0;
  double energy_j_ = 0.0;
};

}  // namespace stratus::models
