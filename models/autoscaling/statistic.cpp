// Statistic names, as scenarios write them and as CloudWatch spells them in lower case.
#include <charconv>
#include <cmath>
#include <string>

#include "models/autoscaling/alarm.hpp"
#include "models/autoscaling/policy.hpp"
#include "sim/number_format.hpp"
#include "sim/suggest.hpp"

namespace stratus::models::autoscaling {

namespace {

const std::vector<std::string>& named_statistics() {
  static const std::vector<std::string> names = {"average", "sum", "maximum",     "max",
                                                 "minimum", "min", "sample_count"};
  return names;
}

// "p99" -> 0.99, "p99.9" -> 0.999: the percentile must lie strictly between 0 and 100.
std::optional<double> parse_percentile(std::string_view text) {
  if (text.size() < 2 || text.front() != 'p') return std::nullopt;
  const std::string_view digits = text.substr(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (!(value > 0.0 && value < 100.0)) return std::nullopt;
  return value / 100.0;
}

}  // namespace

std::optional<StatisticSpec> parse_statistic(std::string_view text) {
  if (text == "average") return StatisticSpec{Statistic::average, 0.0};
  if (text == "sum") return StatisticSpec{Statistic::sum, 0.0};
  if (text == "maximum" || text == "max") return StatisticSpec{Statistic::maximum, 0.0};
  if (text == "minimum" || text == "min") return StatisticSpec{Statistic::minimum, 0.0};
  if (text == "sample_count") return StatisticSpec{Statistic::sample_count, 0.0};
  if (const auto q = parse_percentile(text)) return StatisticSpec{Statistic::percentile, *q};
  return std::nullopt;
}

std::string statistic_name(StatisticSpec statistic) {
  switch (statistic.kind) {
    case Statistic::average:
      return "average";
    case Statistic::sum:
      return "sum";
    case Statistic::maximum:
      return "maximum";
    case Statistic::minimum:
      return "minimum";
    case Statistic::sample_count:
      return "sample_count";
    case Statistic::percentile:
      return "p" + sim::format_number(statistic.percentile * 100.0);
  }
  return "average";
}

StatisticSpec read_statistic(const sim::ConfigNode& node, StatisticSpec fallback) {
  if (!node.present() || node.is_null()) return fallback;
  const std::string text = node.as_string();
  if (text.empty()) return fallback;  // as_string reported a value that is not a scalar
  if (const auto spec = parse_statistic(text)) return *spec;
  std::string message = sim::unknown_name_message("statistic", text, named_statistics());
  message += ", or a percentile such as p99 or p99.9";
  node.error(std::move(message));
  return fallback;
}

}  // namespace stratus::models::autoscaling
