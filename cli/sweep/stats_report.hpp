#pragma once
// The table a sweep ends with: for each chosen metric, grid point and variant, the mean over
// replicates with its 95 % interval, and each variant's difference from the baseline, paired
// and unpaired, so that the user sees how much narrower common random numbers make it.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/sweep/plan.hpp"

namespace stratus::cli::sweep {

/// metrics[run key][metric name], for ok runs.
using MetricValues = std::map<std::string, std::map<std::string, double>>;

/// The metrics shown when the user names none: those of these that the runs have.
std::vector<std::string> default_report_metrics(const MetricValues& values);

/// `baseline`: a variant name, or empty for no differences (a sweep without variants).
void print_statistics(std::ostream& out, const SweepSpec& spec, const std::vector<PlannedRun>& plan,
                      const MetricValues& values, const std::vector<std::string>& metrics,
                      const std::string& baseline);

}  // namespace stratus::cli::sweep
