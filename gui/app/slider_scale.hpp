#pragma once
// How a bounded parameter maps onto a slider: positions 0..positions span min..max, one per
// declared step, or at most kMaxPositions without one (a slider has integer positions).
#include <optional>

#include "gui/app/scenario_check.hpp"

namespace stratus::gui {

struct SliderScale {
  static constexpr int kMaxPositions = 1000;

  double min = 0.0;
  double max = 1.0;
  std::optional<double> step;
  int positions = kMaxPositions;

  /// A scale for a parameter with both bounds (max above min); nothing otherwise.
  static std::optional<SliderScale> of(const ScenarioParam& param);
  int position_of(double value) const;
  /// The value at a position, on the step's grid from min when there is a step.
  double value_at(int position) const;
};

}  // namespace stratus::gui
