#include "gui/app/comparison_source.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <stdexcept>

#include "gui/charts/csv_table.hpp"

namespace stratus::gui {

namespace {

std::runtime_error error(const QString& message) {
  return std::runtime_error(message.toStdString());
}

}  // namespace

bool is_result_folder(const QString& path) {
  return QFileInfo(path).isDir() && QFileInfo::exists(QDir(path).filePath(QStringLiteral("summary.json")));
}

bool is_comparison_csv(const QString& path) {
  const QFileInfo info(path);
  return info.isFile() && info.suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
}

ComparedRun load_result_folder(const QString& dir) {
  auto data = std::make_shared<RunData>(RunData::from_folder(dir));
  const QString label = QDir(dir).dirName();
  data->set_label(label);
  ComparedRun run{data, figures_from_summary(label, data->summary())};
  return run;
}

QVector<ComparedRun> load_comparison_csv(const QString& path) {
  // read_csv_table reports unreadable files and ragged rows as "FILE:LINE: message".
  const CsvTable table = read_csv_table(path);
  const QStringList& header = table.header;
  if (header.isEmpty() || header.first() != QLatin1String("variant"))
    throw error(QObject::tr("%1: not a comparison.csv (its first column should be 'variant')").arg(path));
  const QDir folder = QFileInfo(path).absoluteDir();
  QVector<ComparedRun> runs;
  for (const QStringList& cells : table.rows) {
    ComparedRun run;
    run.figures.label = cells.first();
    for (qsizetype c = 1; c < cells.size(); ++c) {
      if (cells[c].isEmpty()) continue;  // a figure this variant does not have (no SLO, ...)
      bool number = false;
      const double v = cells[c].toDouble(&number);
      run.figures.figures.push_back({header[c], number ? QVariant(v) : QVariant(cells[c])});
    }
    const QString variant_dir = folder.filePath(run.figures.label);
    if (is_result_folder(variant_dir)) {
      auto data = std::make_shared<RunData>(RunData::from_folder(variant_dir));
      data->set_label(run.figures.label);
      run.data = data;
    }
    runs.push_back(std::move(run));
  }
  if (runs.isEmpty()) throw error(QObject::tr("%1 lists no variants").arg(path));
  return runs;
}

}  // namespace stratus::gui
