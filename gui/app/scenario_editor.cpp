#include "gui/app/scenario_editor.hpp"

#include <QAction>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "gui/app/code_editor.hpp"
#include "gui/app/scenario_document.hpp"
#include "gui/app/theme.hpp"

namespace stratus::gui {

namespace {
constexpr int kLineRole = Qt::UserRole;
constexpr int kColumnRole = Qt::UserRole + 1;
}  // namespace

ScenarioEditor::ScenarioEditor(ScenarioDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* bar = new QToolBar(this);
  auto* validate = bar->addAction(tr("Validate"), this, &ScenarioEditor::validate_now);
  validate->setToolTip(tr("Check the text as `stratus validate` would"));
  save_action_ = bar->addAction(tr("Save"), this, [this] { save(); });
  save_action_->setShortcut(QKeySequence::Save);
  save_action_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  revert_action_ = bar->addAction(tr("Revert"), this, &ScenarioEditor::revert);
  revert_action_->setToolTip(tr("Discard the changes: back to the file as saved"));
  bar->addSeparator();
  status_ = new QLabel(this);
  bar->addWidget(status_);
  layout->addWidget(bar);

  auto* split = new QSplitter(Qt::Vertical, this);
  text_ = new CodeEditor(split);
  text_->setObjectName(QStringLiteral("scenario_text"));
  text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  text_->setTabChangesFocus(false);
  errors_ = new QListWidget(split);
  errors_->setObjectName(QStringLiteral("scenario_errors"));
  split->setStretchFactor(0, 4);
  split->setStretchFactor(1, 1);
  split->setSizes({800, 110});  // in proportion: a few lines of errors under the text
  layout->addWidget(split, 1);

  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(kValidateDelayMs);
  connect(debounce_, &QTimer::timeout, this, &ScenarioEditor::validate_now);
  connect(text_, &QPlainTextEdit::textChanged, this, [this] {
    if (document_->is_open()) debounce_->start();
  });
  connect(text_->document(), &QTextDocument::modificationChanged, this, [this](bool modified) {
    save_action_->setEnabled(modified);
    revert_action_->setEnabled(modified);
  });
  connect(errors_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    jump_to(item->data(kLineRole).toInt(), item->data(kColumnRole).toInt());
  });
  connect(errors_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    jump_to(item->data(kLineRole).toInt(), item->data(kColumnRole).toInt());
  });
  connect(document_, &ScenarioDocument::loaded, this, &ScenarioEditor::load_from_document);
  load_from_document();
}

void ScenarioEditor::load_from_document() {
  const bool open = document_->is_open();
  text_->setReadOnly(!open);
  if (!open) {
    text_->setPlaceholderText(tr("Open a scenario (File > Open) to edit it here."));
    save_action_->setEnabled(false);
    revert_action_->setEnabled(false);
    return;
  }
  // Keep unsaved work: a reload caused by a save elsewhere must not wipe the text being typed.
  if (shown_path_ == document_->path() && is_modified() && text_->toPlainText() != document_->text()) return;
  shown_path_ = document_->path();
  text_->setPlainText(document_->text());
  text_->document()->setModified(false);
  save_action_->setEnabled(false);
  revert_action_->setEnabled(false);
  debounce_->stop();
  show_diagnostics(document_->check().diagnostics);
  // Open where the trouble is.
  for (const ScenarioDiagnostic& d : diagnostics_)
    if (is_this_file(d.file) && d.line > 0) {
      text_->reveal_line(d.line);
      break;
    }
}

bool ScenarioEditor::is_modified() const {
  return text_->document()->isModified();
}

void ScenarioEditor::validate_now() {
  debounce_->stop();
  if (!document_->is_open()) return;
  show_diagnostics(check_scenario_text(text_->toPlainText(), document_->path()).diagnostics);
}

bool ScenarioEditor::is_this_file(const QString& file) const {
  return file.isEmpty() || QFileInfo(file).absoluteFilePath() == document_->path();
}

void ScenarioEditor::show_diagnostics(const QVector<ScenarioDiagnostic>& diagnostics) {
  diagnostics_ = diagnostics;
  marked_lines_.clear();
  errors_->clear();
  QList<QTextEdit::ExtraSelection> marks;
  const QColor mark = error_line_color(palette());
  for (const ScenarioDiagnostic& d : diagnostics) {
    auto* item = new QListWidgetItem(d.text, errors_);
    item->setData(kLineRole, d.line);
    item->setData(kColumnRole, d.column);
    if (!is_this_file(d.file) || d.line <= 0) continue;
    const QTextBlock block = text_->document()->findBlockByNumber(d.line - 1);
    if (!block.isValid()) continue;
    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(block);
    selection.format.setBackground(mark);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.format.setToolTip(d.message);
    marks.push_back(selection);
    if (!marked_lines_.contains(d.line)) marked_lines_.push_back(d.line);
  }
  text_->setExtraSelections(marks);
  text_->set_error_lines(marked_lines_);
  errors_->setVisible(!diagnostics.isEmpty());
  status_->setText(diagnostics.isEmpty()     ? tr("No errors")
                   : diagnostics.size() == 1 ? tr("1 error")
                                             : tr("%1 errors").arg(diagnostics.size()));
  Q_EMIT validated(static_cast<int>(diagnostics.size()));
}

void ScenarioEditor::jump_to(int line, int column) {
  if (line <= 0) return;
  const QTextBlock block = text_->document()->findBlockByNumber(line - 1);
  if (!block.isValid()) return;
  QTextCursor cursor(block);
  cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                      std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
  text_->setTextCursor(cursor);
  text_->centerCursor();
  text_->setFocus();
}

bool ScenarioEditor::save(QString* error) {
  if (!document_->is_open()) return false;
  QSaveFile file(document_->path());
  QString problem;
  if (!file.open(QIODevice::WriteOnly)) {
    problem = file.errorString();
  } else {
    file.write(text_->toPlainText().toUtf8());
    if (!file.commit()) problem = file.errorString();
  }
  if (!problem.isEmpty()) {
    const QString message = tr("Cannot save %1: %2").arg(document_->path(), problem);
    status_->setText(message);
    if (error != nullptr) *error = message;
    return false;
  }
  text_->document()->setModified(false);
  document_->reload();
  Q_EMIT saved(document_->path());
  return true;
}

bool ScenarioEditor::settle_unsaved_changes() {
  if (!is_modified()) return true;
  const auto answer = QMessageBox::question(
      window(), tr("Unsaved changes"), tr("The scenario has unsaved changes. Save them?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return save();
  revert();
  return true;
}

void ScenarioEditor::revert() {
  if (!document_->is_open()) return;
  text_->document()->setModified(false);
  document_->reload();  // re-reads the file, which load_from_document() then shows
  load_from_document();
}

}  // namespace stratus::gui
