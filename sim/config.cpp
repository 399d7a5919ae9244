// ConfigNode's lookups and typed readers; ConfigDocument's construction and output.
#include "sim/config.hpp"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/config_tree.hpp"
#include "sim/suggest.hpp"

namespace stratus::sim {

using detail::ConfigTree;
using detail::NodeKind;
using detail::TreeNode;

/// What a lookup asked for that was not there. The node handle keeps the nearest present
/// ancestor (the anchor) and this description of the first step that failed.
struct ConfigNode::Missing {
  std::string path;  // full path of the missing value
  std::string key;   // its last key ("" if the last step was an index)
  std::string first_key;
  bool first_by_index = false;
  std::size_t first_index = 0;
};

namespace detail {
ConfigNode NodeAccess::make(std::shared_ptr<ConfigTree> tree, int node) {
  return ConfigNode(std::move(tree), node, nullptr);
}
}  // namespace detail

namespace {

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

std::string describe_kind(const TreeNode& n) {
  switch (n.kind) {
    case NodeKind::null:
      return "an empty value";
    case NodeKind::map:
      return "a map";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::scalar:
      return "'" + n.text + "'";
  }
  return "a value";
}

std::string quoted_list(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i > 0 ? ", " : "") + names[i];
  return out;
}

std::optional<bool> parse_bool(std::string_view text) {
  for (std::string_view t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
    if (text == t) return true;
  for (std::string_view f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
    if (text == f) return false;
  return std::nullopt;
}

std::optional<long long> parse_integer(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.starts_with('+')) text.remove_prefix(1);
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) return value;
  // Scientific notation of a whole number ("1e6") is an integer too.
  try {
    const double d = parse_quantity(text, Quantity::number);
    constexpr double kLimit = 9223372036854775807.0;  // 2^63
    if (d == std::floor(d) && d > -kLimit && d < kLimit) return static_cast<long long>(d);
  } catch (const UnitError&) {
  }
  return std::nullopt;
}

}  // namespace

// ---- ConfigNode: structure ---------------------------------------------------------------

ConfigNode::ConfigNode(std::shared_ptr<ConfigTree> tree, int node, std::shared_ptr<const Missing> missing)
    : tree_(std::move(tree)), node_(node), missing_(std::move(missing)) {}

bool ConfigNode::is_map() const {
  return present() && tree_->nodes[node_].kind == NodeKind::map;
}
bool ConfigNode::is_sequence() const {
  return present() && tree_->nodes[node_].kind == NodeKind::sequence;
}
bool ConfigNode::is_scalar() const {
  return present() && tree_->nodes[node_].kind == NodeKind::scalar;
}
bool ConfigNode::is_null() const {
  return present() && tree_->nodes[node_].kind == NodeKind::null;
}

SourceLocation ConfigNode::where() const {
  return tree_->location_of(node_);
}

std::string ConfigNode::path() const {
  return missing_ ? missing_->path : tree_->path_of(node_);
}

std::string ConfigNode::key() const {
  return missing_ ? missing_->key : tree_->key_of(node_);
}

ConfigNode ConfigNode::missing_child(std::string component, std::string key, bool by_index,
                                     std::size_t index) const {
  auto m = std::make_shared<Missing>();
  if (missing_) {
    *m = *missing_;
  } else {
    m->path = tree_->path_of(node_);
    m->first_key = component;
    m->first_by_index = by_index;
    m->first_index = index;
  }
  m->path = by_index ? m->path + component : detail::join_path(m->path, component);
  m->key = std::move(key);
  return ConfigNode(tree_, node_, std::move(m));
}

ConfigNode ConfigNode::operator[](std::string_view key) const {
  if (present() && tree_->nodes[node_].kind == NodeKind::map) {
    const int entry = tree_->find_entry(node_, key);
    if (entry >= 0) return ConfigNode(tree_, tree_->nodes[node_].entries[entry].value, nullptr);
  }
  return missing_child(std::string(key), std::string(key), false, 0);
}

ConfigNode ConfigNode::operator[](std::size_t index) const {
  if (present() && tree_->nodes[node_].kind == NodeKind::sequence && index < tree_->nodes[node_].items.size())
    return ConfigNode(tree_, tree_->nodes[node_].items[index], nullptr);
  // Appended piecewise: GCC 12 misreports `"[" + std::to_string(i) + "]"` as overlapping memcpy.
  std::string component = "[";
  component += std::to_string(index);
  component += ']';
  return missing_child(std::move(component), {}, true, index);
}

std::size_t ConfigNode::size() const {
  if (!present()) return 0;
  const TreeNode& n = tree_->nodes[node_];
  return n.kind == NodeKind::map ? n.entries.size() : n.kind == NodeKind::sequence ? n.items.size() : 0;
}

std::vector<ConfigNode> ConfigNode::items() const {
  std::vector<ConfigNode> out;
  if (!present()) return out;
  const TreeNode& n = tree_->nodes[node_];
  out.reserve(n.entries.size() + n.items.size());
  for (const detail::MapEntry& e : n.entries)
    out.push_back(ConfigNode(tree_, e.value, nullptr));
  for (int item : n.items)
    out.push_back(ConfigNode(tree_, item, nullptr));
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  if (!is_map()) return {};
  return tree_->keys_of(node_);
}

const std::string& ConfigNode::scalar() const {
  return is_scalar() ? tree_->nodes[node_].text : empty_string();
}

Diagnostics& ConfigNode::diagnostics() const {
  return tree_->diagnostics;
}

void ConfigNode::error(std::string message) const {
  tree_->diagnostics.error(where(), std::move(message));
}

// ---- ConfigNode: checks -------------------------------------------------------------------

std::string ConfigNode::subject() const {
  const std::string k = key();
  if (!k.empty()) return "'" + k + "'";
  const std::string p = path();
  return p.empty() ? "the document" : "'" + p + "'";
}

void ConfigNode::report_missing() const {
  // Only the first missing step is worth reporting: everything below it is missing because
  // of it, and several reads below it then collapse into one (identical) diagnostic.
  const ConfigNode anchor(tree_, node_, nullptr);
  const TreeNode& a = tree_->nodes[node_];
  if (missing_->first_by_index) {
    if (a.kind == NodeKind::sequence || a.kind == NodeKind::null)
      anchor.error(anchor.subject() + " has no item [" + std::to_string(missing_->first_index) +
                   "]; it has " + std::to_string(a.items.size()) +
                   (a.items.size() == 1 ? " item" : " items"));
    else
      anchor.error(anchor.subject() + " must be a list");
    return;
  }
  if (a.kind == NodeKind::map || a.kind == NodeKind::null) {
    const std::string parent = anchor.path();
    anchor.error(parent.empty() ? "missing required top-level key '" + missing_->first_key + "'"
                                : "missing required key '" + missing_->first_key + "' in '" + parent + "'");
  } else {
    anchor.error(anchor.subject() + " must be a map");
  }
}

bool ConfigNode::require() const {
  if (!present()) report_missing();
  return present();
}

void ConfigNode::expect_keys(std::initializer_list<std::string_view> known) const {
  expect_keys(std::vector<std::string>(known.begin(), known.end()));
}

void ConfigNode::expect_keys(const std::vector<std::string>& known) const {
  if (!expect_map()) return;
  const TreeNode& n = tree_->nodes[node_];
  if (n.kind != NodeKind::map) return;
  const std::string here = path();
  for (const detail::MapEntry& e : n.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    tree_->diagnostics.error(tree_->location(e.key_where), detail::unknown_key_message(e.key, here, known));
  }
}

bool ConfigNode::expect_map() const {
  if (!present()) return false;
  const NodeKind kind = tree_->nodes[node_].kind;
  if (kind == NodeKind::map || kind == NodeKind::null) return true;
  error(subject() + " must be a map");
  return false;
}

bool ConfigNode::expect_sequence() const {
  if (!present()) return false;
  const NodeKind kind = tree_->nodes[node_].kind;
  if (kind == NodeKind::sequence || kind == NodeKind::null) return true;
  error(subject() + " must be a list");
  return false;
}

// ---- ConfigNode: typed readers ------------------------------------------------------------

const std::string* ConfigNode::scalar_for(std::string_view expected) const {
  if (!present()) {
    report_missing();
    return nullptr;
  }
  const TreeNode& n = tree_->nodes[node_];
  if (n.kind == NodeKind::scalar) return &n.text;
  error(subject() + " must be " + std::string(expected) + ", got " + describe_kind(n));
  return nullptr;
}

std::string ConfigNode::as_string(std::string fallback) const {
  const std::string* text = scalar_for("a string");
  return text ? *text : fallback;
}

double ConfigNode::as_number(double fallback) const {
  const std::string* text = scalar_for("a number");
  if (!text) return fallback;
  try {
    return parse_quantity(*text, Quantity::number);
  } catch (const UnitError&) {
    error(subject() + " must be a number, got '" + *text + "'");
    return fallback;
  }
}

long long ConfigNode::as_integer(long long fallback) const {
  const std::string* text = scalar_for("an integer");
  if (!text) return fallback;
  if (const auto value = parse_integer(*text)) return *value;
  error(subject() + " must be an integer, got '" + *text + "'");
  return fallback;
}

bool ConfigNode::as_bool(bool fallback) const {
  const std::string* text = scalar_for("true or false");
  if (!text) return fallback;
  if (const auto value = parse_bool(*text)) return *value;
  error(subject() + " must be true or false, got '" + *text + "'");
  return fallback;
}

std::optional<double> ConfigNode::read_quantity(Quantity q) const {
  const std::string* text = scalar_for(quantity_phrase(q));
  if (!text) return std::nullopt;
  try {
    return parse_quantity(*text, q);
  } catch (const UnitError& e) {
    error(subject() + ": " + e.what());
    return std::nullopt;
  }
}

double ConfigNode::as_quantity(Quantity q, double fallback) const {
  return read_quantity(q).value_or(fallback);
}

double ConfigNode::as_positive_quantity(Quantity q, double fallback) const {
  const std::optional<double> value = read_quantity(q);
  if (!value) return fallback;  // already reported: one error per value
  if (*value > 0) return *value;
  error(subject() + " must be positive");
  return fallback;
}

std::string ConfigNode::as_choice(std::string_view what, const std::vector<std::string>& valid,
                                  std::string fallback) const {
  const std::string* text = scalar_for("one of: " + quoted_list(valid));
  if (!text) return fallback;
  if (std::find(valid.begin(), valid.end(), *text) != valid.end()) return *text;
  error(unknown_name_message(what, *text, valid));
  return fallback;
}

std::string ConfigNode::string_or(std::string default_value) const {
  return absent_or_null() ? default_value : as_string(std::move(default_value));
}
double ConfigNode::number_or(double default_value) const {
  return absent_or_null() ? default_value : as_number(default_value);
}
long long ConfigNode::integer_or(long long default_value) const {
  return absent_or_null() ? default_value : as_integer(default_value);
}
bool ConfigNode::bool_or(bool default_value) const {
  return absent_or_null() ? default_value : as_bool(default_value);
}
double ConfigNode::quantity_or(Quantity q, double default_value) const {
  return absent_or_null() ? default_value : as_quantity(q, default_value);
}
double ConfigNode::positive_quantity_or(Quantity q, double default_value) const {
  return absent_or_null() ? default_value : as_positive_quantity(q, default_value);
}
std::string ConfigNode::choice_or(std::string_view what, const std::vector<std::string>& valid,
                                  std::string default_value) const {
  return absent_or_null() ? default_value : as_choice(what, valid, std::move(default_value));
}

// ---- ConfigDocument -----------------------------------------------------------------------

ConfigDocument::ConfigDocument() : tree_(std::make_shared<ConfigTree>()) {
  tree_->root = tree_->add_node(NodeKind::null, {0, 0, 0});
}

ConfigDocument::ConfigDocument(std::shared_ptr<ConfigTree> tree) : tree_(std::move(tree)) {}

ConfigDocument ConfigDocument::parse(std::string_view text, std::string file_name,
                                     const std::vector<KeyValue>& param_overrides,
                                     const std::vector<KeyValue>& set_overrides) {
  auto tree = std::make_shared<ConfigTree>();
  tree->files[0] = std::move(file_name);
  tree->root = detail::build_from_yaml(*tree, text, 0, false);
  if (tree->root < 0) {
    // After a syntax error nothing else is trustworthy: report that alone.
    tree->root = tree->add_node(NodeKind::null, {0, 1, 1});
    tree->syntax_ok = false;
    return ConfigDocument(std::move(tree));
  }
  detail::resolve_params(tree, param_overrides);
  detail::apply_set_overrides(*tree, set_overrides);
  return ConfigDocument(std::move(tree));
}

ConfigDocument ConfigDocument::load_file(const std::string& path,
                                         const std::vector<KeyValue>& param_overrides,
                                         const std::vector<KeyValue>& set_overrides) {
  std::error_code ec;
  const bool directory = std::filesystem::is_directory(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || directory) {
    const std::string reason = directory ? "it is a directory" : std::strerror(errno);
    ConfigDocument doc;
    doc.tree_->files[0] = path;
    doc.tree_->syntax_ok = false;
    doc.tree_->diagnostics.error({path, 0, 0}, "cannot read file: " + reason);
    return doc;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path, param_overrides, set_overrides);
}

ConfigNode ConfigDocument::root() const {
  return detail::NodeAccess::make(tree_, tree_->root);
}

bool ConfigDocument::syntax_ok() const {
  return tree_->syntax_ok;
}

const std::vector<ParamSpec>& ConfigDocument::params() const {
  return tree_->params;
}

Diagnostics& ConfigDocument::diagnostics() const {
  return tree_->diagnostics;
}

const std::string& ConfigDocument::file_name() const {
  return tree_->files[0];
}

namespace {

void emit(YAML::Emitter& out, const ConfigTree& tree, int node) {
  const TreeNode& n = tree.nodes[node];
  switch (n.kind) {
    case NodeKind::null:
      out << YAML::Null;
      break;
    case NodeKind::scalar:
      // Quoted text stays quoted, so that "null" or "yes" keep meaning text.
      if (n.plain)
        out << n.text;
      else
        out << YAML::DoubleQuoted << n.text;
      break;
    case NodeKind::sequence:
      out << YAML::BeginSeq;
      for (int item : n.items)
        emit(out, tree, item);
      out << YAML::EndSeq;
      break;
    case NodeKind::map:
      out << YAML::BeginMap;
      for (const detail::MapEntry& e : n.entries) {
        out << YAML::Key << e.key << YAML::Value;
        emit(out, tree, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string ConfigDocument::to_yaml() const {
  YAML::Emitter out;
  emit(out, *tree_, tree_->root);
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string ConfigNode::to_flow_yaml() const {
  if (!present()) return "";
  YAML::Emitter out;
  out << YAML::Flow;
  emit(out, *tree_, node_);
  return out.c_str();
}

}  // namespace stratus::sim
