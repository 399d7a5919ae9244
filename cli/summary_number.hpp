#pragma once
// Reading figures out of a run's summary.json, where a figure a run does not have is absent.
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>

namespace stratus::cli {

/// The number at a path of keys ({"requests", "arrived"}); NaN when any key is missing or the
/// value is not a number.
inline double summary_number(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* node = &j;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return NAN;
    node = &(*node)[key];
  }
  return node->is_number() ? node->get<double>() : NAN;
}

}  // namespace stratus::cli
