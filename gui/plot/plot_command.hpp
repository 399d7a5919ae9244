#pragma once
// `stratus-plot RESULT_DIR|comparison.csv [-o out.png|out.svg] [--charts a,b] [--size WxH]`.
// Several charts go into one image, two per row in the catalogue's order (capacity, demand,
// latency, errors, serverless, cost); --size is the whole image's size.
#include <QStringList>

namespace stratus::gui {

/// Runs the command (arguments as QCoreApplication::arguments(), program first). Needs a
/// QApplication. Returns 0 when the image was written, 2 on bad input (message on stderr, no
/// file written).
int plot_command(const QStringList& arguments);

}  // namespace stratus::gui
