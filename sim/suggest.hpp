#pragma once
// "Did you mean ...?" for misspelt names: keys, policies, parameters, units. A typo answered
// with the right spelling is fixed in seconds; a bare "unknown" sends the user to the docs.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stratus::sim {

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of adjacent characters each cost 1 ("frist" -> "first" is 1). Compares bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is within max(2, word.size() / 3) edits; ties go to
/// the earliest candidate.
std::optional<std::string> nearest_match(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean 'first-fit'?" when a candidate is close, else "; expected one of: a, b, c"
/// (sorted, duplicates removed), or "; none is defined" when there are no candidates.
std::string suggestion_suffix(std::string_view name, const std::vector<std::string>& valid);

/// "unknown placement policy 'frist-fit'; did you mean 'first-fit'?" or
/// "unknown placement policy 'xyz'; expected one of: best-fit, first-fit, spread".
std::string unknown_name_message(std::string_view what, std::string_view name,
                                 const std::vector<std::string>& valid);

}  // namespace stratus::sim
