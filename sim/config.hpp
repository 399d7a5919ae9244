#pragma once
// Typed, located configuration documents. A YAML file becomes a tree whose every value
// remembers its file, line and column, so that any reader can report "scenario.yaml:12:14:
// 'count' must be an integer, got 'ten'" — and keep going, collecting every error of the file
// in one Diagnostics. On top of plain YAML the document understands
//   - declared parameters: a top-level `params:` map, overridable with --param name=value and
//     referenced as ${name} inside any value;
//   - overrides of any value by its path: --set services.web.fleet.count=12.
// The layer knows nothing of clouds: the scenario schema is written against this API.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/diagnostics.hpp"
#include "sim/units.hpp"

namespace stratus::sim {

namespace detail {
struct ConfigTree;
struct NodeAccess;
}  // namespace detail

/// A declared parameter, as listed by `stratus params` and offered by front ends as a knob.
struct ParamSpec {
  std::string name;
  std::string default_text;  // as written in the file
  std::string value_text;    // effective: the --param value if one was given, else the default
  std::optional<double> min, max, step;
  std::string unit_hint, description;
  SourceLocation where;  // the declaration's key
};

/// One --param or --set argument.
struct KeyValue {
  std::string key;
  std::string value;

  friend bool operator==(const KeyValue&, const KeyValue&) = default;
};

/// "a.b=3" -> {"a.b", "3"}: splits at the first '='; the key is trimmed and must not be empty,
/// the value is kept as given (it may be empty or contain '='). Throws std::invalid_argument.
KeyValue parse_key_value(std::string_view text);

class ConfigDocument;

/// A cheap, copyable handle to one value of a ConfigDocument. Looking up a key that does not
/// exist yields a node with present() == false, which still knows its path and where its
/// parent is, so that reading it can report a precise error.
///
/// A YAML null (`key:` with nothing after it, `~`, `null`) is present but holds nothing: it
/// reads as an empty map or sequence, and the *_or readers treat it like a missing key.
class ConfigNode {
 public:
  bool present() const { return missing_ == nullptr; }
  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;
  bool is_null() const;

  /// The value's position; for a missing key, the position of the nearest enclosing value.
  SourceLocation where() const;
  /// "services[0].fleet.count"; "" for the root.
  std::string path() const;
  /// The last key of the path; "" for sequence items and the root.
  std::string key() const;

  /// Child lookups never fail: they return a node with present() == false.
  ConfigNode operator[](std::string_view key) const;
  ConfigNode operator[](std::size_t index) const;
  /// Entries of a map or elements of a sequence; 0 otherwise.
  std::size_t size() const;
  /// Sequence elements, or map values in document order; empty otherwise.
  std::vector<ConfigNode> items() const;
  /// Map keys in document order; empty otherwise.
  std::vector<std::string> keys() const;
  /// The raw scalar text (after ${param} substitution); "" for anything but a scalar.
  const std::string& scalar() const;
  /// The value as one line of YAML flow text ("[{a: 1}, b]"), as --set accepts it.
  std::string to_flow_yaml() const;

  // Typed readers. On a missing, null, mistyped or malformed value they report ONE error to
  // the document's diagnostics, at where(), naming the key ("'count' must be an integer, got
  // 'ten'"), and return the fallback.
  std::string as_string(std::string fallback = {}) const;
  double as_number(double fallback = 0) const;
  long long as_integer(long long fallback = 0) const;
  /// true/false, yes/no, on/off (lower case, Capitalised or UPPER CASE).
  bool as_bool(bool fallback = false) const;
  /// Error text from UnitError, prefixed by the key: "'latency': expected a duration ...".
  double as_quantity(Quantity q, double fallback = 0) const;
  /// As as_quantity, and the value must be above zero (a duration, a rate, a size): a value that
  /// is not is reported as "'ttl' must be positive" and yields the fallback.
  double as_positive_quantity(Quantity q, double fallback) const;
  /// One of `valid`, else unknown_name_message(what, value, valid).
  std::string as_choice(std::string_view what, const std::vector<std::string>& valid,
                        std::string fallback = {}) const;

  // Optional values: a missing or null key silently yields the default; a present bad value is
  // reported like the typed readers do and yields the default.
  std::string string_or(std::string default_value) const;
  double number_or(double default_value) const;
  long long integer_or(long long default_value) const;
  bool bool_or(bool default_value) const;
  double quantity_or(Quantity q, double default_value) const;
  double positive_quantity_or(Quantity q, double default_value) const;
  std::string choice_or(std::string_view what, const std::vector<std::string>& valid,
                        std::string default_value) const;

  /// If !present(): reports "missing required key 'count' in 'services[0].fleet'" at the
  /// enclosing map (only the outermost missing key of a path is reported, so asking for
  /// a.b.c when `a` is missing reports `a`; when the enclosing value is not a map, that is
  /// reported instead: "'fleet' must be a map"). Returns present().
  bool require() const;
  /// Reports every key of this map that is not in `known`, at that key's position:
  ///   "unknown key 'palcement' in 'services[0].fleet'; did you mean 'placement'?" or
  ///   "unknown key 'x' in 'services[0].fleet'; expected one of: a, b, c".
  /// A present value that is not a map is reported as "'fleet' must be a map".
  void expect_keys(std::initializer_list<std::string_view> known) const;
  void expect_keys(const std::vector<std::string>& known) const;
  /// Reports "'zones' must be a map" / "... must be a list" when the value is present, not
  /// null, and of another kind. Returns whether the value is a usable map / sequence (null
  /// counts as an empty one).
  bool expect_map() const;
  bool expect_sequence() const;

  void error(std::string message) const;  // reports at where()
  void check(bool ok, std::string message) const {
    if (!ok) error(std::move(message));
  }
  Diagnostics& diagnostics() const;

 private:
  friend struct detail::NodeAccess;
  struct Missing;

  ConfigNode(std::shared_ptr<detail::ConfigTree> tree, int node, std::shared_ptr<const Missing> missing);
  ConfigNode missing_child(std::string component, std::string key, bool by_index, std::size_t index) const;
  /// "'count'", "'zones[2]'", or "the document" for the root.
  std::string subject() const;
  /// Reports why this node cannot be read (it is missing, or its parent is not a map/list).
  void report_missing() const;
  /// The scalar text, or nullptr after reporting that the value is missing or not a scalar
  /// (`expected` completes "'x' must be ...").
  const std::string* scalar_for(std::string_view expected) const;
  /// The value read as a quantity, or nothing after reporting why it is not one.
  std::optional<double> read_quantity(Quantity q) const;
  bool absent_or_null() const { return !present() || is_null(); }

  std::shared_ptr<detail::ConfigTree> tree_;
  int node_ = -1;  // this value, or when missing the nearest enclosing present value
  std::shared_ptr<const Missing> missing_;
};

/// A parsed configuration file. Copies share the same tree and diagnostics.
class ConfigDocument {
 public:
  /// An empty document (a null root) with no diagnostics.
  ConfigDocument();

  /// Parses YAML text. Syntax errors become diagnostics ("file:line:col: YAML syntax error:
  /// ..."), as do duplicate keys. Then:
  ///  1. the top-level `params:` map declares parameters: `name: default` or
  ///     `name: {default, min, max, step, unit, description}`;
  ///  2. `param_overrides` (--param name=value) replace defaults; an undeclared name is an
  ///     error at file "--param", line 0, with a suggestion; a numeric value outside
  ///     [min, max] is an error;
  ///  3. every ${name} inside a scalar outside `params:` is replaced by the parameter's text
  ///     ("${rate}/s" splices; "$${" writes a literal "${"); an undeclared name is an error at
  ///     that scalar, with a suggestion;
  ///  4. `set_overrides` (--set path=value) are applied in order. Path components are map keys
  ///     or [index]es; a sequence of maps may also be indexed by an element's `name`
  ///     (services.web.fleet.count=12). The value is parsed as YAML (`[1, 2]`, `{a: 1}` work)
  ///     and may use ${name}. The last component may add a key to an existing map. Bad paths
  ///     are errors at file "--set", line 0; overridden values are located there too.
  static ConfigDocument parse(std::string_view text, std::string file_name,
                              const std::vector<KeyValue>& param_overrides = {},
                              const std::vector<KeyValue>& set_overrides = {});
  /// As parse(); an unreadable file is a diagnostic "path: cannot read file: reason".
  static ConfigDocument load_file(const std::string& path, const std::vector<KeyValue>& param_overrides = {},
                                  const std::vector<KeyValue>& set_overrides = {});

  ConfigNode root() const;
  /// False after a YAML syntax error or when the file could not be read: the root is then an
  /// empty value, and schema checks on it would only add noise to the real error.
  bool syntax_ok() const;
  /// Declared parameters in declaration order.
  const std::vector<ParamSpec>& params() const;
  /// Shared with every node of the document.
  Diagnostics& diagnostics() const;
  const std::string& file_name() const;

  /// The effective document (parameters substituted, overrides applied) as YAML, for saving
  /// next to results so that a run can be reproduced from exactly what it used.
  std::string to_yaml() const;

 private:
  explicit ConfigDocument(std::shared_ptr<detail::ConfigTree> tree);
  std::shared_ptr<detail::ConfigTree> tree_;
};

}  // namespace stratus::sim
