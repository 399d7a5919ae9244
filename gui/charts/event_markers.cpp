#include "gui/charts/event_markers.hpp"

#include <algorithm>
#include <array>

namespace stratus::gui {

EventCategory event_category(const QString& kind) {
  // Exact kinds first (what models/ emits today), then words, so that a new kind such as
  // "zone_down" still lands in the right row.
  static const QStringList kFailures{"host_down",         "instances_lost", "unhealthy",
                                     "partition_start",   "spot_reclaimed", "spot_notice",
                                     "capacity_exhausted"};
  static const QStringList kRecoveries{"host_up", "partition_end"};
  if (kFailures.contains(kind)) return EventCategory::failure;
  if (kRecoveries.contains(kind)) return EventCategory::recovery;
  if (kind.startsWith(QLatin1String("scale")) || kind == QLatin1String("capacity_rebalance"))
    return EventCategory::scaling;
  if (kind.startsWith(QLatin1String("rack_")) || kind.contains(QLatin1String("purchase")))
    return EventCategory::purchase;
  // A hybrid run's discrete windows: "window_end" is no recovery, whatever its "_end" says.
  if (kind.startsWith(QLatin1String("window_"))) return EventCategory::window;
  for (const char* word : {"down", "lost", "fail", "reclaim", "outage"})
    if (kind.contains(QLatin1String(word))) return EventCategory::failure;
  for (const char* word : {"_up", "recover", "_end"})
    if (kind.contains(QLatin1String(word))) return EventCategory::recovery;
  return EventCategory::other;
}

QString event_category_name(EventCategory category) {
  switch (category) {
    case EventCategory::failure:
      return QStringLiteral("failures");
    case EventCategory::recovery:
      return QStringLiteral("recoveries");
    case EventCategory::scaling:
      return QStringLiteral("scaling");
    case EventCategory::purchase:
      return QStringLiteral("purchases");
    case EventCategory::window:
      return QStringLiteral("discrete windows");
    case EventCategory::other:
      break;
  }
  return QStringLiteral("other events");
}

namespace {

QColor category_colour(EventCategory category) {
  switch (category) {
    case EventCategory::failure:
      return QColor(0xd6, 0x27, 0x28);  // red
    case EventCategory::recovery:
      return QColor(0x2c, 0xa0, 0x2c);  // green
    case EventCategory::scaling:
      return QColor(0x1f, 0x77, 0xb4);  // blue
    case EventCategory::purchase:
      return QColor(0x94, 0x67, 0xbd);  // purple
    case EventCategory::window:
      return QColor(0x8c, 0x56, 0x4b);  // brown
    case EventCategory::other:
      break;
  }
  return QColor(0x7f, 0x7f, 0x7f);
}

QString tooltip(const RunData& run, const TimeScale& time, const RunEvent& e, bool name_run) {
  QString text = time.describe(run, e.time_s) + "  " + e.kind;
  if (!e.subject.isEmpty()) text += " " + e.subject;
  if (e.hosts > 0) text += QStringLiteral(" (%1 host%2)").arg(e.hosts).arg(e.hosts == 1 ? "" : "s");
  if (!e.detail.isEmpty()) text += ": " + e.detail;
  return name_run ? run.label() + ": " + text : text;
}

}  // namespace

std::vector<MarkerGroup> event_marker_groups(const RunData& run, const TimeScale& time, bool name_run,
                                             int max_per_group) {
  constexpr std::array kOrder{EventCategory::failure,  EventCategory::recovery, EventCategory::scaling,
                              EventCategory::purchase, EventCategory::window,   EventCategory::other};
  std::array<std::vector<const RunEvent*>, kOrder.size()> by_category;
  for (const RunEvent& e : run.events())
    by_category[static_cast<std::size_t>(event_category(e.kind))].push_back(&e);

  std::vector<MarkerGroup> groups;
  for (std::size_t c = 0; c < kOrder.size(); ++c) {
    const auto& events = by_category[static_cast<std::size_t>(kOrder[c])];
    if (events.empty()) continue;
    MarkerGroup g;
    g.name = event_category_name(kOrder[c]);
    g.colour = category_colour(kOrder[c]);
    g.height = 0.97 - 0.04 * static_cast<double>(c);  // one row per category
    const std::size_t step = (events.size() + static_cast<std::size_t>(max_per_group) - 1) /
                             static_cast<std::size_t>(std::max(max_per_group, 1));
    for (std::size_t i = 0; i < events.size(); i += std::max<std::size_t>(step, 1)) {
      g.x.push_back(time.x(run, events[i]->time_s));
      g.tooltips << tooltip(run, time, *events[i], name_run);
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace stratus::gui
