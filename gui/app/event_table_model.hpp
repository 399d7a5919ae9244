#pragma once
// The events of a run (failures, scaling actions, purchases) as a table that grows while the
// run streams them.
#include <QAbstractTableModel>
#include <memory>

#include "gui/charts/run_data.hpp"

namespace stratus::gui {

class EventTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kRawRole = Qt::UserRole;  // the time in seconds, for sorting and CSV

  explicit EventTableModel(QObject* parent = nullptr);

  void set_run(std::shared_ptr<const RunData> run);
  /// Shows the events the run gained since the last call.
  void update();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const RunData> run_;
  int shown_ = 0;
};

}  // namespace stratus::gui
