#pragma once
// EC2 Auto Scaling's predictive scaling ("predictive"): learns the daily and weekly
// seasonality of a fleet's load, forecasts it hourly 48 h ahead (re-forecast every 6 h, from
// at least 24 h and at most 14 days of history, as AWS does), and launches capacity ahead of
// each forecast hour by raising the autoscaler's floor `scheduling_buffer` seconds before the
// hour starts. It never scales in: the floor only keeps capacity up, the other policies bring
// it down when the floor falls.
//
// Load and capacity, as AWS pairs them: the policy forecasts a LOAD metric and converts it
// to capacity with the target a target-tracking policy would use for the matching scaling
// metric, capacity = ceil(load / target):
//   request_count:   load = requests per second over each hour (the hourly sum / 3600);
//                    target_per_instance = requests per second one instance should carry
//                    (AWS: ALBRequestCount with ALBRequestCountPerTarget);
//   cpu_utilisation: load = total CPU in instance-percent (hourly average utilisation x
//                    hourly average of in-service instances, which is the time average of
//                    their product because the utilisation is instance-weighted);
//                    target_utilisation = percent per instance (AWS: ASGTotalCPUUtilization
//                    with ASGAverageCPUUtilization).
//
// The forecaster is ordinary least squares (see SeasonalForecaster). The policy records
// its own hourly history from FleetView.metrics at every evaluation (the metric store
// forgets old samples): it asks for the last 2 hourly datapoints, so the store's retention
// must cover 2 hours.
//
// YAML (a scaling.policies[] entry):
//   policy: predictive
//   metric: request_count              # or cpu_utilisation
//   target_per_instance: 100/s         # request_count: a rate per instance (required)
//   target_utilisation: 50             # cpu_utilisation: percent (default 50)
//   scheduling_buffer: 300s            # 0 to 1h, default 300 s
//   mode: forecast_and_scale           # or forecast_only (forecasts, changes nothing)
//   max_capacity_breach: honor         # or increase: raise max to the forecast capacity
//   max_capacity_buffer: 0%            # with increase: max = forecast x (1 + buffer)
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/autoscaling/policy.hpp"
#include "sim/config.hpp"

namespace stratus::models::autoscaling {

/// Least-squares seasonal model of hourly samples (t = UNIX time of the hour's middle):
///   y(t) = level + daily(t) [+ trend x t + weekly(t), from 7 days of history on]
/// daily: Fourier harmonics 1..12 of the day, a complete basis for any hour-of-day profile
/// (a rise at 08:00 sharp is represented exactly, without ringing at the sampled hours);
/// weekly: harmonics of the week that are not multiples of 7 (those are daily), taken
/// nearest-to-a-daily-harmonic first (7m±1, then 7m±2, ...) while the model keeps at most
/// one coefficient per 3 samples. A daily profile whose level and amplitude vary smoothly
/// over the week (weekday vs weekend) has its energy exactly there, at 7m±j for small j,
/// so this recovers a multiplicative daily x weekly pattern with few coefficients, where a
/// raw hour-of-week profile (168 coefficients) would copy each week's noise. Below a week
/// of history weekly terms and trend are not identifiable (one day's anomaly would be
/// replayed on days never seen), so the model is the average day.
class SeasonalForecaster {
 public:
  struct Sample {
    double unix_s;
    double value;
  };
  /// Throws std::invalid_argument with fewer than 24 samples.
  explicit SeasonalForecaster(const std::vector<Sample>& samples);
  double predict(double unix_s) const;
  int coefficients() const { return static_cast<int>(coefficients_.size()); }

 private:
  std::vector<double> features(double unix_s) const;

  bool weekly_ = false;
  double t_mid_ = 0.0, t_scale_ = 1.0;  // trend normalisation
  std::vector<int> weekly_harmonics_;
  std::vector<double> coefficients_;
};

struct PredictiveParams {
  enum class Metric { request_count, cpu_utilisation };
  enum class Breach { honor, increase };
  Metric metric = Metric::request_count;
  double target_per_instance = 0.0;  // requests/s (request_count)
  double target_utilisation = 50.0;  // percent (cpu_utilisation)
  double scheduling_buffer_s = 300.0;
  bool forecast_only = false;
  Breach max_capacity_breach = Breach::honor;
  double max_capacity_buffer = 0.0;  // fraction

  static constexpr int kMinHistoryHours = 24;
  static constexpr int kMaxHistoryHours = 14 * 24;
  static constexpr int kHorizonHours = 48;
  static constexpr double kRefit_s = 6 * 3600.0;
};

/// One forecast hour, in simulated time.
struct HourForecast {
  double start_s = 0.0;
  double load = 0.0;  // requests/s or instance-percent
  int capacity = 0;
};

class PredictivePolicy final : public ScalingPolicy {
 public:
  /// Throws std::invalid_argument for a non-positive target or a buffer outside [0, 1 h].
  explicit PredictivePolicy(PredictiveParams params);

  /// Hourly, `scheduling_buffer` before each simulated hour, when the floor must change.
  double interval_s() const override { return 3600.0; }
  double first_evaluation_s() const override;
  Decision evaluate(const FleetView& view) override;

  const PredictiveParams& params() const { return params_; }
  /// The latest forecast (empty before 24 h of history), hour by hour.
  const std::vector<HourForecast>& forecast() const { return forecast_; }
  /// The recorded load, by simulated hour index (start = index x 3600 s).
  const std::map<std::int64_t, double>& history() const { return history_; }

 private:
  void record(const FleetView& view);
  void reforecast(const FleetView& view);
  int capacity_for(double load) const;
  /// The forecast capacity of the hour containing `t_s`, if forecast.
  std::optional<int> capacity_at(double t_s) const;
  Decision scale(const FleetView& view);

  PredictiveParams params_;
  std::map<std::int64_t, double> history_;
  std::vector<HourForecast> forecast_;
  std::optional<double> forecast_made_s_;
  std::optional<int> floor_sent_;
};

/// Reads a `policy: predictive` block; errors go to the node's diagnostics.
std::unique_ptr<ScalingPolicy> make_predictive_policy(const sim::ConfigNode& node);

}  // namespace stratus::models::autoscaling
