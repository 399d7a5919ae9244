// Declared parameters: the top-level `params:` map, --param overrides, and ${name} references.
#include <algorithm>

#include "sim/config_tree.hpp"
#include "sim/number_format.hpp"
#include "sim/suggest.hpp"

namespace stratus::sim::detail {

namespace {

const SourceLocation kParamFlag{"--param", 0, 0};

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::vector<std::string> param_names(const ConfigTree& tree) {
  std::vector<std::string> names;
  names.reserve(tree.params.size());
  for (const ParamSpec& p : tree.params)
    names.push_back(p.name);
  return names;
}

std::string unknown_param_message(const ConfigTree& tree, std::string_view name) {
  if (tree.params.empty())
    return "unknown parameter '" + std::string(name) + "'; the file declares no parameters";
  return unknown_name_message("parameter", name, param_names(tree));
}

// Reads one `name: default` or `name: {default, min, max, step, unit, description}`.
// Returns false when the declaration is unusable.
bool read_declaration(const ConfigNode& value, ParamSpec& p) {
  if (value.is_scalar()) {
    p.default_text = value.scalar();
    return true;
  }
  if (value.is_null()) {
    value.error("parameter '" + p.name + "' needs a default value");
    return false;
  }
  if (!value.is_map()) {
    value.error("parameter '" + p.name +
                "' must be a value or a map {default, min, max, step, unit, description}");
    return false;
  }
  value.expect_keys({"default", "min", "max", "step", "unit", "description"});
  const ConfigNode d = value["default"];
  if (!d.require()) return false;
  if (!d.is_scalar()) {
    d.error("the default of parameter '" + p.name + "' must be a single value");
    return false;
  }
  p.default_text = d.scalar();
  auto optional_number = [&](const char* key) -> std::optional<double> {
    const ConfigNode n = value[key];
    if (!n.present() || n.is_null()) return std::nullopt;
    const std::size_t before = n.diagnostics().size();
    const double v = n.as_number();
    return n.diagnostics().size() == before ? std::optional<double>(v) : std::nullopt;
  };
  p.min = optional_number("min");
  p.max = optional_number("max");
  p.step = optional_number("step");
  if (p.min && p.max && *p.min > *p.max) value["max"].error("'max' must not be below 'min'");
  if (p.step && !(*p.step > 0)) value["step"].error("'step' must be positive");
  p.unit_hint = value["unit"].string_or("");
  p.description = value["description"].string_or("");
  return true;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return std::string(text);
}

bool is_plain_number(const std::string& text) {
  try {
    parse_quantity(text, Quantity::number);
    return true;
  } catch (const UnitError&) {
    return false;
  }
}

// A value given with the parameter's declared unit ("60/s" for `unit: /s`) means its number:
// the unit is already written where the parameter is used ("${rate}/s"), and substituting it
// twice would make "60/s/s". Any other unit is refused here, where the user can see why.
void accept_declared_unit(ConfigTree& tree, ParamSpec& p) {
  if (p.unit_hint.empty() || is_plain_number(p.value_text)) return;
  const std::string value = trimmed(p.value_text);
  const std::string unit = trimmed(p.unit_hint);
  if (value.size() > unit.size() && value.compare(value.size() - unit.size(), unit.size(), unit) == 0) {
    const std::string number = trimmed(std::string_view(value).substr(0, value.size() - unit.size()));
    if (is_plain_number(number)) {
      p.value_text = number;
      return;
    }
  }
  tree.diagnostics.error(kParamFlag, "parameter '" + p.name + "' is a number of " + unit +
                                         " (its declared unit): write --param " + p.name + "=60 or " +
                                         p.name + "=60" + unit + ", got '" + p.value_text + "'");
  p.value_text = p.default_text;  // reported once, here, not again wherever it is substituted
}

// A numeric value outside the declared [min, max] is refused: front ends offer these bounds
// as the knob's range, and a run outside them is most likely a typo. The declaration's own
// default is held to them too, overridden or not.
void check_range(ConfigTree& tree, const ParamSpec& p, const std::string& text, const char* what,
                 const SourceLocation& where) {
  if (!p.min && !p.max) return;
  double v = 0;
  try {
    v = parse_quantity(text, Quantity::number);
  } catch (const UnitError&) {
    return;  // a value with a unit: its bounds are in the unit hint's terms, not comparable here
  }
  if ((p.min && v < *p.min) || (p.max && v > *p.max)) {
    std::string bound = p.min && p.max ? "between " + format_number(*p.min) + " and " + format_number(*p.max)
                        : p.min        ? "at least " + format_number(*p.min)
                                       : "at most " + format_number(*p.max);
    tree.diagnostics.error(
        where, std::string(what) + "parameter '" + p.name + "' must be " + bound + ", got " + text);
  }
}

const ParamSpec* find_param(const ConfigTree& tree, std::string_view name) {
  for (const ParamSpec& p : tree.params)
    if (p.name == name) return &p;
  return nullptr;
}

void substitute_scalar(ConfigTree& tree, int node) {
  const std::string& text = tree.nodes[node].text;
  if (text.find('$') == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {  // an escaped, literal "${"
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string::npos) {
      tree.diagnostics.error(tree.location_of(node), "unterminated parameter reference in '" + text + "'");
      return;
    }
    std::string_view name(text.data() + i + 2, close - i - 2);
    while (!name.empty() && name.front() == ' ')
      name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ')
      name.remove_suffix(1);
    if (name.empty()) {
      tree.diagnostics.error(tree.location_of(node), "empty parameter reference '${}'");
      return;
    }
    const ParamSpec* p = find_param(tree, name);
    if (p == nullptr) {
      tree.diagnostics.error(tree.location_of(node), unknown_param_message(tree, name));
      return;
    }
    out += p->value_text;
    i = close + 1;
  }
  tree.nodes[node].text = std::move(out);
}

}  // namespace

void substitute_params(ConfigTree& tree, int node) {
  std::vector<int> pending{node};
  while (!pending.empty()) {
    const int n = pending.back();
    pending.pop_back();
    const TreeNode& t = tree.nodes[n];
    if (t.kind == NodeKind::scalar) substitute_scalar(tree, n);
    for (const MapEntry& e : t.entries)
      pending.push_back(e.value);
    for (int item : t.items)
      pending.push_back(item);
  }
}

void resolve_params(const std::shared_ptr<ConfigTree>& tree, const std::vector<KeyValue>& overrides) {
  ConfigTree& t = *tree;
  const TreeNode& root = t.nodes[t.root];
  const int params_entry = root.kind == NodeKind::map ? t.find_entry(t.root, "params") : -1;
  const int params_node = params_entry >= 0 ? root.entries[params_entry].value : -1;

  // Where each parameter's effective value was written, for range errors.
  std::vector<SourceLocation> value_where;
  if (params_node >= 0 && NodeAccess::make(tree, params_node).expect_map()) {
    for (std::size_t i = 0; i < t.nodes[params_node].entries.size(); ++i) {
      const MapEntry entry = t.nodes[params_node].entries[i];
      ParamSpec p;
      p.name = entry.key;
      p.where = t.location(entry.key_where);
      if (!valid_param_name(p.name)) {
        t.diagnostics.error(p.where,
                            "parameter name '" + p.name + "' may only contain letters, digits, '_' and '-'");
        continue;
      }
      const ConfigNode value = NodeAccess::make(tree, entry.value);
      if (!read_declaration(value, p)) continue;
      p.value_text = p.default_text;
      const SourceLocation default_where = value.is_map() ? value["default"].where() : value.where();
      check_range(t, p, trimmed(p.default_text), "the default of ", default_where);
      value_where.push_back(default_where);
      t.params.push_back(std::move(p));
    }
  }

  for (const KeyValue& kv : overrides) {
    const auto it =
        std::find_if(t.params.begin(), t.params.end(), [&](const ParamSpec& p) { return p.name == kv.key; });
    if (it == t.params.end()) {
      t.diagnostics.error(kParamFlag, unknown_param_message(t, kv.key));
      continue;
    }
    it->value_text = kv.value;
    accept_declared_unit(t, *it);
    const std::size_t i = static_cast<std::size_t>(it - t.params.begin());
    value_where[i] = kParamFlag;
    check_range(t, *it, it->value_text, "", value_where[i]);
  }

  // Substitute everywhere except in the declarations themselves.
  if (t.nodes[t.root].kind != NodeKind::map) {
    substitute_params(t, t.root);
    return;
  }
  for (std::size_t i = 0; i < t.nodes[t.root].entries.size(); ++i) {
    const int value = t.nodes[t.root].entries[i].value;
    if (value != params_node) substitute_params(t, value);
  }
}

}  // namespace stratus::sim::detail
