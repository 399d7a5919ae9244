#include "models/autoscaling/alarm.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/autoscaling/metric_store.hpp"
#include "sim/number_format.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;

const std::vector<std::string> kComparisons = {">", ">=", "<", "<="};
const std::vector<std::string> kMissingData = {"missing", "ignore", "breaching", "not_breaching"};
const std::vector<std::string> kAdjustmentTypes = {"change_in_capacity", "percent_change_in_capacity",
                                                   "exact_capacity"};

int count_breaching(const Alarm& alarm, const std::vector<Datapoint>& points) {
  return static_cast<int>(std::count_if(points.begin(), points.end(),
                                        [&](const Datapoint& p) { return alarm.breaches(p.value); }));
}

// "3 of 3 datapoints > 50 (latest 80)": `real` is the evaluated real datapoints, oldest first.
std::string describe(const AlarmSpec& spec, int breaching, const std::vector<Datapoint>& real) {
  std::string out = std::to_string(breaching) + " of " + std::to_string(spec.evaluation_periods) +
                    " datapoints " + to_string(spec.comparison) + " " + sim::format_number(spec.threshold);
  if (!real.empty()) out += " (latest " + sim::format_readable(real.back().value) + ")";
  return out;
}

}  // namespace

const char* to_string(Comparison comparison) {
  switch (comparison) {
    case Comparison::greater:
      return ">";
    case Comparison::greater_or_equal:
      return ">=";
    case Comparison::less:
      return "<";
    case Comparison::less_or_equal:
      return "<=";
  }
  return ">=";
}

const char* to_string(MissingData treatment) {
  switch (treatment) {
    case MissingData::missing:
      return "missing";
    case MissingData::ignore:
      return "ignore";
    case MissingData::breaching:
      return "breaching";
    case MissingData::not_breaching:
      return "notBreaching";
  }
  return "missing";
}

const char* to_string(AlarmState state) {
  switch (state) {
    case AlarmState::insufficient_data:
      return "INSUFFICIENT_DATA";
    case AlarmState::ok:
      return "OK";
    case AlarmState::alarm:
      return "ALARM";
  }
  return "INSUFFICIENT_DATA";
}

Alarm::Alarm(AlarmSpec spec) : spec_(std::move(spec)) {
  if (!(spec_.period_s > 0.0)) throw std::invalid_argument("Alarm: the period must be positive");
  if (spec_.evaluation_periods < 1) throw std::invalid_argument("Alarm: evaluation periods must be >= 1");
  if (spec_.datapoints_to_alarm < 1 || spec_.datapoints_to_alarm > spec_.evaluation_periods)
    throw std::invalid_argument("Alarm: datapoints to alarm must be in [1, evaluation periods]");
}

bool Alarm::breaches(double value) const {
  switch (spec_.comparison) {
    case Comparison::greater:
      return value > spec_.threshold;
    case Comparison::greater_or_equal:
      return value >= spec_.threshold;
    case Comparison::less:
      return value < spec_.threshold;
    case Comparison::less_or_equal:
      return value <= spec_.threshold;
  }
  return false;
}

AlarmEvaluation Alarm::evaluate(const MetricSource& source, double now_s) {
  const int range_periods = spec_.evaluation_periods + kExtraRangePeriods;
  const std::vector<Datapoint> range =
      source.datapoints(spec_.metric, spec_.statistic, spec_.period_s, range_periods, now_s);
  AlarmEvaluation out;
  out.previous = state_;
  state_ = decide(range, out);
  out.state = state_;
  return out;
}

// The rules of the CloudWatch User Guide's tables (see the header): real datapoints first,
// the missing-data treatment only for the shortfall.
AlarmState Alarm::decide(const std::vector<Datapoint>& range, AlarmEvaluation& out) const {
  const auto m = static_cast<std::size_t>(spec_.evaluation_periods);
  std::vector<Datapoint> real;
  for (const Datapoint& p : range)
    if (p.present) real.push_back(p);
  if (real.size() > m) real.erase(real.begin(), real.end() - static_cast<std::ptrdiff_t>(m));
  out.datapoints = real;
  for (auto it = real.rbegin(); it != real.rend(); ++it) {
    if (breaches(it->value)) {
      out.breach_value = it->value;
      break;
    }
  }
  const int shortfall = static_cast<int>(m - real.size());
  out.breaching = count_breaching(*this, real);
  if (shortfall > 0 && spec_.missing_data == MissingData::breaching) out.breaching += shortfall;
  out.reason = describe(spec_, out.breaching, real);

  const bool judged_on_real_data = shortfall == 0 || spec_.missing_data == MissingData::breaching ||
                                   spec_.missing_data == MissingData::not_breaching;
  if (!judged_on_real_data) {
    const bool ignore = spec_.missing_data == MissingData::ignore;
    if (real.empty()) {
      out.reason = "no datapoints in the last " + std::to_string(range.size()) + " periods";
      return ignore ? state_ : AlarmState::insufficient_data;
    }
    if (out.breaching < spec_.datapoints_to_alarm && premature_alarm(range)) {
      out.reason += "; recent datapoints missing";
      return ignore ? state_ : AlarmState::alarm;
    }
  }
  return out.breaching >= spec_.datapoints_to_alarm ? AlarmState::alarm : AlarmState::ok;
}

// "Alarms are designed to always go into ALARM state when the oldest available breaching
// datapoint during the Evaluation Periods number of data points is at least as old as the
// value of Datapoints to Alarm, and all other more recent data points are breaching or
// missing" (CloudWatch User Guide, "Avoiding premature transitions to alarm state"). Only
// called with fewer real datapoints than M, when every real datapoint of the range is
// evaluated: the guide's tables keep such an alarm OK as soon as one of them is not breaching
// ("0 - X - -", 2 of 3, stays OK), so any non-breaching one rules the shortcut out.
bool Alarm::premature_alarm(const std::vector<Datapoint>& range) const {
  const bool all_breaching = std::all_of(range.begin(), range.end(),
                                         [&](const Datapoint& p) { return !p.present || breaches(p.value); });
  if (!all_breaching) return false;
  const auto m = std::min(range.size(), static_cast<std::size_t>(spec_.evaluation_periods));
  int oldest_breaching_age = 0;  // 1 is the most recent period
  for (std::size_t age = 1; age <= m; ++age)
    if (range[range.size() - age].present) oldest_breaching_age = static_cast<int>(age);
  return oldest_breaching_age >= spec_.datapoints_to_alarm;
}

const std::vector<std::string>& alarm_keys() {
  static const std::vector<std::string> keys = {"metric",     "statistic", "period",     "evaluation_periods",
                                                "datapoints", "threshold", "comparison", "missing_data"};
  return keys;
}

AlarmSpec read_alarm_spec(const sim::ConfigNode& node, AlarmSpec spec) {
  spec.metric = node["metric"].choice_or("metric", MetricStore::fleet_metrics(), spec.metric);
  spec.statistic = read_statistic(node["statistic"], spec.statistic);
  const ConfigNode period = node["period"];
  spec.period_s = period.quantity_or(sim::Quantity::duration, spec.period_s);
  if (!(spec.period_s > 0.0)) {
    period.error("'period' must be positive");
    spec.period_s = 60.0;
  }
  const ConfigNode m = node["evaluation_periods"];
  spec.evaluation_periods = static_cast<int>(m.integer_or(spec.evaluation_periods));
  if (spec.evaluation_periods < 1) {
    m.error("'evaluation_periods' must be at least 1");
    spec.evaluation_periods = 1;
  }
  // N defaults to M, as in CloudWatch when DatapointsToAlarm is omitted.
  const ConfigNode n = node["datapoints"];
  spec.datapoints_to_alarm = static_cast<int>(n.integer_or(spec.evaluation_periods));
  if (spec.datapoints_to_alarm < 1 || spec.datapoints_to_alarm > spec.evaluation_periods) {
    n.error("'datapoints' must be between 1 and 'evaluation_periods' (" +
            std::to_string(spec.evaluation_periods) + ")");
    spec.datapoints_to_alarm = spec.evaluation_periods;
  }
  if (node["threshold"].require()) spec.threshold = node["threshold"].as_number(spec.threshold);
  const std::string comparison =
      node["comparison"].choice_or("comparison", kComparisons, to_string(spec.comparison));
  spec.comparison = static_cast<Comparison>(std::find(kComparisons.begin(), kComparisons.end(), comparison) -
                                            kComparisons.begin());
  const std::string missing = node["missing_data"].choice_or(
      "missing_data treatment", kMissingData, kMissingData[static_cast<int>(spec.missing_data)]);
  spec.missing_data = static_cast<MissingData>(std::find(kMissingData.begin(), kMissingData.end(), missing) -
                                               kMissingData.begin());
  return spec;
}

AdjustmentType read_adjustment_type(const sim::ConfigNode& node, AdjustmentType fallback) {
  const std::string name =
      node.choice_or("adjustment type", kAdjustmentTypes, kAdjustmentTypes[static_cast<int>(fallback)]);
  return static_cast<AdjustmentType>(std::find(kAdjustmentTypes.begin(), kAdjustmentTypes.end(), name) -
                                     kAdjustmentTypes.begin());
}

int read_min_adjustment_magnitude(const sim::ConfigNode& node) {
  const int magnitude = static_cast<int>(node.integer_or(0));
  if (magnitude >= 0) return magnitude;
  node.error("'min_adjustment_magnitude' must be >= 0");
  return 0;
}

const char* to_string(AdjustmentType type) {
  return kAdjustmentTypes[static_cast<int>(type)].c_str();
}

int adjusted_capacity(int current, AdjustmentType type, double adjustment, int min_adjustment_magnitude) {
  switch (type) {
    case AdjustmentType::exact_capacity:
      return static_cast<int>(std::lround(adjustment));
    case AdjustmentType::change_in_capacity:
      return current + static_cast<int>(std::lround(adjustment));
    case AdjustmentType::percent_change_in_capacity:
      break;
  }
  const double raw = current * adjustment / 100.0;
  int change = 0;
  if (raw >= 1.0 || raw <= -1.0) {
    change = static_cast<int>(std::trunc(raw));  // down above 1, up (toward 0) below -1
  } else if (raw > 0.0) {
    change = 1;
  } else if (raw < 0.0) {
    change = -1;
  }
  if (change != 0 && min_adjustment_magnitude > 0 && std::abs(change) < min_adjustment_magnitude)
    change = change > 0 ? min_adjustment_magnitude : -min_adjustment_magnitude;
  return current + change;
}

int clamp_to_bounds(const FleetView& view, int capacity) {
  return std::clamp(capacity, view.min_capacity, std::max(view.min_capacity, view.max_capacity));
}

}  // namespace stratus::models::autoscaling
