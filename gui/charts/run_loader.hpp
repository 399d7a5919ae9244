#pragma once
// What a user points at: one result folder, or the output of `stratus compare` (its
// comparison.csv, or the folder holding it), whose variants are overlaid.
#include <QString>
#include <vector>

#include "gui/charts/run_data.hpp"

namespace stratus::gui {

/// True for a comparison.csv or a folder holding one (and no summary.json of its own).
bool is_comparison(const QString& path);

/// The variants of a comparison.csv, in its order, each read from the folder of its name
/// next to the file and labelled with that name.
std::vector<RunData> load_comparison(const QString& comparison_csv);

/// One run for a result folder, the variants for a comparison. Throws std::runtime_error
/// with a message naming the path at fault and what was expected there.
std::vector<RunData> load_runs(const QString& path);

}  // namespace stratus::gui
