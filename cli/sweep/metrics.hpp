#pragma once
// A run's figures as (dotted name, number) pairs: summary.json's numbers flattened
// (`requests.completed`, `latency_s.p99`, `cost_usd.total`, …), the form the sweep database
// stores them in, one row per run and name.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace stratus::cli::sweep {

/// Every number (and boolean, as 0 or 1) of a summary, by dotted path, sorted by name. Left
/// out: `wall_time_s` (it differs between identical runs; the run table has the wall time),
/// `seed` and `params` (the run table and the param table hold them). Arrays are indexed
/// (`hybrid.windows.0.requests`).
std::map<std::string, double> flatten_summary(const nlohmann::json& summary);

}  // namespace stratus::cli::sweep
