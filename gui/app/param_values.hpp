#pragma once
// A declared parameter's values as the panel reads and writes them: numbers from text, the
// text of a number, how many decimals show a parameter exactly, and whether a value is the
// default. No widgets: what the parameter panel shows rests on these rules.
#include <QString>
#include <optional>

#include "gui/app/scenario_check.hpp"

namespace stratus::gui {

/// The number a text holds ("2.5", " 30 "); nothing for other text ("13h") or a non-finite value.
std::optional<double> param_number(const QString& text);
/// A number as --param passes it: up to 12 significant digits, no trailing zeros ("50", "0.1").
QString param_number_text(double value);
/// Decimals that show the step (0.1 -> 1) and the default (2.5 -> 1) exactly; 2 for a
/// range of 10 or less without a step, so that it can be set finer than whole numbers.
int param_decimals(const ScenarioParam& param);
/// Whether `value` is the default: as numbers when both are ("30" and "30.0"), else as text.
bool is_param_default(const ScenarioParam& param, const QString& value);

}  // namespace stratus::gui
