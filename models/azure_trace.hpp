#pragma once
// The Azure Functions 2019 public trace (Shahrad et al., "Serverless in the Wild", USENIX ATC
// 2020) turned into what a serverless simulation needs per function: when it is invoked, how
// long each execution runs and how much memory its app holds.
//
// The public day files are large (about 46,000 functions × 1,440 per-minute counts, 150 MB),
// so the loader reads them unchanged in large blocks with a hand-written tokenizer, locates
// every column by its header name (the files have been republished with extra or reordered
// columns), and reports malformed rows as file:line:col diagnostics.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/random.hpp"

namespace stratus::models {

struct TraceFunction {
  std::string owner, app, function;  // anonymised hashes
  std::string trigger;  // "http", "timer", "queue", "event", "storage", "orchestration", "others"
  std::vector<std::uint32_t> per_minute;  // invocations in each minute; size = AzureTrace::minutes
  std::uint64_t total_invocations = 0;
  // Execution time in seconds, from the durations file; absent when the function has no row.
  std::optional<double> average_s, minimum_s, maximum_s;
  // (fraction 0..1, seconds), ascending fraction: 0, .01, .25, .5, .75, .99, 1 in the public files.
  // These are percentiles of per-interval *average* execution times (the dataset's definition), so
  // the true per-invocation tails lie between them and minimum_s / maximum_s.
  std::vector<std::pair<double, double>> duration_percentiles_s;
  std::optional<double> memory_mb;  // the app's AverageAllocatedMb: functions of an app share memory
};

struct AzureTrace {
  std::vector<TraceFunction> functions;  // in the order of the invocations file
  std::size_t minutes = 0;               // per-minute columns in the invocations file (1440 for a day)
};

struct TraceLoadOptions {
  std::size_t max_functions = 0;      // keep the first N functions passing the other filters; 0: all
  std::uint64_t min_invocations = 0;  // drop functions invoked fewer times over the whole file
  std::string function_filter;        // keep functions whose HashFunction contains this; "": all
};

/// Loads the three files of one trace day. `durations_csv` and `memory_csv` may be empty strings,
/// and then every function's durations or memory stay absent. Durations join on (owner, app,
/// function); memory joins on (owner, app), or on the function as well when the memory file has a
/// HashFunction column and a row for that function. Rows for functions that are not loaded are
/// validated and ignored; when a key appears twice the first row wins.
///
/// Throws sim::InputError with file:line:col diagnostics for malformed headers and rows (reading
/// stops after 20 errors), std::runtime_error when a file cannot be read. With max_functions set,
/// reading of the invocations file stops once enough functions are kept, so later rows are not
/// checked.
AzureTrace load_azure_trace(const std::string& invocations_csv, const std::string& durations_csv,
                            const std::string& memory_csv, const TraceLoadOptions& options = {});

/// The same for a folder holding one file whose name contains "invocations" and at most one each
/// containing "durations" and "memory" (the public names, or the sample's short ones). Throws
/// std::runtime_error when the invocations file is missing or a name matches several files.
AzureTrace load_azure_trace_dir(const std::string& dir, const TraceLoadOptions& options = {});

/// Execution time of one function: inverse-CDF sampling from the quantile function that is
/// piecewise linear between the trace's percentile points. Points out of order are made
/// monotone (a running maximum), duplicate fractions become a jump in the quantile function,
/// and missing end points extend the nearest value flat. A function with only an average is
/// constant.
class TraceDurationSampler {
 public:
  /// (fraction, seconds) points; throws std::invalid_argument if there is none or one is not finite.
  explicit TraceDurationSampler(std::vector<std::pair<double, double>> points);

  /// One uniform draw per sample, so a stream's sequence of durations is reproducible.
  double sample(sim::RandomStream& rng) const;
  /// The duration with a fraction p of executions at or below it; p is clamped to [0, 1].
  double quantile(double p) const;
  /// Exact moments of the piecewise-linear distribution.
  double mean() const { return mean_; }
  double scv() const { return scv_; }
  /// A sim::Distribution for code that takes one: the quantiles at the midpoints of `grid` equal
  /// slices, resampled (constant when every point has the same value).
  sim::Distribution to_distribution(std::size_t grid = 1000) const;
  /// The normalised points: fractions from 0 to 1, values non-decreasing.
  const std::vector<std::pair<double, double>>& points() const { return points_; }

 private:
  std::vector<std::pair<double, double>> points_;
  double mean_ = 0.0;
  double scv_ = 0.0;
};

/// The sampler for `f`: its percentile points, or its average alone when it has no percentiles.
/// Throws std::invalid_argument when the function has no durations (no row in the durations file).
TraceDurationSampler duration_sampler(const TraceFunction& f);

enum class MinuteSpreading {
  uniform_random,  // each minute's k arrivals are k sorted uniform times within the minute
  equidistant,     // the i-th of k arrivals (i = 0..k-1) at minute start + 60 (i + 1/2) / k seconds
};

/// Arrival times in seconds from the start of the trace (plus start_offset_s) for one function,
/// generated lazily: only the non-empty minutes are copied, and the uniform variant draws the
/// sorted times of a minute one after another (order statistics), so a minute of 100,000
/// invocations costs no memory. Every arrival of minute m lies in [60 m, 60 m + 60) + offset,
/// times never decrease, and one uniform draw is made per arrival (none when equidistant).
class TraceArrivals {
 public:
  TraceArrivals(const TraceFunction& f, MinuteSpreading how, sim::RandomStream rng,
                double start_offset_s = 0.0);

  /// The next arrival time; +infinity once every invocation has been produced.
  double next();

 private:
  struct ActiveMinute {
    std::uint32_t minute;
    std::uint32_t count;
  };
  std::vector<ActiveMinute> active_;
  std::size_t next_active_ = 0;
  MinuteSpreading how_;
  sim::RandomStream rng_;
  double offset_s_;
  double minute_start_s_ = 0.0;
  std::uint32_t count_ = 0;  // arrivals in the current minute
  std::uint32_t left_ = 0;   // of which not yet produced
  double position_ = 0.0;    // fraction of the minute reached by the last uniform arrival
};

}  // namespace stratus::models
