#pragma once
// One run's results as the charts see them: the timeseries columns and rows (appended live
// as a run streams them, or read from a result folder), its events and its summary. Lives on
// the GUI thread; a run's worker hands rows over through queued signals.
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "gui/charts/min_max_decimator.hpp"

namespace stratus::gui {

/// A notable moment of a run (events.csv / the observer's SimEvent): failures, scaling
/// actions, purchases. Drawn as markers with tooltips.
struct RunEvent {
  double time_s = 0.0;
  QString kind;
  QString subject;
  QString detail;
  qint64 hosts = 0;
};

/// A cost that is not in timeseries.csv, as its running total over time (piecewise linear):
/// the capital and power of an on-premises fleet from capacity.csv, one point per month.
struct CostTrack {
  QString name;             // "capital", "power"
  QVector<QPointF> points;  // (time_s, cumulative USD), time ascending
};

class RunData {
 public:
  explicit RunData(QString label = {});

  /// Reads summary.json, timeseries.csv and (when present) events.csv and bill.csv of a
  /// result folder. Throws std::runtime_error with a message naming the file at fault.
  static RunData from_folder(const QString& dir);

  const QString& label() const { return label_; }
  void set_label(QString label) { label_ = std::move(label); }

  /// Column names as in timeseries.csv, "time_s" first.
  void set_columns(QStringList columns);
  const QStringList& columns() const { return columns_; }
  bool has_column(const QString& column) const;
  /// The services named by the columns ("web" for "web.instances"), in column order.
  QStringList services() const;
  /// The serverless functions named by the columns ("resize" for "fn.resize.invocations").
  QStringList functions() const;
  /// The availability zones a service's instances are counted in ("az-a" for
  /// "web.instances.az-a"), in column order (the topology's); empty for runs without these
  /// columns (fluid runs, runs written before they existed).
  QStringList instance_zones(const QString& service) const;

  /// One row, in column order (time first). Rows arrive in time order.
  void append_row(const QVector<double>& values);
  int row_count() const;

  /// A column over time, decimated to at most `max_points` points (min and max per bucket,
  /// so that peaks and failures survive decimation). Empty when the column is absent.
  QVector<QPointF> series(const QString& column, int max_points = 2000) const;
  /// The column's last value; NaN when absent or when there are no rows.
  double last(const QString& column) const;
  double last_time_s() const;
  /// The running total of a per-interval column (a counter such as cost or rejected
  /// requests), decimated like series(); its last point is the run total.
  QVector<QPointF> cumulative_series(const QString& column, int max_points = 2000) const;
  /// A column's values, one per row (NaN for empty cells); empty when the column is absent.
  QVector<double> column(const QString& column) const;
  /// The sum of a column's values over every row, empty cells skipped (a counter's run total).
  double sum(const QString& column) const;
  /// The time between rows (the scenario's sample_interval); NaN before the first row.
  double sample_interval_s() const;

  void add_event(RunEvent event);
  const std::vector<RunEvent>& events() const { return events_; }

  void add_cost_track(CostTrack track) { cost_tracks_.push_back(std::move(track)); }
  const std::vector<CostTrack>& cost_tracks() const { return cost_tracks_; }

  void set_summary(nlohmann::json summary) { summary_ = std::move(summary); }
  const nlohmann::json& summary() const { return summary_; }
  /// UNIX time of simulated time 0 (summary.json's calendar), for date axes; NaN if unknown.
  double start_epoch_s() const;

 private:
  /// A decimated view of one column kept up to date as rows arrive: a live chart redraws
  /// from it in O(new rows + max_points), not O(all rows).
  struct Decimated {
    MinMaxDecimator decimator;
    int rows_fed = 0;
    double running_total = 0.0;
  };
  using DecimatedKey = std::tuple<int, int, bool>;  // column index, max_points, cumulative
  QVector<QPointF> decimated(const QString& column, int max_points, bool cumulative) const;

  QString label_;
  QStringList columns_;
  std::vector<QVector<double>> values_;  // one vector per column, rows appended at the end
  std::vector<RunEvent> events_;
  std::vector<CostTrack> cost_tracks_;
  nlohmann::json summary_ = nlohmann::json::object();
  mutable std::map<DecimatedKey, Decimated> decimated_;
};

}  // namespace stratus::gui
