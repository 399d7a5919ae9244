#pragma once
// A plain-text editor with line numbers in a gutter, where lines with an error show their
// number on a red mark: the validator's file:line:col messages point at numbered lines.
#include <QList>
#include <QPlainTextEdit>

namespace stratus::gui {

class CodeEditor : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit CodeEditor(QWidget* parent = nullptr);

  /// 1-based lines to mark in the gutter.
  void set_error_lines(QList<int> lines);
  int gutter_width() const;
  /// Scrolls so that `line` (1-based) is in the middle, without moving the focus.
  void reveal_line(int line);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  class Gutter;
  void paint_gutter(QPaintEvent* event);
  void update_gutter(const QRect& rect, int dy);

  Gutter* gutter_;
  QList<int> error_lines_;
};

}  // namespace stratus::gui
