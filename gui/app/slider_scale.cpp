#include "gui/app/slider_scale.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::gui {

std::optional<SliderScale> SliderScale::of(const ScenarioParam& param) {
  if (!param.min || !param.max || *param.max <= *param.min) return std::nullopt;
  SliderScale scale;
  scale.min = *param.min;
  scale.max = *param.max;
  scale.step = param.step;
  if (param.step && *param.step > 0)
    scale.positions =
        std::clamp(static_cast<int>(std::lround((scale.max - scale.min) / *param.step)), 1, kMaxPositions);
  return scale;
}

int SliderScale::position_of(double value) const {
  return static_cast<int>(std::lround((value - min) / (max - min) * positions));
}

double SliderScale::value_at(int position) const {
  const double v = min + (max - min) * position / positions;
  return step ? min + std::round((v - min) / *step) * *step : v;
}

}  // namespace stratus::gui
