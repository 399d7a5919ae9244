#pragma once
// What the run worker hands to the GUI thread: batches of decoded stream lines while a run
// goes, and how it ended.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>
#include <nlohmann/json.hpp>
#include <optional>

#include "gui/app/stream_message.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

/// Lines decoded since the last batch. Columns come once, before any row.
struct StreamBatch {
  std::optional<nlohmann::json> start;
  std::optional<QStringList> columns;
  QVector<QVector<double>> rows;
  QVector<RunEvent> events;
  std::optional<RunProgress> progress;

  bool empty() const { return !start && !columns && rows.isEmpty() && events.isEmpty() && !progress; }
};

struct RunOutcome {
  enum class Status { completed, stopped, failed };
  Status status = Status::failed;
  QString out_dir;          // completed or stopped: where the results are
  nlohmann::json summary;   // completed or stopped: summary.json
  QString message;          // failed: what went wrong, ready to show
  QStringList diagnostics;  // failed on bad input: "file:line:col: message"
  int exit_code = -1;       // the child's, or -1 when it crashed or never started
};

}  // namespace stratus::gui

Q_DECLARE_METATYPE(stratus::gui::StreamBatch)
Q_DECLARE_METATYPE(stratus::gui::RunOutcome)
