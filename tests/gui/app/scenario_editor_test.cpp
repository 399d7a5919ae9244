// The editor tab: validator errors at their lines, validation after edits, save and revert.
#include "gui/app/scenario_editor.hpp"

#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QtTest>

#include "gui/app/code_editor.hpp"
#include "gui/app/scenario_document.hpp"
#include "test_support.hpp"

using namespace stratus::gui;
using namespace stratus::gui::testing;

namespace {
int line_of(const QString& text, const QString& needle) {
  return static_cast<int>(text.left(text.indexOf(needle)).count(QLatin1Char('\n'))) + 1;
}
}  // namespace

class ScenarioEditorTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void initTestCase() { isolate_settings(tmp_.filePath(QStringLiteral("settings"))); }

  void a_broken_file_shows_its_errors_on_their_lines() {
    const QString path = short_web_service(tmp_.path(), QStringLiteral("broken.yaml"));
    QString text = read_text(path);
    text.replace(QStringLiteral("placement: spread"), QStringLiteral("placement: sprad"));
    text.replace(QStringLiteral("platform:"), QStringLiteral("platfrom:"));
    QVERIFY(write_text(path, text));
    const int placement_line = line_of(text, QStringLiteral("sprad"));
    const int platform_line = line_of(text, QStringLiteral("platfrom:"));

    ScenarioDocument document;
    QVERIFY(document.open(path));
    QVERIFY(!document.check().ok);
    ScenarioEditor editor(&document);
    QCOMPARE(editor.text_edit()->toPlainText(), text);
    // The same messages as `stratus validate`, one per error, each marked on its line.
    QVERIFY(editor.diagnostics().size() >= 1);
    QVERIFY(editor.marked_lines().contains(platform_line));
    bool listed = false;
    for (int i = 0; i < editor.error_list()->count(); ++i) {
      const QString item = editor.error_list()->item(i)->text();
      listed =
          listed || (item.startsWith(QStringLiteral("%1:%2:1: ").arg(document.path()).arg(platform_line)) &&
                     item.contains(QStringLiteral("did you mean 'platform'")));
    }
    QVERIFY2(listed, "the misspelt key, at its line and column, with the suggestion");

    // Fix the key: after the debounce the next error shows, on its own line.
    QSignalSpy validated(&editor, &ScenarioEditor::validated);
    QTextCursor cursor(editor.text_edit()->document()->findBlockByNumber(platform_line - 1));
    cursor.select(QTextCursor::LineUnderCursor);
    cursor.insertText(QStringLiteral("platform:"));
    QVERIFY(editor.is_modified());
    QVERIFY(validated.wait(ScenarioEditor::kValidateDelayMs * 10));
    QCOMPARE(editor.marked_lines(), QList<int>{placement_line});
    QCOMPARE(editor.diagnostics().size(), 1);
    QCOMPARE(editor.diagnostics().first().line, placement_line);
    QVERIFY(editor.diagnostics().first().message.contains(QStringLiteral("sprad")));

    // Clicking an error puts the cursor on it.
    editor.error_list()->setCurrentRow(0);
    Q_EMIT editor.error_list()->itemClicked(editor.error_list()->item(0));
    QCOMPARE(editor.text_edit()->textCursor().blockNumber() + 1, placement_line);

    // Fix the value, validate on demand: no errors, no marks.
    QString fixed = editor.text_edit()->toPlainText();
    fixed.replace(QStringLiteral("placement: sprad"), QStringLiteral("placement: spread"));
    editor.text_edit()->setPlainText(fixed);
    editor.validate_now();
    QVERIFY(editor.diagnostics().isEmpty());
    QVERIFY(editor.marked_lines().isEmpty());

    // Save writes the file and the document (hence the parameter panel) sees a valid scenario.
    QSignalSpy saved(&editor, &ScenarioEditor::saved);
    QVERIFY(editor.save());
    QCOMPARE(saved.count(), 1);
    QCOMPARE(read_text(path), fixed);
    QVERIFY(document.check().ok);
    QVERIFY(!editor.is_modified());
  }

  void revert_goes_back_to_the_file() {
    const QString path = short_web_service(tmp_.path(), QStringLiteral("revert.yaml"));
    ScenarioDocument document;
    QVERIFY(document.open(path));
    ScenarioEditor editor(&document);
    QVERIFY(editor.diagnostics().isEmpty());
    editor.text_edit()->appendPlainText(QStringLiteral("nonsense_key: 1\n"));
    editor.validate_now();
    QCOMPARE(editor.diagnostics().size(), 1);
    QVERIFY(editor.diagnostics().first().message.contains(QStringLiteral("nonsense_key")));
    editor.revert();
    QCOMPARE(editor.text_edit()->toPlainText(), read_text(path));
    QVERIFY(!editor.is_modified());
    QVERIFY(editor.diagnostics().isEmpty());
  }

  void yaml_syntax_errors_and_unreadable_files_do_not_crash() {
    const QString path = tmp_.filePath(QStringLiteral("syntax.yaml"));
    QVERIFY(write_text(path, QStringLiteral("stratus: 1\nname: [unclosed\n")));
    ScenarioDocument document;
    QVERIFY(document.open(path));
    ScenarioEditor editor(&document);
    QVERIFY(!editor.diagnostics().isEmpty());
    QVERIFY(editor.diagnostics().first().line >= 2);
    QString error;
    QVERIFY(!document.open(tmp_.filePath(QStringLiteral("missing.yaml")), &error));
    QVERIFY(error.contains(QStringLiteral("missing.yaml")));
    QVERIFY(!document.open(tmp_.path(), &error));
    QVERIFY(error.contains(QStringLiteral("folder")));
  }
};

QTEST_MAIN(ScenarioEditorTest)
#include "scenario_editor_test.moc"
