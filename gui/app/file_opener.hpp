#pragma once
// How files come into the window: File > Open, Open recent and Reload for scenarios, and paths
// dropped on the window or given on the command line, routed by kind: a scenario (.yaml) opens
// in place of the current one once the editor's unsaved changes are settled; a result folder
// or a comparison.csv goes to the compare tab. What cannot be opened is said in the status
// bar as well as to the caller (MainWindow::report_failure).
#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;
class QMimeData;

namespace stratus::gui {

class MainWindow;

class FileOpener : public QObject {
  Q_OBJECT
 public:
  explicit FileOpener(MainWindow* window);

  bool open_scenario(const QString& path, QString* error = nullptr);
  /// A result folder or comparison.csv into the compare tab.
  bool add_comparison(const QString& path, QString* error = nullptr);
  /// Returns one message per path that could not be opened.
  QStringList open_paths(const QStringList& paths);
  /// Opens the local files a drop carries and warns about those it could not open; false
  /// when it carries none (the drop is not for this window).
  bool open_dropped(const QMimeData& mime);

  QAction* open_action() const { return open_; }
  QAction* reload_action() const { return reload_; }
  QMenu* recent_menu() const { return recent_; }

 private:
  void browse_scenario();
  void fill_recent_menu();
  void update_reload();

  MainWindow* window_;
  QAction* open_ = nullptr;
  QAction* reload_ = nullptr;
  QMenu* recent_ = nullptr;
};

}  // namespace stratus::gui
