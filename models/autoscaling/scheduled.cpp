#include "models/autoscaling/scheduled.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;

// Simulated and UNIX times are doubles summed with the epoch (about 1.7e9, where a double
// resolves 2.4e-7 s): an action due within this much of `now` is due now.
constexpr double kTolerance_s = 1e-6;

void validate(const ScheduledAction& a) {
  const std::string who = "scheduled action '" + a.name + "'";
  if (a.schedule.has_value() == a.at_unix_s.has_value())
    throw std::invalid_argument(who + " needs exactly one of 'schedule' and 'at'");
  if (!a.min_capacity && !a.max_capacity && !a.desired)
    throw std::invalid_argument(who + " changes nothing: give 'min', 'max' or 'desired'");
  if (a.min_capacity && a.max_capacity && *a.min_capacity > *a.max_capacity)
    throw std::invalid_argument(who + ": 'min' is above 'max'");
  if (a.desired &&
      ((a.min_capacity && *a.desired < *a.min_capacity) || (a.max_capacity && *a.desired > *a.max_capacity)))
    throw std::invalid_argument(who + ": 'desired' is outside [min, max]");
}

std::optional<int> read_capacity(const ConfigNode& node) {
  if (!node.present() || node.is_null()) return std::nullopt;
  const long long v = node.as_integer(-1);
  if (v < 0) {
    node.error("'" + node.key() + "' must be a capacity (an integer >= 0)");
    return std::nullopt;
  }
  return static_cast<int>(v);
}

TimeZone read_time_zone(const ConfigNode& node) {
  const std::string name = node.string_or("UTC");
  try {
    return TimeZone::named(name);
  } catch (const CalendarError& e) {
    node.error(e.what());
    return TimeZone();
  }
}

std::optional<ScheduledAction> read_action(const ConfigNode& node, std::size_t index) {
  node.expect_keys({"name", "schedule", "at", "time_zone", "min", "max", "desired"});
  ScheduledAction a;
  a.name = node["name"].string_or("action " + std::to_string(index + 1));
  a.time_zone = read_time_zone(node["time_zone"]);
  try {
    if (node["schedule"].present()) a.schedule = CronExpression::parse(node["schedule"].as_string());
  } catch (const CalendarError& e) {
    node["schedule"].error(e.what());
    return std::nullopt;
  }
  try {
    if (node["at"].present()) a.at_unix_s = parse_date_time(node["at"].as_string(), a.time_zone);
  } catch (const CalendarError& e) {
    node["at"].error(e.what());
    return std::nullopt;
  }
  a.min_capacity = read_capacity(node["min"]);
  a.max_capacity = read_capacity(node["max"]);
  a.desired = read_capacity(node["desired"]);
  try {
    validate(a);
  } catch (const std::invalid_argument& e) {
    node.error(e.what());
    return std::nullopt;
  }
  return a;
}

}  // namespace

ScheduledPolicy::ScheduledPolicy(ScheduledParams params) : params_(std::move(params)) {
  for (const auto& a : params_.actions)
    validate(a);
}

std::optional<std::int64_t> ScheduledPolicy::first_run_from(const ScheduledAction& action, double unix_s) {
  const auto from = static_cast<std::int64_t>(std::ceil(unix_s - kTolerance_s));
  if (action.at_unix_s) return *action.at_unix_s >= from ? action.at_unix_s : std::nullopt;
  return action.schedule->next_after(from - 1, action.time_zone);
}

void ScheduledPolicy::start_calendar(double epoch_s) {
  epoch_s_ = epoch_s;
  next_run_.clear();
  for (const auto& a : params_.actions)
    next_run_.push_back(first_run_from(a, epoch_s));
}

double ScheduledPolicy::next_evaluation_s(double now_s) const {
  if (!epoch_s_) return now_s + interval_s();
  double next = std::numeric_limits<double>::infinity();
  for (const auto& run : next_run_)
    if (run) next = std::min(next, static_cast<double>(*run) - *epoch_s_);
  return next;
}

Decision ScheduledPolicy::evaluate(const FleetView& view) {
  if (!epoch_s_ || *epoch_s_ != view.epoch_s) start_calendar(view.epoch_s);
  const double now_unix = view.epoch_s + view.now_s;

  // Each due action once, in time order (list order among equals), then its next run.
  struct Due {
    std::int64_t at;
    std::size_t index;
  };
  std::vector<Due> due;
  for (std::size_t i = 0; i < params_.actions.size(); ++i) {
    if (!next_run_[i] || static_cast<double>(*next_run_[i]) > now_unix + kTolerance_s) continue;
    due.push_back({*next_run_[i], i});
    const ScheduledAction& a = params_.actions[i];
    next_run_[i] = a.schedule
                       ? a.schedule->next_after(
                             static_cast<std::int64_t>(std::floor(now_unix + kTolerance_s)), a.time_zone)
                       : std::nullopt;
  }
  std::stable_sort(due.begin(), due.end(), [](const Due& x, const Due& y) { return x.at < y.at; });

  Decision d;
  for (const Due& item : due) {
    const ScheduledAction& a = params_.actions[item.index];
    if (a.min_capacity) d.min_capacity = a.min_capacity;
    if (a.max_capacity) d.max_capacity = a.max_capacity;
    if (a.desired) d.desired = a.desired;
    d.reason += (d.reason.empty() ? "scheduled action " : ", ") + ("'" + a.name + "'");
  }
  return d;
}

std::unique_ptr<ScalingPolicy> make_scheduled_policy(const ConfigNode& node) {
  node.expect_keys({"policy", "actions"});
  ScheduledParams params;
  const ConfigNode actions = node["actions"];
  if (actions.require() && actions.expect_sequence()) {
    if (actions.size() == 0) actions.error("'actions' must list at least one scheduled action");
    const std::vector<ConfigNode> items = actions.items();
    for (std::size_t i = 0; i < items.size(); ++i)
      if (auto a = read_action(items[i], i)) params.actions.push_back(std::move(*a));
  }
  return std::make_unique<ScheduledPolicy>(std::move(params));
}

}  // namespace stratus::models::autoscaling
