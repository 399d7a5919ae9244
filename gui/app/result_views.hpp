#pragma once
// The two views of results that the run tab and the compare tab both show, built the same way
// in both: the charts in a scroll area, and a sortable table of figures.
class QAbstractItemModel;
class QSplitter;
class QTableView;
class QWidget;

namespace stratus::gui {

class ChartPanel;

/// A ChartPanel in a scroll area, added to `split`. Every chart has a minimum size, and a
/// small screen should scroll through them rather than force the window taller than itself.
ChartPanel* add_scrolling_chart_panel(QSplitter* split);

/// A table of `model` that sorts on a click of its header by the values in `sort_role` (the
/// exact numbers, not the rounded text on screen), with whole-row selection, alternating row
/// colours and no row numbers (after a sort they would mean nothing).
QTableView* make_sortable_table(QAbstractItemModel* model, int sort_role, QWidget* parent);

}  // namespace stratus::gui
