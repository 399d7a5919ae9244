#pragma once
// Events as markers: failures, recoveries, scaling actions, purchases and a hybrid run's
// discrete windows each get a colour and a row near the top of every chart, with a tooltip per
// event.
#include <QColor>
#include <QString>
#include <vector>

#include "gui/charts/chart_content.hpp"
#include "gui/charts/run_data.hpp"

namespace stratus::gui {

enum class EventCategory { failure, recovery, scaling, purchase, window, other };

/// By the event kinds the models emit ("host_down", "scale_out", "rack_installed", ...).
EventCategory event_category(const QString& kind);
QString event_category_name(EventCategory category);  // "failures", "scaling", ...

/// One group per category that the run has, in the order failure, recovery, scaling,
/// purchase, window, other; at most `max_per_group` markers each (evenly thinned beyond that). With
/// `name_run`, each tooltip starts with the run's label (for overlays, where runs share rows).
std::vector<MarkerGroup> event_marker_groups(const RunData& run, const TimeScale& time, bool name_run,
                                             int max_per_group = 2000);

}  // namespace stratus::gui
