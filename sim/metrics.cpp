#include "sim/metrics.hpp"

#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/number_format.hpp"

namespace stratus::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kKindNames[] = {"counter", "level", "gauge", "histogram"};

std::size_t kind_index(MetricsRecorder::Id tag) {
  return (tag >> 24) - 1;
}

void check_name(const std::string& name) {
  if (name.empty()) throw std::invalid_argument("MetricsRecorder: a metric needs a name");
  if (name.find_first_of(",\"\r\n") != std::string::npos) {
    throw std::invalid_argument("MetricsRecorder: metric name '" + name +
                                "' contains a character that CSV would need to quote");
  }
}

}  // namespace

nlohmann::json histogram_summary(const Histogram& h) {
  return {{"count", h.count()},
          {"mean", json_number(h.mean())},
          {"p50", json_number(h.quantile(0.50))},
          {"p95", json_number(h.quantile(0.95))},
          {"p99", json_number(h.quantile(0.99))},
          {"max", json_number(h.max())}};
}

MetricsRecorder::MetricsRecorder(double interval_s, double start_time_s)
    : interval_s_(interval_s),
      start_s_(start_time_s),
      now_s_(start_time_s),
      interval_start_s_(start_time_s),
      next_end_s_(start_time_s + interval_s) {
  if (!(std::isfinite(interval_s) && interval_s > 0.0)) {
    throw std::invalid_argument("MetricsRecorder: interval must be positive and finite, got " +
                                format_number(interval_s));
  }
  if (!std::isfinite(start_time_s)) {
    throw std::invalid_argument("MetricsRecorder: start time must be finite");
  }
  // A start so large that one interval vanishes in its rounding would make empty intervals.
  if (!(next_end_s_ > start_s_)) {
    throw std::invalid_argument("MetricsRecorder: interval " + format_number(interval_s) +
                                " is below the resolution of start time " + format_number(start_time_s));
  }
}

void MetricsRecorder::declare(Id kind, std::uint32_t slot, const std::string& name,
                              const std::vector<std::string>& cols) {
  // Rows already emitted (or an interval already part-integrated) would lack the new
  // columns, so the set of metrics is fixed once time moves.
  if (finished_ || now_s_ > start_s_) {
    throw std::logic_error("MetricsRecorder: metric '" + name + "' declared after recording started");
  }
  check_name(name);
  for (const auto& column : cols) {
    if (column == "time_s" || column_set_.count(column) != 0) {
      throw std::invalid_argument("MetricsRecorder: duplicate column '" + column + "'");
    }
  }
  for (const auto& column : cols) {
    column_set_.insert(column);
    columns_.push_back(column);
  }
  sources_.push_back({kind, slot});
  names_[kind_index(kind)].push_back(name);
}

MetricsRecorder::Id MetricsRecorder::counter(std::string name) {
  const auto slot = static_cast<std::uint32_t>(counters_.size());
  declare(kCounterTag, slot, name, {name});
  counters_.emplace_back();
  return kCounterTag + slot;
}

MetricsRecorder::Id MetricsRecorder::level(std::string name, double initial_value) {
  if (!std::isfinite(initial_value)) {
    throw std::invalid_argument("MetricsRecorder: level '" + name + "' needs a finite initial value");
  }
  const auto slot = static_cast<std::uint32_t>(levels_.size());
  declare(kLevelTag, slot, name, {name});
  levels_.push_back(LevelState{initial_value, start_s_, 0.0, 0.0, initial_value});
  return kLevelTag + slot;
}

MetricsRecorder::Id MetricsRecorder::gauge(std::string name, std::function<double()> read) {
  if (!read) throw std::invalid_argument("MetricsRecorder: gauge '" + name + "' needs a read function");
  const auto slot = static_cast<std::uint32_t>(gauges_.size());
  declare(kGaugeTag, slot, name, {name});
  gauges_.push_back(GaugeState{std::move(read), kNaN});
  return kGaugeTag + slot;
}

MetricsRecorder::Id MetricsRecorder::histogram(std::string name, double relative_accuracy) {
  // Built first, so an invalid accuracy throws before anything is declared.
  HistogramState state{Histogram(relative_accuracy), Histogram(relative_accuracy)};
  const auto slot = static_cast<std::uint32_t>(histograms_.size());
  declare(kHistogramTag, slot, name, {name + "_mean", name + "_p50", name + "_p95", name + "_p99"});
  histograms_.push_back(std::move(state));
  return kHistogramTag + slot;
}

void MetricsRecorder::reject(Id id, Id kind, double value, double time_s) const {
  const std::string what = kKindNames[kind_index(kind)];
  if (id - kind >= names_[kind_index(kind)].size()) {
    throw std::invalid_argument("MetricsRecorder: id " + std::to_string(id) + " is not a declared " + what);
  }
  const std::string& name = names_[kind_index(kind)][id - kind];
  if (finished_) {
    throw std::logic_error("MetricsRecorder: " + what + " '" + name + "' used after finish()");
  }
  if (!std::isfinite(time_s) || time_s < now_s_) {
    throw std::logic_error("MetricsRecorder: " + what + " '" + name + "' set at time " +
                           format_number(time_s) + ", before the latest time " + format_number(now_s_));
  }
  throw std::invalid_argument("MetricsRecorder: " + what + " '" + name + "' given a non-finite value (" +
                              (std::isnan(value) ? std::string("nan") : format_number(value)) + ")");
}

std::uint32_t MetricsRecorder::checked_slot(Id id, Id kind) const {
  const std::uint32_t slot = id - kind;
  if (slot >= names_[kind_index(kind)].size()) {
    throw std::invalid_argument("MetricsRecorder: id " + std::to_string(id) + " is not a declared " +
                                kKindNames[kind_index(kind)]);
  }
  return slot;
}

void MetricsRecorder::advance(double now_s) {
  if (finished_) throw std::logic_error("MetricsRecorder: advance() after finish()");
  if (!std::isfinite(now_s) || now_s < now_s_) {
    throw std::logic_error("MetricsRecorder: advance to " + format_number(now_s) +
                           ", before the latest time " + format_number(now_s_));
  }
  close_intervals_until(now_s);
  now_s_ = now_s;
}

void MetricsRecorder::finish(double end_s) {
  finishing_ = true;
  advance(end_s);
  // A boundary-aligned end was closed by advance(); only a partial interval remains to close.
  if (end_s > interval_start_s_) close_interval(end_s);
  finished_ = true;
}

void MetricsRecorder::close_intervals_until(double now_s) {
  while (next_end_s_ <= now_s) {
    if (next_end_s_ >= last_row_end_s_ && !finishing_) break;
    close_interval(next_end_s_);
    ++interval_index_;
    // Multiplying instead of accumulating keeps row times free of drift over long runs.
    next_end_s_ = start_s_ + static_cast<double>(interval_index_ + 1) * interval_s_;
  }
}

void MetricsRecorder::close_interval(double end_s) {
  for (const auto& callback : before_row_)
    callback(end_s);
  const double duration = end_s - interval_start_s_;
  scratch_.time_s = end_s + reported_offset_s_;
  scratch_.values.clear();
  scratch_.values.reserve(columns_.size());
  for (const Source& source : sources_) {
    switch (source.kind) {
      case kCounterTag: {
        CounterState& state = counters_[source.slot];
        scratch_.values.push_back(state.interval);
        state.interval = 0.0;
        break;
      }
      case kLevelTag: {
        LevelState& state = levels_[source.slot];
        state.interval_integral += state.value * (end_s - state.since_s);
        state.since_s = end_s;
        scratch_.values.push_back(state.interval_integral / duration);
        state.run_integral += state.interval_integral;
        state.interval_integral = 0.0;
        break;
      }
      case kGaugeTag: {
        GaugeState& state = gauges_[source.slot];
        state.last = state.read();
        scratch_.values.push_back(state.last);
        break;
      }
      case kHistogramTag: {
        Histogram& interval = histograms_[source.slot].interval;
        scratch_.values.push_back(interval.mean());
        scratch_.values.push_back(interval.quantile(0.50));
        scratch_.values.push_back(interval.quantile(0.95));
        scratch_.values.push_back(interval.quantile(0.99));
        interval.clear();
        break;
      }
      default:
        break;
    }
  }
  interval_start_s_ = end_s;
  if (retain_rows_) rows_.push_back(scratch_);
  for (const auto& observer : observers_)
    observer(scratch_);
}

void MetricsRecorder::before_row(std::function<void(double)> callback) {
  if (!callback) throw std::invalid_argument("MetricsRecorder::before_row: empty callback");
  before_row_.push_back(std::move(callback));
}

void MetricsRecorder::accrue(Id counter, std::function<double(double)> accrued_until) {
  checked_slot(counter, kCounterTag);
  if (!accrued_until) throw std::invalid_argument("MetricsRecorder::accrue: empty callback");
  before_row([this, counter, accrued_until = std::move(accrued_until), so_far = 0.0](double end_s) mutable {
    const double total = accrued_until(end_s);
    add(counter, total - so_far);
    so_far = total;
  });
}

void MetricsRecorder::on_row(std::function<void(const MetricsRow&)> callback) {
  if (!callback) throw std::invalid_argument("MetricsRecorder::on_row: empty callback");
  observers_.push_back(std::move(callback));
}

std::string MetricsRecorder::csv_header() const {
  std::string header = "time_s";
  for (const auto& column : columns_) {
    header += ',';
    header += column;
  }
  header += '\n';
  return header;
}

std::string MetricsRecorder::csv_line(const MetricsRow& row) {
  std::string line;
  append_number(line, row.time_s);
  for (const double value : row.values) {
    line += ',';
    append_number(line, value);
  }
  line += '\n';
  return line;
}

std::string MetricsRecorder::timeseries_csv() const {
  std::string text = csv_header();
  for (const auto& row : rows_)
    text += csv_line(row);
  return text;
}

nlohmann::json MetricsRecorder::summary() const {
  nlohmann::json counters = nlohmann::json::object();
  nlohmann::json levels = nlohmann::json::object();
  nlohmann::json gauges = nlohmann::json::object();
  nlohmann::json histograms = nlohmann::json::object();
  for (const Source& source : sources_) {
    const std::string& name = names_[kind_index(source.kind)][source.slot];
    const Id id = source.kind + source.slot;
    switch (source.kind) {
      case kCounterTag:
        counters[name] = json_number(counter_total(id));
        break;
      case kLevelTag:
        levels[name] = {{"mean", json_number(level_mean(id))}, {"max", json_number(level_max(id))}};
        break;
      case kGaugeTag:
        gauges[name] = json_number(gauge_last(id));
        break;
      case kHistogramTag: {
        histograms[name] = histogram_summary(histograms_[source.slot].run);
        break;
      }
      default:
        break;
    }
  }
  return {{"counters", std::move(counters)},
          {"levels", std::move(levels)},
          {"gauges", std::move(gauges)},
          {"histograms", std::move(histograms)}};
}

double MetricsRecorder::counter_total(Id counter) const {
  return counters_[checked_slot(counter, kCounterTag)].total;
}

const std::string& MetricsRecorder::counter_name(Id counter) const {
  return names_[kind_index(kCounterTag)][checked_slot(counter, kCounterTag)];
}

double MetricsRecorder::level_mean(Id level) const {
  const LevelState& state = levels_[checked_slot(level, kLevelTag)];
  const double elapsed = now_s_ - start_s_;
  if (!(elapsed > 0.0)) return kNaN;
  const double integral =
      state.run_integral + state.interval_integral + state.value * (now_s_ - state.since_s);
  return integral / elapsed;
}

double MetricsRecorder::level_max(Id level) const {
  return levels_[checked_slot(level, kLevelTag)].max;
}

double MetricsRecorder::level_value(Id level) const {
  return levels_[checked_slot(level, kLevelTag)].value;
}

double MetricsRecorder::gauge_last(Id gauge) const {
  return gauges_[checked_slot(gauge, kGaugeTag)].last;
}

const Histogram& MetricsRecorder::run_histogram(Id histogram) const {
  return histograms_[checked_slot(histogram, kHistogramTag)].run;
}

}  // namespace stratus::sim
