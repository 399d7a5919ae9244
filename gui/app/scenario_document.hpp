#pragma once
// The scenario the window works on: its path, its text as saved, and what the validator says
// of it. The parameter panel, the run and the editor all read it from here.
#include <QObject>
#include <QString>

#include "gui/app/scenario_check.hpp"

namespace stratus::gui {

class ScenarioDocument : public QObject {
  Q_OBJECT
 public:
  explicit ScenarioDocument(QObject* parent = nullptr);

  /// Reads and checks a file. False (with a reason) when it cannot be read; a file with
  /// errors opens, and check() lists them.
  bool open(const QString& path, QString* error = nullptr);
  /// Reads the same file again (after an edit, in the app or elsewhere).
  bool reload(QString* error = nullptr);
  bool is_open() const { return !path_.isEmpty(); }

  const QString& path() const { return path_; }
  /// The file's text as last read from disk.
  const QString& text() const { return text_; }
  const ScenarioCheck& check() const { return check_; }

 Q_SIGNALS:
  /// After open() or reload(): the path, the text or the check may have changed.
  void loaded();

 private:
  QString path_;
  QString text_;
  ScenarioCheck check_;
};

}  // namespace stratus::gui
