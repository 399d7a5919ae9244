#include "gui/app/file_opener.hpp"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QUrl>

#include "gui/app/compare_tab.hpp"
#include "gui/app/main_window.hpp"
#include "gui/app/recent_files.hpp"
#include "gui/app/scenario_document.hpp"
#include "gui/app/scenario_editor.hpp"

namespace stratus::gui {

FileOpener::FileOpener(MainWindow* window) : QObject(window), window_(window) {
  open_ = new QAction(tr("&Open scenario…"), this);
  open_->setShortcut(QKeySequence::Open);
  connect(open_, &QAction::triggered, this, &FileOpener::browse_scenario);
  reload_ = new QAction(tr("&Reload scenario"), this);
  reload_->setShortcut(QKeySequence::Refresh);
  connect(reload_, &QAction::triggered, this, [this] {
    if (window_->editor()->settle_unsaved_changes()) window_->document()->reload();
  });
  // Filled as it opens: a file may have been deleted, or another opened, since last time.
  recent_ = new QMenu(tr("Open &recent"), window);
  connect(recent_, &QMenu::aboutToShow, this, &FileOpener::fill_recent_menu);
  connect(window_->document(), &ScenarioDocument::loaded, this, &FileOpener::update_reload);
  update_reload();
}

void FileOpener::update_reload() {
  reload_->setEnabled(window_->document()->is_open());
}

bool FileOpener::open_scenario(const QString& path, QString* error) {
  QString problem;
  return window_->document()->open(path, &problem) || window_->report_failure(problem, error);
}

bool FileOpener::add_comparison(const QString& path, QString* error) {
  QString problem;
  return window_->compare_tab()->add_path(path, &problem) || window_->report_failure(problem, error);
}

QStringList FileOpener::open_paths(const QStringList& paths) {
  QStringList errors;
  for (const QString& path : paths) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    QString error;
    if (info.isDir() || suffix == QLatin1String("csv")) {
      add_comparison(path, &error);
    } else if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml")) {
      if (window_->editor()->settle_unsaved_changes()) open_scenario(path, &error);
    } else {
      error = tr("%1: drop a scenario (.yaml), a result folder or a comparison.csv").arg(path);
    }
    if (!error.isEmpty()) errors << error;
  }
  return errors;
}

bool FileOpener::open_dropped(const QMimeData& mime) {
  QStringList paths;
  for (const QUrl& url : mime.urls())
    if (url.isLocalFile()) paths << url.toLocalFile();
  if (paths.isEmpty()) return false;
  const QStringList errors = open_paths(paths);
  if (!errors.isEmpty()) QMessageBox::warning(window_, tr("Cannot open"), errors.join(QLatin1Char('\n')));
  return true;
}

void FileOpener::browse_scenario() {
  if (!window_->editor()->settle_unsaved_changes()) return;
  const ScenarioDocument& document = *window_->document();
  // Start beside the open scenario: the next one is often its neighbour.
  const QString start = document.is_open() ? QFileInfo(document.path()).absolutePath() : QString();
  const QString path = QFileDialog::getOpenFileName(window_, tr("Open a scenario"), start,
                                                    tr("Scenarios (*.yaml *.yml);;All files (*)"));
  QString error;
  if (!path.isEmpty() && !open_scenario(path, &error))
    QMessageBox::warning(window_, tr("Cannot open"), error);
}

void FileOpener::fill_recent_menu() {
  recent_->clear();
  const QStringList files = RecentFiles::list();
  for (const QString& file : files)
    recent_->addAction(file, this, [this, file] {
      QString error;
      if (window_->editor()->settle_unsaved_changes() && !open_scenario(file, &error))
        QMessageBox::warning(window_, tr("Cannot open"), error);
    });
  if (files.isEmpty()) recent_->addAction(tr("(none yet)"))->setEnabled(false);
}

}  // namespace stratus::gui
