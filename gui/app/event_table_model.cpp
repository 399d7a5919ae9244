#include "gui/app/event_table_model.hpp"

#include "sim/units.hpp"

namespace stratus::gui {

namespace {
enum Column { kTime, kKind, kSubject, kHosts, kDetail, kColumns };
}

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventTableModel::set_run(std::shared_ptr<const RunData> run) {
  beginResetModel();
  run_ = std::move(run);
  shown_ = run_ ? static_cast<int>(run_->events().size()) : 0;
  endResetModel();
}

void EventTableModel::update() {
  if (!run_) return;
  const int now = static_cast<int>(run_->events().size());
  if (now < shown_) {
    set_run(run_);
  } else if (now > shown_) {
    beginInsertRows({}, shown_, now - 1);
    shown_ = now;
    endInsertRows();
  }
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : shown_;
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumns;
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
  if (!run_ || !index.isValid() || index.row() >= shown_) return {};
  const RunEvent& e = run_->events()[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole || role == kRawRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case kTime:
        if (role == kRawRole) return e.time_s;
        return QString::fromStdString(sim::format_duration(e.time_s));
      case kKind:
        return e.kind;
      case kSubject:
        return e.subject;
      case kHosts:
        return e.hosts;
      case kDetail:
        return e.detail;
    }
  }
  return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTime:
      return tr("time");
    case kKind:
      return tr("kind");
    case kSubject:
      return tr("subject");
    case kHosts:
      return tr("hosts");
    case kDetail:
      return tr("detail");
  }
  return {};
}

}  // namespace stratus::gui
