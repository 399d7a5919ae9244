#pragma once
// Located error reports for user input. A scenario with five mistakes should cost the user one
// run, not five: readers record every problem here and keep going, and the caller turns the
// collection into a single InputError at the end.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace stratus::sim {

/// Where a value came from. Lines and columns are 1-based; line 0 means "no position" (a
/// command-line flag such as --param, or a whole file that could not be read).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

struct Diagnostic {
  SourceLocation where;
  std::string message;

  /// "file:line:col: message"; "file:line: message" without a column; "file: message" with
  /// line 0; just the message when there is no file either.
  std::string format() const;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Orders diagnostics by (file, line, column), keeping report order among equals.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

/// Collects every error of an input so that all of them are reported at once.
class Diagnostics {
 public:
  /// Records an error. An error identical to one already recorded (same place, same text) is
  /// dropped: readers that look at the same bad value twice must not report it twice.
  void error(const SourceLocation& where, std::string message);

  bool has_errors() const { return !diagnostics_.empty(); }
  std::size_t size() const { return diagnostics_.size(); }
  /// In report order.
  const std::vector<Diagnostic>& all() const { return diagnostics_; }

  /// One formatted diagnostic per line (each ending in '\n'), stable-sorted by position.
  std::string format_all() const;

  /// Throws InputError holding every diagnostic if there is any.
  void throw_if_errors() const;

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Bad user input (scenario file, flags). The CLI reports every diagnostic and exits with 2.
class InputError : public std::runtime_error {
 public:
  /// Sorts the diagnostics by position; what() holds them formatted, one per line.
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace stratus::sim
