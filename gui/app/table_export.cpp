#include "gui/app/table_export.hpp"

#include <QAbstractItemModel>
#include <QSaveFile>
#include <QStringList>

namespace stratus::gui {

namespace {

QString csv_cell(const QVariant& value) {
  QString text =
      value.typeId() == QMetaType::Double ? QString::number(value.toDouble(), 'g', 17) : value.toString();
  if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
      text.contains(QLatin1Char('\n'))) {
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    text = QLatin1Char('"') + text + QLatin1Char('"');
  }
  return text;
}

}  // namespace

bool export_table_csv(const QAbstractItemModel& model, const QString& path, QString* error, int raw_role) {
  QString out;
  QStringList cells;
  for (int c = 0; c < model.columnCount(); ++c)
    cells << csv_cell(model.headerData(c, Qt::Horizontal, Qt::DisplayRole));
  out += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
  for (int r = 0; r < model.rowCount(); ++r) {
    cells.clear();
    for (int c = 0; c < model.columnCount(); ++c) {
      const QModelIndex index = model.index(r, c);
      QVariant v = raw_role >= 0 ? model.data(index, raw_role) : QVariant();
      if (!v.isValid()) v = model.data(index, Qt::DisplayRole);
      cells << csv_cell(v);
    }
    out += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(out.toUtf8()) < 0 || !file.commit()) {
    if (error != nullptr) *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace stratus::gui
