#include "models/autoscaling/predictive.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace stratus::models::autoscaling {

namespace {

using sim::ConfigNode;
using sim::Quantity;

constexpr double kHour_s = 3600.0;
constexpr double kDay_s = 24 * kHour_s;
constexpr double kWeek_s = 7 * kDay_s;
constexpr int kDailyHarmonics = 12;  // hourly samples resolve up to 12 cycles a day
constexpr int kWeeklyHarmonics = 84;

void add_harmonic(std::vector<double>& row, double unix_s, double period_s, int k) {
  const double phase = 2 * std::numbers::pi * k * std::fmod(unix_s, period_s) / period_s;
  row.push_back(std::cos(phase));
  row.push_back(std::sin(phase));
}

// Weekly harmonics that are not daily ones, nearest to a daily harmonic first.
std::vector<int> weekly_harmonics_by_priority() {
  std::vector<int> out;
  for (int k = 1; k <= kWeeklyHarmonics; ++k)
    if (k % 7 != 0) out.push_back(k);
  const auto distance = [](int k) { return std::min(k % 7, 7 - k % 7); };
  std::stable_sort(out.begin(), out.end(), [&](int a, int b) { return distance(a) < distance(b); });
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

SeasonalForecaster::SeasonalForecaster(const std::vector<Sample>& samples) {
  if (samples.size() < static_cast<std::size_t>(PredictiveParams::kMinHistoryHours))
    throw std::invalid_argument("a seasonal forecast needs at least 24 hourly samples");
  const auto [lo, hi] = std::minmax_element(
      samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.unix_s < b.unix_s; });
  const double span_s = hi->unix_s - lo->unix_s + kHour_s;
  weekly_ = span_s >= kWeek_s;
  if (weekly_) {
    t_mid_ = 0.5 * (hi->unix_s + lo->unix_s);
    t_scale_ = span_s;
    const std::size_t budget = samples.size() / 3;
    const std::size_t base = 2 + 2 * kDailyHarmonics;  // level, trend, daily
    for (const int k : weekly_harmonics_by_priority())
      if (base + 2 * (weekly_harmonics_.size() + 1) <= budget) weekly_harmonics_.push_back(k);
  }

  const Eigen::Index n = static_cast<Eigen::Index>(samples.size());
  const auto p = static_cast<Eigen::Index>(features(samples.front().unix_s).size());
  Eigen::MatrixXd x(n, p);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::vector<double> row = features(samples[static_cast<std::size_t>(i)].unix_s);
    x.row(i) = Eigen::Map<const Eigen::RowVectorXd>(row.data(), p);
    y(i) = samples[static_cast<std::size_t>(i)].value;
  }
  // Complete orthogonal decomposition: the minimum-norm least-squares solution, so columns
  // made collinear by the sampling (sin of 12 cycles a day at whole hours, gaps in the
  // history) get no weight instead of breaking the solve.
  const Eigen::VectorXd beta = x.completeOrthogonalDecomposition().solve(y);
  coefficients_.assign(beta.data(), beta.data() + beta.size());
}

std::vector<double> SeasonalForecaster::features(double unix_s) const {
  std::vector<double> row{1.0};
  for (int k = 1; k <= kDailyHarmonics; ++k)
    add_harmonic(row, unix_s, kDay_s, k);
  if (!weekly_) return row;
  row.push_back((unix_s - t_mid_) / t_scale_);
  for (const int k : weekly_harmonics_)
    add_harmonic(row, unix_s, kWeek_s, k);
  return row;
}

double SeasonalForecaster::predict(double unix_s) const {
  const std::vector<double> row = features(unix_s);
  double y = 0.0;
  for (std::size_t i = 0; i < row.size(); ++i)
    y += row[i] * coefficients_[i];
  return y;
}

// ---------------------------------------------------------------------------------------------

PredictivePolicy::PredictivePolicy(PredictiveParams params) : params_(params) {
  if (params_.metric == PredictiveParams::Metric::request_count && !(params_.target_per_instance > 0))
    throw std::invalid_argument("predictive scaling: 'target_per_instance' must be positive");
  if (params_.metric == PredictiveParams::Metric::cpu_utilisation && !(params_.target_utilisation > 0))
    throw std::invalid_argument("predictive scaling: 'target_utilisation' must be positive");
  if (!(params_.scheduling_buffer_s >= 0 && params_.scheduling_buffer_s <= kHour_s))
    throw std::invalid_argument("predictive scaling: 'scheduling_buffer' must be between 0 and 1h");
  if (!(params_.max_capacity_buffer >= 0))
    throw std::invalid_argument("predictive scaling: 'max_capacity_buffer' must not be negative");
}

double PredictivePolicy::first_evaluation_s() const {
  // The first floor change is due at the end of the first hour, minus the buffer.
  const double first = kHour_s - params_.scheduling_buffer_s;
  return first > 0 ? first : kHour_s;
}

void PredictivePolicy::record(const FleetView& view) {
  if (view.metrics == nullptr) return;
  // Each hour is recorded the first time it is seen: it is then the newest published hour,
  // whole in the store; a later read could find its oldest samples already forgotten.
  const auto keep = [&](const Datapoint& point, double value) {
    if (point.present)
      history_.emplace(static_cast<std::int64_t>(std::llround(point.start_s / kHour_s)), value);
  };
  constexpr int kCount = 2;  // the newest published hour and one more, in case one was missed
  if (params_.metric == PredictiveParams::Metric::request_count) {
    for (const Datapoint& p :
         view.metrics->datapoints("request_count", {Statistic::sum, 0.0}, kHour_s, kCount, view.now_s))
      keep(p, p.value / kHour_s);
  } else {
    const auto cpu =
        view.metrics->datapoints("cpu_utilisation", {Statistic::average, 0.0}, kHour_s, kCount, view.now_s);
    const auto instances =
        view.metrics->datapoints("in_service", {Statistic::average, 0.0}, kHour_s, kCount, view.now_s);
    for (std::size_t i = 0; i < cpu.size() && i < instances.size(); ++i)
      if (instances[i].present && cpu[i].start_s == instances[i].start_s)
        keep(cpu[i], cpu[i].value * instances[i].value);
  }
  if (!history_.empty())
    history_.erase(history_.begin(),
                   history_.lower_bound(history_.rbegin()->first - PredictiveParams::kMaxHistoryHours + 1));
}

void PredictivePolicy::reforecast(const FleetView& view) {
  std::vector<SeasonalForecaster::Sample> samples;
  for (const auto& [hour, load] : history_)
    samples.push_back({view.epoch_s + (static_cast<double>(hour) + 0.5) * kHour_s, load});
  const SeasonalForecaster model(samples);
  forecast_.clear();
  const double first_hour = std::floor(view.now_s / kHour_s);
  for (int h = 0; h < PredictiveParams::kHorizonHours; ++h) {
    const double start = (first_hour + h) * kHour_s;
    const double load = std::max(0.0, model.predict(view.epoch_s + start + 0.5 * kHour_s));
    forecast_.push_back({start, load, capacity_for(load)});
  }
  forecast_made_s_ = view.now_s;
}

int PredictivePolicy::capacity_for(double load) const {
  const double per_instance = params_.metric == PredictiveParams::Metric::request_count
                                  ? params_.target_per_instance
                                  : params_.target_utilisation;
  // The tolerance keeps a load of exactly n targets (up to rounding) at n instances.
  return static_cast<int>(std::ceil(load / per_instance - 1e-9));
}

std::optional<int> PredictivePolicy::capacity_at(double t_s) const {
  for (const HourForecast& f : forecast_)
    if (f.start_s <= t_s && t_s < f.start_s + kHour_s) return f.capacity;
  return std::nullopt;
}

Decision PredictivePolicy::scale(const FleetView& view) {
  // The floor covers the hour under way and the one starting within the buffer, so that
  // capacity launched for the coming hour is ready when it starts and the current hour's
  // capacity is kept until it ends.
  const auto now_cap = capacity_at(view.now_s);
  const auto next_cap = capacity_at(view.now_s + params_.scheduling_buffer_s);
  if (!now_cap && !next_cap) return {};
  int floor = std::max(now_cap.value_or(0), next_cap.value_or(0));
  Decision d;
  if (floor > view.max_capacity) {
    if (params_.max_capacity_breach == PredictiveParams::Breach::increase)
      d.max_capacity = static_cast<int>(std::ceil(floor * (1 + params_.max_capacity_buffer) - 1e-9));
    else
      floor = view.max_capacity;
  }
  if (floor_sent_ == floor && !d.max_capacity) return {};
  floor_sent_ = floor;
  d.floor = floor;
  d.reason = "predictive: forecast needs " + std::to_string(floor) + " instances";
  return d;
}

Decision PredictivePolicy::evaluate(const FleetView& view) {
  record(view);
  const bool enough = history_.size() >= static_cast<std::size_t>(PredictiveParams::kMinHistoryHours);
  if (enough && (!forecast_made_s_ || view.now_s >= *forecast_made_s_ + PredictiveParams::kRefit_s - 1e-6))
    reforecast(view);
  if (params_.forecast_only || forecast_.empty()) return {};
  return scale(view);
}

// ---------------------------------------------------------------------------------------------

std::unique_ptr<ScalingPolicy> make_predictive_policy(const ConfigNode& node) {
  node.expect_keys({"policy", "metric", "target_per_instance", "target_utilisation", "scheduling_buffer",
                    "mode", "max_capacity_breach", "max_capacity_buffer"});
  PredictiveParams p;
  const std::string metric =
      node["metric"].choice_or("metric", {"request_count", "cpu_utilisation"}, "request_count");
  p.metric = metric == "cpu_utilisation" ? PredictiveParams::Metric::cpu_utilisation
                                         : PredictiveParams::Metric::request_count;
  if (p.metric == PredictiveParams::Metric::request_count) {
    if (node["target_per_instance"].require())
      p.target_per_instance = node["target_per_instance"].as_quantity(Quantity::rate, 1.0);
    if (node["target_utilisation"].present())
      node["target_utilisation"].error("'target_utilisation' goes with 'metric: cpu_utilisation'");
  } else {
    p.target_utilisation = node["target_utilisation"].number_or(50.0);
    if (node["target_per_instance"].present())
      node["target_per_instance"].error("'target_per_instance' goes with 'metric: request_count'");
  }
  const auto check_positive = [&](const char* key, double& value) {
    if (node[key].present() && !(value > 0)) {
      node[key].error(std::string("'") + key + "' must be positive");
      value = 1.0;
    }
  };
  check_positive("target_per_instance", p.target_per_instance);
  check_positive("target_utilisation", p.target_utilisation);
  p.scheduling_buffer_s = node["scheduling_buffer"].quantity_or(Quantity::duration, 300.0);
  if (p.scheduling_buffer_s > kHour_s) {
    node["scheduling_buffer"].error("'scheduling_buffer' must be at most 1h");
    p.scheduling_buffer_s = 300.0;
  }
  p.forecast_only = node["mode"].choice_or("mode", {"forecast_and_scale", "forecast_only"},
                                           "forecast_and_scale") == "forecast_only";
  p.max_capacity_breach = node["max_capacity_breach"].choice_or("max_capacity_breach", {"honor", "increase"},
                                                                "honor") == "increase"
                              ? PredictiveParams::Breach::increase
                              : PredictiveParams::Breach::honor;
  p.max_capacity_buffer = node["max_capacity_buffer"].quantity_or(Quantity::fraction, 0.0);
  if (node["max_capacity_buffer"].present() && p.max_capacity_breach != PredictiveParams::Breach::increase)
    node["max_capacity_buffer"].error("'max_capacity_buffer' needs 'max_capacity_breach: increase'");
  return std::make_unique<PredictivePolicy>(p);
}

}  // namespace stratus::models::autoscaling
