#include "gui/app/result_views.hpp"

#include <QHeaderView>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>

#include "gui/charts/chart_panel.hpp"

namespace stratus::gui {

ChartPanel* add_scrolling_chart_panel(QSplitter* split) {
  auto* scroll = new QScrollArea(split);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* charts = new ChartPanel(scroll);
  scroll->setWidget(charts);
  split->addWidget(scroll);
  return charts;
}

QTableView* make_sortable_table(QAbstractItemModel* model, int sort_role, QWidget* parent) {
  auto* view = new QTableView(parent);
  auto* sorted = new QSortFilterProxyModel(view);
  sorted->setSourceModel(model);
  sorted->setSortRole(sort_role);
  view->setModel(sorted);
  view->setSortingEnabled(true);
  view->setAlternatingRowColors(true);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->verticalHeader()->hide();
  return view;
}

}  // namespace stratus::gui
