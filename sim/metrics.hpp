#pragma once
// Every result of a simulation goes through a MetricsRecorder: counters, levels, sampled
// gauges and histograms, declared up front and emitted as one row per fixed interval, plus a
// run summary. Recording (add / set / record) is on the simulator's hot path: an index check
// and a few arithmetic operations, with no allocation, lookup or string work.

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "sim/histogram.hpp"

namespace stratus::sim {

// One closed interval: time_s is the interval's END time; values line up with
// MetricsRecorder::columns(); NaN marks an empty cell (a histogram without values).
struct MetricsRow {
  double time_s = 0.0;
  std::vector<double> values;
};

/// A histogram's run summary as written to summary.json: count, mean, p50, p95, p99, max
/// (null where the histogram is empty).
nlohmann::json histogram_summary(const Histogram& h);

class MetricsRecorder {
 public:
  // Ids carry their kind in the top byte, so passing a level's id to add() is caught by the
  // same single compare that checks the index.
  using Id = std::uint32_t;

  // interval_s > 0; rows end at start_time_s + k * interval_s. Throws std::invalid_argument.
  explicit MetricsRecorder(double interval_s, double start_time_s = 0.0);

  // Added to the time of every row handed out (rows(), CSV, on_row), not to the times the
  // recorder is driven with: a run of a window of a longer scenario reports scenario time.
  void set_reported_time_offset(double offset_s) { reported_offset_s_ = offset_s; }

  // --- Declarations: only before time moves past the start (std::logic_error otherwise). ---
  // Names carry units ("latency_s", "cost_usd", "instances"); every column must be unique, and
  // names may not contain ',', '"' or line breaks (CSV cells are never quoted). Violations
  // throw std::invalid_argument.

  // Column "<name>": the increase during the interval. Summary: the run total.
  Id counter(std::string name);
  // A piecewise-constant value (instances running, queue length), `initial_value` from the
  // start. Column: its time-weighted mean over the interval. Summary: time-weighted mean over
  // the run, and the largest value it was ever set to.
  Id level(std::string name, double initial_value = 0.0);
  // Column: read() when the row closes (see advance()). Summary: the last value read.
  Id gauge(std::string name, std::function<double()> read);
  // Columns "<name>_mean", "<name>_p50", "<name>_p95", "<name>_p99" over the values recorded
  // in the interval (empty cells when none). Summary: count, mean, p50, p95, p99, max over the run.
  Id histogram(std::string name, double relative_accuracy = 0.005);

  // --- Recording (hot path). A wrong id, a non-finite number or a finished recorder throws. ---
  void add(Id counter, double amount = 1.0) {
    const std::uint32_t slot = counter - kCounterTag;
    if (slot >= counters_.size() || finished_ || !std::isfinite(amount)) [[unlikely]]
      reject(counter, kCounterTag, amount, now_s_);
    counters_[slot].interval += amount;
    counters_[slot].total += amount;
  }

  // The level holds `value` from now_s on. Time only moves forward (std::logic_error
  // otherwise); a time at or past the next row's end closes rows first, as advance() does.
  void set(Id level, double now_s, double value) {
    const std::uint32_t slot = level - kLevelTag;
    if (slot >= levels_.size() || finished_ || !std::isfinite(value) || !std::isfinite(now_s) ||
        now_s < now_s_) [[unlikely]]
      reject(level, kLevelTag, value, now_s);
    if (now_s >= next_end_s_) [[unlikely]]
      close_intervals_until(now_s);
    now_s_ = now_s;
    LevelState& state = levels_[slot];
    state.interval_integral += state.value * (now_s - state.since_s);
    state.since_s = now_s;
    state.value = value;
    if (value > state.max) state.max = value;
  }

  // Records into both the interval histogram and the run histogram.
  void record(Id histogram, double value) {
    const std::uint32_t slot = histogram - kHistogramTag;
    if (slot >= histograms_.size() || finished_) [[unlikely]]
      reject(histogram, kHistogramTag, value, now_s_);
    histograms_[slot].interval.add(value);
    histograms_[slot].run.add(value);
  }

  // --- Time. ---
  // Closes, in order, every interval whose end <= now_s, emitting one row each. Gauges are
  // read when their row closes, so a driver wanting exact samples calls advance() at each
  // next_row_time_s() (a zero-length step closes nothing and emits no duplicate row).
  // A time before the latest one seen is a std::logic_error.
  void advance(double now_s);
  // Advances to end_s, closes the last, possibly partial, interval (its row has time end_s,
  // none if end_s is on a boundary) and freezes the recorder: recording afterwards throws.
  void finish(double end_s);
  // The row ending at or after end_s closes only in finish(), after the run: what is settled
  // once the run is over (the bill's rounding) still lands in it, whichever update came last.
  void set_last_row_end(double end_s) { last_row_end_s_ = end_s; }

  // --- Results. ---
  // The value columns in declaration order; the CSV adds "time_s" in front.
  const std::vector<std::string>& columns() const { return columns_; }
  // Closed rows in time order (only those closed while retention was on).
  const std::vector<MetricsRow>& rows() const { return rows_; }
  // Called with every row as it closes, in row order, observers in registration order.
  void on_row(std::function<void(const MetricsRow&)> callback);
  // Called with a row's end (simulation time) just before the row closes: a quantity that
  // accrues continuously (cost) is added there, so it lands in its own row whatever update
  // closes it.
  void before_row(std::function<void(double end_s)> callback);
  // A counter fed by a running total that the caller keeps (a cost accrued as it happens):
  // each row gets what `accrued_until(row_end)` has grown by since the previous row, so the
  // column adds up to the total at the last row's end. Keep the total apart from what it is
  // checked against (a bill computed from totals), or the check tests nothing.
  void accrue(Id counter, std::function<double(double end_s)> accrued_until);
  // Default true. A long run that streams rows to disk through on_row turns it off to keep
  // memory flat; rows already kept stay.
  void set_row_retention(bool keep) { retain_rows_ = keep; }

  // "time_s,<columns...>\n" then one line per kept row; numbers via format_number.
  std::string timeseries_csv() const;
  std::string csv_header() const;                      // "time_s,<columns...>\n"
  static std::string csv_line(const MetricsRow& row);  // one row's line, with its '\n'

  // {"counters":{name:total}, "levels":{name:{"mean","max"}}, "gauges":{name:last},
  //  "histograms":{name:{"count","mean","p50","p95","p99","max"}}}; NaN becomes null.
  nlohmann::json summary() const;

  double counter_total(Id counter) const;
  const std::string& counter_name(Id counter) const;
  // Time-weighted mean from the start to the latest time seen; NaN before time has moved.
  double level_mean(Id level) const;
  double level_max(Id level) const;
  double level_value(Id level) const;
  double gauge_last(Id gauge) const;  // NaN before the first row
  // Every value recorded so far. The reference stays valid until another metric is declared.
  const Histogram& run_histogram(Id histogram) const;

  double interval_s() const { return interval_s_; }
  double start_time_s() const { return start_s_; }
  double now_s() const { return now_s_; }
  // End time of the interval now open: when a driver should next call advance().
  double next_row_time_s() const { return next_end_s_; }
  bool finished() const { return finished_; }

 private:
  static constexpr Id kCounterTag = 1u << 24;
  static constexpr Id kLevelTag = 2u << 24;
  static constexpr Id kGaugeTag = 3u << 24;
  static constexpr Id kHistogramTag = 4u << 24;

  struct CounterState {
    double interval = 0.0;
    double total = 0.0;
  };
  struct LevelState {
    double value;
    double since_s;                  // integrated up to here
    double interval_integral = 0.0;  // value x seconds within the open interval
    double run_integral = 0.0;       // value x seconds within closed intervals
    double max;
  };
  struct GaugeState {
    std::function<double()> read;
    double last;
  };
  struct HistogramState {
    Histogram interval;
    Histogram run;
  };
  // What produces each declared metric's columns, in declaration order.
  struct Source {
    Id kind;
    std::uint32_t slot;
  };

  void declare(Id kind, std::uint32_t slot, const std::string& name, const std::vector<std::string>& cols);
  void close_intervals_until(double now_s);
  void close_interval(double end_s);
  std::uint32_t checked_slot(Id id, Id kind) const;
  [[noreturn]] void reject(Id id, Id kind, double value, double time_s) const;

  double interval_s_;
  double start_s_;
  double reported_offset_s_ = 0.0;
  double now_s_;
  double interval_start_s_;  // start of the open interval
  double next_end_s_;        // its end: start_s_ + (interval_index_ + 1) * interval_s_
  std::uint64_t interval_index_ = 0;
  bool finished_ = false;
  bool finishing_ = false;
  double last_row_end_s_ = std::numeric_limits<double>::infinity();
  std::vector<std::function<void(double)>> before_row_;
  bool retain_rows_ = true;

  std::vector<CounterState> counters_;
  std::vector<LevelState> levels_;
  std::vector<GaugeState> gauges_;
  std::vector<HistogramState> histograms_;
  std::vector<std::string> names_[4];  // per kind (tag >> 24) - 1, indexed by slot

  std::vector<Source> sources_;
  std::vector<std::string> columns_;
  std::unordered_set<std::string> column_set_;

  MetricsRow scratch_;  // the row being closed, reused so closing allocates only to keep it
  std::vector<MetricsRow> rows_;
  std::vector<std::function<void(const MetricsRow&)>> observers_;
};

}  // namespace stratus::sim
