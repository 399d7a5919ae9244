#include "gui/app/scenario_document.hpp"

#include <QFile>
#include <QFileInfo>

#include "gui/app/recent_files.hpp"

namespace stratus::gui {

ScenarioDocument::ScenarioDocument(QObject* parent) : QObject(parent) {}

bool ScenarioDocument::open(const QString& path, QString* error) {
  const QFileInfo info(path);
  QFile file(path);
  if (info.isDir() || !file.open(QIODevice::ReadOnly)) {
    if (error != nullptr)
      *error = info.isDir() ? tr("%1 is a folder, not a scenario file.").arg(path)
                            : tr("Cannot read %1: %2").arg(path, file.errorString());
    return false;
  }
  path_ = info.absoluteFilePath();
  text_ = QString::fromUtf8(file.readAll());
  check_ = check_scenario_file(path_);
  RecentFiles::add(path_);
  Q_EMIT loaded();
  return true;
}

bool ScenarioDocument::reload(QString* error) {
  if (!is_open()) return false;
  return open(path_, error);
}

}  // namespace stratus::gui
