#pragma once
// The scenarios opened lately, newest first, kept in QSettings across sessions.
#include <QString>
#include <QStringList>

namespace stratus::gui {

class RecentFiles {
 public:
  static constexpr int kMaxEntries = 10;

  /// Existing files only: a scenario deleted since is dropped from the list.
  static QStringList list();
  /// Moves `path` (made absolute) to the front.
  static void add(const QString& path);
  static void clear();
};

}  // namespace stratus::gui
