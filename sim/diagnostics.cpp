#include "sim/diagnostics.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace stratus::sim {

namespace {

std::string format_lines(const std::vector<Diagnostic>& sorted) {
  std::string out;
  for (const Diagnostic& d : sorted) {
    out += d.format();
    out += '\n';
  }
  return out;
}

std::vector<Diagnostic> sorted_copy(std::vector<Diagnostic> diagnostics) {
  sort_diagnostics(diagnostics);
  return diagnostics;
}

}  // namespace

std::string Diagnostic::format() const {
  std::string out = where.file;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  if (!out.empty()) out += ": ";
  out += message;
  return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
}

void Diagnostics::error(const SourceLocation& where, std::string message) {
  Diagnostic d{where, std::move(message)};
  if (std::find(diagnostics_.begin(), diagnostics_.end(), d) != diagnostics_.end()) return;
  diagnostics_.push_back(std::move(d));
}

std::string Diagnostics::format_all() const {
  return format_lines(sorted_copy(diagnostics_));
}

void Diagnostics::throw_if_errors() const {
  if (has_errors()) throw InputError(diagnostics_);
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format_lines(sorted_copy(diagnostics))), diagnostics_(std::move(diagnostics)) {
  sort_diagnostics(diagnostics_);
}

}  // namespace stratus::sim
