#include "models/autoscaling/step_scaling.hpp"

#include <stdexcept>

#include "sim/number_format.hpp"

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;

bool is_scale_out_alarm(const AlarmSpec& alarm) {
  return alarm.comparison == Comparison::greater || alarm.comparison == Comparison::greater_or_equal;
}

std::string bound_text(const std::optional<double>& bound, const char* infinite) {
  return bound ? sim::format_number(*bound) : infinite;
}

std::string describe(const StepAdjustment& step, AdjustmentType type) {
  std::string out = "step (" + bound_text(step.lower, "-inf") + ", " + bound_text(step.upper, "+inf") + "): ";
  if (type == AdjustmentType::exact_capacity) return out + "exactly " + std::to_string(step.adjustment);
  out += (step.adjustment > 0 ? "+" : "") + std::to_string(step.adjustment);
  return type == AdjustmentType::percent_change_in_capacity ? out + "%" : out;
}

const StepScalingParams& checked(const StepScalingParams& p) {
  if (const std::string why = check_steps(p.steps); !why.empty())
    throw std::invalid_argument("step scaling: " + why);
  if (p.min_adjustment_magnitude < 0)
    throw std::invalid_argument("step scaling: min_adjustment_magnitude must be >= 0");
  return p;
}

StepAdjustment read_step(const ConfigNode& node) {
  node.expect_keys({"lower", "upper", "adjustment"});
  StepAdjustment step;
  if (node["lower"].present() && !node["lower"].is_null()) step.lower = node["lower"].as_number();
  if (node["upper"].present() && !node["upper"].is_null()) step.upper = node["upper"].as_number();
  if (node["adjustment"].require()) step.adjustment = static_cast<int>(node["adjustment"].as_integer());
  return step;
}

}  // namespace

std::string check_steps(const std::vector<StepAdjustment>& steps) {
  if (steps.empty()) return "at least one step is required";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepAdjustment& s = steps[i];
    const std::string which = "step " + std::to_string(i + 1);
    if (!s.lower && !s.upper) return which + " needs a lower or an upper bound";
    if (s.lower && s.upper && !(*s.lower < *s.upper)) return which + ": 'lower' must be below 'upper'";
    if (!s.lower && i != 0) return which + ": only the first step may omit 'lower'";
    if (!s.upper && i + 1 != steps.size()) return which + ": only the last step may omit 'upper'";
    if (i > 0 && steps[i - 1].upper && s.lower && *steps[i - 1].upper != *s.lower)
      return which + ": 'lower' must equal the previous step's 'upper' (steps may not overlap or leave gaps)";
  }
  return "";
}

StepScalingPolicy::StepScalingPolicy(StepScalingParams params)
    : params_(checked(params)), alarm_(params_.alarm) {}

const StepAdjustment* StepScalingPolicy::step_for(double value) const {
  const double diff = value - params_.alarm.threshold;
  const bool above = is_scale_out_alarm(params_.alarm) ? diff >= 0.0 : diff > 0.0;
  for (const StepAdjustment& s : params_.steps) {
    const bool lower_ok = !s.lower || (above ? diff >= *s.lower : diff > *s.lower);
    const bool upper_ok = !s.upper || (above ? diff < *s.upper : diff <= *s.upper);
    if (lower_ok && upper_ok) return &s;
  }
  return nullptr;
}

Decision StepScalingPolicy::apply(const FleetView& view, const StepAdjustment& step,
                                  const AlarmEvaluation& eval) const {
  const AdjustmentType type = params_.adjustment_type;
  const bool exact = type == AdjustmentType::exact_capacity;
  const bool out = exact ? step.adjustment > view.desired : step.adjustment > 0;
  Decision d;
  if (!out && (view.launching > 0 || view.warming > 0)) return d;  // no scale-in during warm-up
  // Scale-out builds on the instances that finished warming up; scale-in on everything not
  // yet terminated, so that draining instances are not removed twice.
  const int current = out ? view.in_service : view.in_service + view.draining;
  const int capacity = clamp_to_bounds(
      view, adjusted_capacity(current, type, step.adjustment, params_.min_adjustment_magnitude));
  if (out ? capacity <= view.desired : capacity >= view.desired) return d;
  d.desired = capacity;
  d.reason = "step: " + eval.reason + "; " + describe(step, type) + " on " + std::to_string(current) +
             " -> " + std::to_string(capacity);
  return d;
}

Decision StepScalingPolicy::evaluate(const FleetView& view) {
  if (view.metrics == nullptr) return {};
  const AlarmEvaluation eval = alarm_.evaluate(*view.metrics, view.now_s);
  // Step policies act on every evaluation the alarm is in ALARM, not only on the transition:
  // that is how a breach that grows during a scale-out adds more capacity.
  if (!eval.in_alarm() || !eval.breach_value) return {};
  const StepAdjustment* step = step_for(*eval.breach_value);
  if (step == nullptr) return {};
  return apply(view, *step, eval);
}

std::unique_ptr<ScalingPolicy> make_step_scaling_policy(const ConfigNode& node) {
  std::vector<std::string> keys = alarm_keys();
  keys.insert(keys.end(), {"policy", "adjustment_type", "min_adjustment_magnitude", "steps"});
  node.expect_keys(keys);
  StepScalingParams p;
  p.alarm = read_alarm_spec(node, AlarmSpec{});
  p.adjustment_type = read_adjustment_type(node["adjustment_type"], p.adjustment_type);
  p.min_adjustment_magnitude = read_min_adjustment_magnitude(node["min_adjustment_magnitude"]);
  const ConfigNode steps = node["steps"];
  if (steps.require() && steps.expect_sequence()) {
    for (const ConfigNode& s : steps.items())
      p.steps.push_back(read_step(s));
  }
  if (const std::string why = check_steps(p.steps); !why.empty()) {
    steps.error("'steps': " + why);
    p.steps = {StepAdjustment{0.0, std::nullopt, 0}};  // a harmless policy: the run stops on the error
  }
  return std::make_unique<StepScalingPolicy>(p);
}

}  // namespace stratus::models::autoscaling
