#include "gui/app/recent_files.hpp"

#include <QFileInfo>
#include <QSettings>

namespace stratus::gui {

namespace {
const QString kKey = QStringLiteral("recent_files");
}

QStringList RecentFiles::list() {
  QStringList files;
  for (const QString& path : QSettings().value(kKey).toStringList())
    if (QFileInfo(path).isFile()) files << path;
  return files;
}

void RecentFiles::add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QStringList files = QSettings().value(kKey).toStringList();
  files.removeAll(absolute);
  files.prepend(absolute);
  while (files.size() > kMaxEntries)
    files.removeLast();
  QSettings().setValue(kKey, files);
}

void RecentFiles::clear() {
  QSettings().remove(kKey);
}

}  // namespace stratus::gui
