#include "gui/app/code_editor.hpp"

#include <QPainter>
#include <QTextBlock>

#include "gui/app/theme.hpp"

namespace stratus::gui {

class CodeEditor::Gutter : public QWidget {
 public:
  explicit Gutter(CodeEditor* editor) : QWidget(editor), editor_(editor) {}
  QSize sizeHint() const override { return {editor_->gutter_width(), 0}; }

 protected:
  void paintEvent(QPaintEvent* event) override { editor_->paint_gutter(event); }

 private:
  CodeEditor* editor_;
};

CodeEditor::CodeEditor(QWidget* parent) : QPlainTextEdit(parent), gutter_(new Gutter(this)) {
  connect(this, &QPlainTextEdit::blockCountChanged, this,
          [this] { setViewportMargins(gutter_width(), 0, 0, 0); });
  connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::update_gutter);
  setViewportMargins(gutter_width(), 0, 0, 0);
}

void CodeEditor::set_error_lines(QList<int> lines) {
  error_lines_ = std::move(lines);
  gutter_->update();
}

int CodeEditor::gutter_width() const {
  int digits = 1;
  for (int n = std::max(1, blockCount()); n >= 10; n /= 10)
    ++digits;
  return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void CodeEditor::reveal_line(int line) {
  const QTextBlock block = document()->findBlockByNumber(line - 1);
  if (!block.isValid()) return;
  QTextCursor cursor(block);
  setTextCursor(cursor);
  centerCursor();
}

void CodeEditor::resizeEvent(QResizeEvent* event) {
  QPlainTextEdit::resizeEvent(event);
  const QRect area = contentsRect();
  gutter_->setGeometry(QRect(area.left(), area.top(), gutter_width(), area.height()));
}

void CodeEditor::update_gutter(const QRect& rect, int dy) {
  if (dy != 0)
    gutter_->scroll(0, dy);
  else
    gutter_->update(0, rect.y(), gutter_->width(), rect.height());
}

void CodeEditor::paint_gutter(QPaintEvent* event) {
  QPainter painter(gutter_);
  const QPalette& p = palette();
  painter.fillRect(event->rect(), p.color(QPalette::AlternateBase));
  QTextBlock block = firstVisibleBlock();
  int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
  const int line_height = fontMetrics().height();
  while (block.isValid() && top <= event->rect().bottom()) {
    const int bottom = top + qRound(blockBoundingRect(block).height());
    if (block.isVisible() && bottom >= event->rect().top()) {
      const int line = block.blockNumber() + 1;
      const bool error = error_lines_.contains(line);
      if (error) painter.fillRect(0, top, gutter_->width(), line_height, QColor(200, 40, 40));
      painter.setPen(error ? QColor(Qt::white) : p.color(QPalette::PlaceholderText));
      painter.drawText(0, top, gutter_->width() - 6, line_height, Qt::AlignRight, QString::number(line));
    }
    block = block.next();
    top = bottom;
  }
}

}  // namespace stratus::gui
