#pragma once
// A CloudWatch metric alarm, and the pieces that the alarm-driven policies (step, simple)
// share: how an alarm is read from a scenario and how a scaling adjustment is computed.
//
// Alarm evaluation follows the CloudWatch User Guide, "Using Amazon CloudWatch alarms" ->
// "Configuring how CloudWatch alarms treat missing data" (docs.aws.amazon.com/AmazonCloudWatch/
// latest/monitoring/AlarmThatSendsEmail.html): an alarm retrieves an evaluation range a little
// longer than its evaluation periods M; when the range holds at least M real datapoints the
// most recent M of them decide and the missing-data treatment is not used; otherwise the
// shortfall is filled with the treatment, as few times as possible; ALARM when at least N
// ("datapoints to alarm") of the M are breaching, else OK. `missing` goes to
// INSUFFICIENT_DATA when the range is empty, `ignore` keeps the current state then, and the
// "premature alarm" rule sends a `missing` alarm to ALARM when its oldest breaching datapoint
// within the last M periods is at least N periods old and nothing newer is non-breaching.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

enum class Comparison { greater, greater_or_equal, less, less_or_equal };
enum class MissingData { missing, ignore, breaching, not_breaching };
enum class AlarmState { insufficient_data, ok, alarm };

const char* to_string(Comparison comparison);  // ">", ">=", "<", "<="
const char* to_string(MissingData treatment);  // CloudWatch's names: "notBreaching", ...
const char* to_string(AlarmState state);       // "OK", "ALARM", "INSUFFICIENT_DATA"

/// "average", "p99", ...: nullopt for anything read_statistic() would reject.
std::optional<StatisticSpec> parse_statistic(std::string_view text);
/// The name read_statistic() accepts for `statistic` ("p99.9" for 0.999).
std::string statistic_name(StatisticSpec statistic);

struct AlarmSpec {
  std::string metric = "cpu_utilisation";
  StatisticSpec statistic;
  double period_s = 60.0;
  int evaluation_periods = 1;   // M: how many recent periods are evaluated
  int datapoints_to_alarm = 1;  // N: how many of them must breach ("N of M")
  double threshold = 0.0;
  Comparison comparison = Comparison::greater_or_equal;
  MissingData missing_data = MissingData::missing;  // CloudWatch's default
};

struct AlarmEvaluation {
  AlarmState state = AlarmState::insufficient_data;
  AlarmState previous = AlarmState::insufficient_data;
  int breaching = 0;  // breaching datapoints among the M evaluated, filled ones included
  /// The real datapoints evaluated, oldest first (at most M).
  std::vector<Datapoint> datapoints;
  /// The most recent breaching real datapoint's value: what a step policy compares with its
  /// steps. Empty when only filled datapoints breach.
  std::optional<double> breach_value;
  std::string reason;  // "3 of 3 datapoints > 50 (latest 80)"

  bool in_alarm() const { return state == AlarmState::alarm; }
};

class Alarm {
 public:
  /// CloudWatch retrieves a few more periods than it evaluates (5 for M = 3 in the user
  /// guide's tables), so that an alarm with gaps is still judged on real data.
  static constexpr int kExtraRangePeriods = 2;

  /// Throws std::invalid_argument for a spec no reader would produce (N outside [1, M], a
  /// period that is not positive): factories report those through the node first.
  explicit Alarm(AlarmSpec spec);

  const AlarmSpec& spec() const { return spec_; }
  AlarmState state() const { return state_; }
  bool breaches(double value) const;

  /// Evaluates the alarm on the datapoints `source` has published at `now_s` and moves to
  /// the resulting state.
  AlarmEvaluation evaluate(const MetricSource& source, double now_s);

 private:
  AlarmState decide(const std::vector<Datapoint>& range, AlarmEvaluation& out) const;
  bool premature_alarm(const std::vector<Datapoint>& range) const;

  AlarmSpec spec_;
  AlarmState state_ = AlarmState::insufficient_data;
};

/// The keys read_alarm_spec() reads, for a policy's expect_keys.
const std::vector<std::string>& alarm_keys();

/// Reads metric, statistic, period, evaluation_periods, datapoints, threshold (required),
/// comparison and missing_data from a policy block; bad values are reported at the node.
AlarmSpec read_alarm_spec(const sim::ConfigNode& node, AlarmSpec defaults);

// ---- scaling adjustments ------------------------------------------------------------------

/// How a step or simple policy's adjustment is applied (EC2 Auto Scaling's AdjustmentType).
enum class AdjustmentType { change_in_capacity, percent_change_in_capacity, exact_capacity };

AdjustmentType read_adjustment_type(const sim::ConfigNode& node, AdjustmentType fallback);
/// `min_adjustment_magnitude` (simple and step policies): a whole number >= 0; 0 when absent.
int read_min_adjustment_magnitude(const sim::ConfigNode& node);
const char* to_string(AdjustmentType type);

/// The capacity an adjustment asks for, from `current`. A percentage is rounded as EC2 Auto
/// Scaling documents it ("Scaling adjustment types", as-scaling-simple-step.html): values
/// above 1 are rounded down, values in (0, 1) become 1, values in (-1, 0) become -1, values
/// below -1 are rounded up (toward 0); then a change smaller in magnitude than
/// `min_adjustment_magnitude` (> 0 to apply) is raised to it.
int adjusted_capacity(int current, AdjustmentType type, double adjustment, int min_adjustment_magnitude);

/// `capacity` clamped to the view's [min, max].
int clamp_to_bounds(const FleetView& view, int capacity);

}  // namespace stratus::models::autoscaling
