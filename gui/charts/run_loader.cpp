#include "gui/charts/run_loader.hpp"

#include <QDir>
#include <QFileInfo>
#include <stdexcept>

#include "gui/charts/csv_table.hpp"

namespace stratus::gui {

namespace {

const QString kComparisonFile = QStringLiteral("comparison.csv");

[[noreturn]] void fail(const QString& where, const QString& message) {
  throw std::runtime_error((where + ": " + message).toStdString());
}

}  // namespace

bool is_comparison(const QString& path) {
  const QFileInfo info(path);
  if (info.isFile()) return info.fileName() == kComparisonFile;
  return info.isDir() && QFileInfo::exists(QDir(path).filePath(kComparisonFile)) &&
         !QFileInfo::exists(QDir(path).filePath(QStringLiteral("summary.json")));
}

std::vector<RunData> load_comparison(const QString& comparison_csv) {
  const CsvTable table = read_csv_table(comparison_csv);
  const int variant = table.column(QStringLiteral("variant"));
  if (variant < 0)
    fail(comparison_csv, QStringLiteral("no 'variant' column (is this written by `stratus compare`?)"));
  if (table.rows.empty()) fail(comparison_csv, QStringLiteral("no variants listed"));
  const QDir folder = QFileInfo(comparison_csv).absoluteDir();
  std::vector<RunData> runs;
  for (const QStringList& row : table.rows) {
    const QString name = row[variant];
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || name == QLatin1String(".."))
      fail(comparison_csv, "not a variant name: '" + name + "'");
    RunData run = RunData::from_folder(folder.filePath(name));
    run.set_label(name);
    runs.push_back(std::move(run));
  }
  return runs;
}

std::vector<RunData> load_runs(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists()) fail(path, QStringLiteral("no such file or folder"));
  if (is_comparison(path)) return load_comparison(info.isDir() ? QDir(path).filePath(kComparisonFile) : path);
  if (info.isFile())
    fail(path,
         QStringLiteral("expected a result folder (written by `stratus run`) or a comparison.csv (written "
                        "by `stratus compare`)"));
  std::vector<RunData> runs;
  runs.push_back(RunData::from_folder(path));
  return runs;
}

}  // namespace stratus::gui
