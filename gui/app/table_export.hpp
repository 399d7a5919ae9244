#pragma once
// Any table of the app as CSV: the header titles, then one line per row, numbers in full
// precision (the raw value, not the rounded text on screen).
#include <QString>

class QAbstractItemModel;

namespace stratus::gui {

/// Writes atomically (a temporary file renamed once complete). `raw_role`: the role holding
/// a cell's exact value, when the model has one; the display text otherwise.
bool export_table_csv(const QAbstractItemModel& model, const QString& path, QString* error,
                      int raw_role = -1);

}  // namespace stratus::gui
