#pragma once
// What the compare tab can open: a result folder (summary.json, timeseries.csv, ...) or a
// comparison.csv written by `stratus compare` next to one folder per variant.
#include <QString>
#include <QVector>
#include <memory>

#include "gui/app/summary_table_model.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

struct ComparedRun {
  std::shared_ptr<const RunData> data;  // null when a comparison.csv row has no folder
  RunFigures figures;                   // the table row
};

/// Reads a result folder; throws std::runtime_error naming the file at fault.
ComparedRun load_result_folder(const QString& dir);
/// Reads comparison.csv: one run per variant, its figures from the CSV, its charts from the
/// variant's folder next to the file when there is one. Throws std::runtime_error.
QVector<ComparedRun> load_comparison_csv(const QString& path);

/// Whether a path looks like something the compare tab opens (a folder with summary.json, or
/// a .csv file), so drag and drop can route it.
bool is_result_folder(const QString& path);
bool is_comparison_csv(const QString& path);

}  // namespace stratus::gui
