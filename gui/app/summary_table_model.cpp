#include "gui/app/summary_table_model.hpp"

#include <cmath>

namespace stratus::gui {

using nlohmann::json;

namespace {

struct FigureSpec {
  const char* path;  // dotted path into summary.json
  const char* title;
};

// What a planner compares first; absent figures (no failures, no SLO) are left out.
constexpr FigureSpec kFigures[] = {
    {"status", "status"},
    {"requests.arrived", "arrived"},
    {"requests.completed", "completed"},
    {"requests.rejected", "rejected"},
    {"requests.failed", "failed"},
    {"latency_s.mean", "mean latency (s)"},
    {"latency_s.p50", "p50 latency (s)"},
    {"latency_s.p95", "p95 latency (s)"},
    {"latency_s.p99", "p99 latency (s)"},
    {"wait_s.p_wait", "P(wait)"},
    {"availability.success_fraction", "success fraction"},
    {"availability.slo_violation_minutes", "SLO violation (min)"},
    {"hosts.availability", "host availability"},
    {"failures.host_failures", "host failures"},
    {"failures.domain_outages", "domain outages"},
    {"cost_usd.total", "cost ($)"},
    {"cost_usd.instances", "instances cost ($)"},
    {"cost_usd.serverless", "serverless cost ($)"},
    {"sim_time_s", "simulated (s)"},
    {"wall_time_s", "wall time (s)"},
    {"events", "events"},
};

const json* find_path(const json& root, const char* path) {
  const json* node = &root;
  const QStringList parts = QString::fromLatin1(path).split(QLatin1Char('.'));
  for (const QString& part : parts) {
    if (!node->is_object()) return nullptr;
    const auto it = node->find(part.toStdString());
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

QVariant value_of(const json& node) {
  if (node.is_number()) return node.get<double>();
  if (node.is_string()) return QString::fromStdString(node.get<std::string>());
  if (node.is_boolean()) return node.get<bool>() ? QStringLiteral("yes") : QStringLiteral("no");
  return {};
}

}  // namespace

QString format_figure(double value) {
  if (!std::isfinite(value)) return {};
  if (value == std::round(value) && std::abs(value) < 1e15) return QString::number(value, 'f', 0);
  // Four significant digits, but never an exponent for a figure of 1 or more ($10098, not 1.01e+04).
  if (std::abs(value) >= 1)
    return QString::number(value, 'f',
                           std::max(0, 3 - static_cast<int>(std::floor(std::log10(std::abs(value))))));
  return QString::number(value, 'g', 4);
}

RunFigures figures_from_summary(const QString& label, const json& summary) {
  RunFigures run{label, {}};
  for (const FigureSpec& f : kFigures)
    if (const json* node = find_path(summary, f.path)) {
      const QVariant v = value_of(*node);
      if (v.isValid()) run.figures.push_back({QString::fromLatin1(f.title), v});
    }
  if (const json* by_service = find_path(summary, "cost_usd.by_service");
      by_service && by_service->is_object())
    for (const auto& [service, cost] : by_service->items())
      if (cost.is_number())
        run.figures.push_back(
            {QStringLiteral("cost %1 ($)").arg(QString::fromStdString(service)), cost.get<double>()});
  return run;
}

SummaryTableModel::SummaryTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SummaryTableModel::set_runs(QVector<RunFigures> runs) {
  beginResetModel();
  runs_ = std::move(runs);
  titles_.clear();
  for (const RunFigures& run : runs_)
    for (const auto& [title, value] : run.figures)
      if (!titles_.contains(title)) titles_ << title;
  endResetModel();
}

QVariant SummaryTableModel::figure(int run, const QString& title) const {
  if (run < 0 || run >= runs_.size()) return {};
  for (const auto& [t, value] : runs_[run].figures)
    if (t == title) return value;
  return {};
}

int SummaryTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int SummaryTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(titles_.size()) + 1;
}

QVariant SummaryTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= runs_.size()) return {};
  if (index.column() == 0) {
    if (role == Qt::DisplayRole || role == kRawRole || role == Qt::ToolTipRole)
      return runs_[index.row()].label;
    return {};
  }
  const QVariant v = figure(index.row(), titles_.value(index.column() - 1));
  if (role == kRawRole) return v;
  if (role == Qt::DisplayRole)
    return v.typeId() == QMetaType::Double ? QVariant(format_figure(v.toDouble())) : v;
  if (role == Qt::TextAlignmentRole && v.typeId() == QMetaType::Double)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && v.typeId() == QMetaType::Double)
    return QString::number(v.toDouble(), 'g', 17);
  return {};
}

QVariant SummaryTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  return section == 0 ? tr("run") : titles_.value(section - 1);
}

}  // namespace stratus::gui
