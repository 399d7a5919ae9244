#pragma once
// One line of `stratus run --stream` (cli/stream_observer.hpp), decoded. Pure functions with no
// Qt objects, so the worker thread can call them and tests can check the protocol.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>
#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "gui/charts/run_data.hpp"

namespace stratus::gui {

/// Where a run is. `end_time_s` and `eta_s` are NaN when unknown.
struct RunProgress {
  double sim_time_s = 0.0;
  double end_time_s = NAN;
  double wall_time_s = 0.0;
  double events = 0.0;
  double events_per_wall_s = 0.0;
  double eta_s = NAN;
};

/// What the run is, before it starts: its scenario, calendar and length.
struct StreamStart {
  nlohmann::json info;  // scenario, variant, seed, params, start_epoch_s, duration_s, ...
};
struct StreamColumns {
  QStringList columns;  // "time_s" first, as in timeseries.csv
};
struct StreamRow {
  QVector<double> values;  // NaN for an empty cell
};
struct StreamDone {
  QString out_dir;
  bool stopped = false;
  nlohmann::json summary;
};
struct StreamError {
  QString message;
  int exit_code = 1;
  QStringList diagnostics;  // "file:line:col: message"
};
/// A line that is not part of the protocol (a stray print); kept so it can be reported.
struct StreamNoise {
  QString text;
};

using StreamMessage = std::variant<StreamStart, StreamColumns, StreamRow, RunEvent, RunProgress, StreamDone,
                                   StreamError, StreamNoise>;

/// Decodes one line (without its '\n'). Never throws: malformed JSON or an unknown type gives
/// StreamNoise.
StreamMessage decode_stream_line(const QByteArray& line);

}  // namespace stratus::gui
