#pragma once
// The run's progress in words, for the status bar: "sim 3h 10min / 1d (13 %)", "ETA 12.4s".
#include <QString>

#include "gui/app/stream_message.hpp"

namespace stratus::gui {

/// Simulated time reached, out of the run's length when known.
QString sim_time_text(const RunProgress& progress);
/// Wall time left; empty when unknown.
QString eta_text(const RunProgress& progress);
/// 0..1000 for a progress bar; -1 when the length is unknown.
int progress_permille(const RunProgress& progress);

}  // namespace stratus::gui
