#include "gui/app/comparison_source.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <stdexcept>

namespace stratus::gui {

namespace {

/// One CSV line into cells: commas separate, double quotes may wrap a cell ("" is a quote).
QStringList split_csv_line(const QString& line) {
  QStringList cells;
  QString cell;
  bool quoted = false;
  for (qsizetype i = 0; i < line.size(); ++i) {
    const QChar c = line[i];
    if (quoted) {
      if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
        cell += c;
        ++i;
      } else if (c == QLatin1Char('"')) {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == QLatin1Char('"')) {
      quoted = true;
    } else if (c == QLatin1Char(',')) {
      cells << cell;
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells << cell;
  return cells;
}

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
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
    throw error(QObject::tr("Cannot read %1: %2").arg(path, file.errorString()));
  QTextStream in(&file);
  const QStringList header = split_csv_line(in.readLine());
  if (header.isEmpty() || header.first() != QLatin1String("variant"))
    throw error(QObject::tr("%1: not a comparison.csv (its first column should be 'variant')").arg(path));
  const QDir folder = QFileInfo(path).absoluteDir();
  QVector<ComparedRun> runs;
  int line_number = 1;
  while (!in.atEnd()) {
    const QString line = in.readLine();
    ++line_number;
    if (line.trimmed().isEmpty()) continue;
    const QStringList cells = split_csv_line(line);
    if (cells.size() != header.size())
      throw error(QObject::tr("%1:%2: %3 cells where the header has %4")
                      .arg(path)
                      .arg(line_number)
                      .arg(cells.size())
                      .arg(header.size()));
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
