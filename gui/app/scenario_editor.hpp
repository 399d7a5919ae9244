#pragma once
// The editor tab: the scenario's YAML, checked by the validator on demand and shortly after
// each edit, with every error listed (the same file:line:col messages as `stratus validate`)
// and its line marked; save and revert.
#include <QList>
#include <QVector>
#include <QWidget>

#include "gui/app/scenario_check.hpp"

class QAction;
class QLabel;
class QListWidget;
class QTimer;

namespace stratus::gui {

class CodeEditor;
class ScenarioDocument;

class ScenarioEditor : public QWidget {
  Q_OBJECT
 public:
  /// Quiet time after the last keystroke before the text is checked again.
  static constexpr int kValidateDelayMs = 600;

  explicit ScenarioEditor(ScenarioDocument* document, QWidget* parent = nullptr);

  void validate_now();
  /// Writes the text to the document's file (atomically) and reloads the document.
  bool save(QString* error = nullptr);
  /// Back to the file as saved.
  void revert();
  bool is_modified() const;
  /// Before the scenario is replaced, run or the window closes: with unsaved changes, asks
  /// whether to save them, discard them or cancel. True when the caller may go on (nothing to
  /// save, saved, or discarded); false on Cancel or when the save failed.
  bool settle_unsaved_changes();

  CodeEditor* text_edit() const { return text_; }
  QListWidget* error_list() const { return errors_; }
  /// What the last check found, and the 1-based lines it marked.
  const QVector<ScenarioDiagnostic>& diagnostics() const { return diagnostics_; }
  QList<int> marked_lines() const { return marked_lines_; }
  QAction* save_action() const { return save_action_; }
  QAction* revert_action() const { return revert_action_; }

 Q_SIGNALS:
  void saved(const QString& path);
  /// After each check: `errors` is 0 for a valid text.
  void validated(int errors);

 private:
  void load_from_document();
  void show_diagnostics(const QVector<ScenarioDiagnostic>& diagnostics);
  void jump_to(int line, int column);
  bool is_this_file(const QString& file) const;

  ScenarioDocument* document_;
  CodeEditor* text_ = nullptr;
  QListWidget* errors_ = nullptr;
  QLabel* status_ = nullptr;
  QTimer* debounce_ = nullptr;
  QAction* save_action_ = nullptr;
  QAction* revert_action_ = nullptr;
  QString shown_path_;  // the file whose text the editor holds
  QVector<ScenarioDiagnostic> diagnostics_;
  QList<int> marked_lines_;
};

}  // namespace stratus::gui
