#include "gui/app/param_values.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::gui {

std::optional<double> param_number(const QString& text) {
  bool ok = false;
  const double v = text.trimmed().toDouble(&ok);
  if (!ok || !std::isfinite(v)) return std::nullopt;
  return v;
}

QString param_number_text(double value) {
  return QString::number(value, 'g', 12);
}

int param_decimals(const ScenarioParam& param) {
  auto decimals_of = [](double v) {
    for (int d = 0; d <= 6; ++d)
      if (std::abs(v * std::pow(10.0, d) - std::round(v * std::pow(10.0, d))) < 1e-9) return d;
    return 6;
  };
  int d = 0;
  if (param.step) d = std::max(d, decimals_of(*param.step));
  if (auto v = param_number(param.default_text)) d = std::max(d, decimals_of(*v));
  if (!param.step && param.min && param.max && *param.max - *param.min <= 10) d = std::max(d, 2);
  return d;
}

bool is_param_default(const ScenarioParam& param, const QString& value) {
  const auto a = param_number(value), b = param_number(param.default_text);
  if (a && b) return std::abs(*a - *b) <= 1e-12 * std::max(1.0, std::abs(*b));
  return value == param.default_text;
}

}  // namespace stratus::gui
