#pragma once
// Runs side by side: one row per run, one column per summary figure (requests, latency
// percentiles, cost, availability, ...), sortable by any figure. Fed from summary.json or from
// the rows of a comparison.csv.
#include <QAbstractTableModel>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>
#include <nlohmann/json.hpp>

namespace stratus::gui {

/// One run's figures: (column title, value) pairs; a value is a double or a string.
struct RunFigures {
  QString label;
  QVector<QPair<QString, QVariant>> figures;
};

/// The figures of summary.json that a comparison shows, under readable titles with units.
RunFigures figures_from_summary(const QString& label, const nlohmann::json& summary);

class SummaryTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  /// The raw value of a cell (a double for numbers), for sorting and CSV export.
  static constexpr int kRawRole = Qt::UserRole;

  explicit SummaryTableModel(QObject* parent = nullptr);

  /// Columns: "run", then every figure title in the order first seen.
  void set_runs(QVector<RunFigures> runs);
  const QVector<RunFigures>& runs() const { return runs_; }
  QStringList titles() const { return titles_; }
  /// The value of a figure for a run, or an invalid QVariant.
  QVariant figure(int run, const QString& title) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QVector<RunFigures> runs_;
  QStringList titles_;  // figure titles, without the leading "run"
};

/// How the tables show a number: integers in full, others with 4 significant digits.
QString format_figure(double value);

}  // namespace stratus::gui
