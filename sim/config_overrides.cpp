// --set path=value: overriding any value of a document from the command line.
#include <charconv>
#include <optional>
#include <stdexcept>

#include "sim/config_tree.hpp"
#include "sim/suggest.hpp"

namespace stratus::sim {

KeyValue parse_key_value(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    throw std::invalid_argument("expected name=value, got '" + std::string(text) + "'");
  std::string_view key = text.substr(0, eq);
  while (!key.empty() && (key.front() == ' ' || key.front() == '\t'))
    key.remove_prefix(1);
  while (!key.empty() && (key.back() == ' ' || key.back() == '\t'))
    key.remove_suffix(1);
  if (key.empty()) throw std::invalid_argument("expected name=value, got '" + std::string(text) + "'");
  return {std::string(key), std::string(text.substr(eq + 1))};
}

namespace detail {

namespace {

const SourceLocation kSetFlag{"--set", 0, 0};

struct Step {
  std::string key;  // a map key or sequence element name; empty for [index]
  bool by_index = false;
  std::size_t index = 0;
};

// A list index: digits only, and small enough to be one.
std::optional<std::size_t> parse_index(std::string_view s) {
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

// "services.web.fleet.count", "zones[0].name", "matrix[1][2]". Returns false if malformed.
bool parse_path(std::string_view text, std::vector<Step>& steps) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '[') {
      const std::size_t close = text.find(']', i);
      if (close == std::string_view::npos) return false;
      const auto index = parse_index(text.substr(i + 1, close - i - 1));
      if (!index) return false;
      steps.push_back({{}, true, *index});
      i = close + 1;
    } else {
      const std::size_t end = std::min(text.find_first_of(".[", i), text.size());
      if (end == i) return false;
      steps.push_back({std::string(text.substr(i, end - i))});
      i = end;
    }
    if (i < text.size() && text[i] == '.') {
      if (++i == text.size()) return false;  // trailing '.'
      if (text[i] == '.' || text[i] == '[') return false;
    }
  }
  return !steps.empty();
}

std::string describe(const std::string& path) {
  return path.empty() ? "the document" : "'" + path + "'";
}

// The child of `node` that `step` names, or -1 with `why` set.
int find_child(const ConfigTree& tree, int node, const Step& step, std::string& why) {
  const TreeNode& n = tree.nodes[node];
  const std::string here = tree.path_of(node);
  switch (n.kind) {
    case NodeKind::map: {
      if (step.by_index) {
        why = describe(here) + " is a map, not a list";
        return -1;
      }
      const int entry = tree.find_entry(node, step.key);
      if (entry >= 0) return n.entries[entry].value;
      why = unknown_key_message(step.key, here, tree.keys_of(node));
      return -1;
    }
    case NodeKind::sequence: {
      const auto numeric = step.by_index ? std::optional<std::size_t>(step.index) : parse_index(step.key);
      if (numeric) {
        const std::size_t index = *numeric;
        if (index < n.items.size()) return n.items[index];
        why = "index " + std::to_string(index) + " is out of range for " + describe(here) + " (it has " +
              std::to_string(n.items.size()) + (n.items.size() == 1 ? " item)" : " items)");
        return -1;
      }
      // A list of named things (services, zones) can be addressed by name.
      std::vector<std::string> names;
      for (int item : n.items) {
        if (tree.nodes[item].kind != NodeKind::map) continue;
        const int name = tree.find_entry(item, "name");
        if (name < 0) continue;
        const TreeNode& value = tree.nodes[tree.nodes[item].entries[name].value];
        if (value.kind != NodeKind::scalar) continue;
        if (value.text == step.key) return item;
        names.push_back(value.text);
      }
      why = names.empty() ? describe(here) + " is a list without names: use an index such as " + here + "[0]"
                          : "no element named '" + step.key + "' in " + describe(here) +
                                suggestion_suffix(step.key, names);
      return -1;
    }
    case NodeKind::null:
      why = describe(here) + " is empty";
      return -1;
    case NodeKind::scalar:
      why = describe(here) + " is a single value, not a " + (step.by_index ? "list" : "map");
      return -1;
  }
  return -1;
}

// Puts `value` at the last step under `parent`: replaces an existing entry or item, or adds a
// key to a map (a null becomes an empty map first).
bool attach(ConfigTree& tree, int parent, const Step& step, int value, std::string& why) {
  TreeNode& p = tree.nodes[parent];
  if (p.kind == NodeKind::null && !step.by_index) p.kind = NodeKind::map;
  if (p.kind == NodeKind::map && !step.by_index) {
    const int entry = tree.find_entry(parent, step.key);
    if (entry >= 0)
      tree.replace_child(parent, static_cast<std::size_t>(entry), value);
    else
      tree.add_entry(parent, step.key, Position{kSetSource, 0, 0}, value);
    return true;
  }
  const int existing = find_child(tree, parent, step, why);
  if (existing < 0) return false;
  tree.replace_child(parent, tree.nodes[existing].slot, value);
  return true;
}

// The child that `step` names on the way to the value, created as an empty map when a map (or
// an empty value) lacks that key: `--set serverless.billing.granularity=100ms` must work on a
// file without a `billing:` block. Whether the new key is valid is the schema's to say, as
// for any key (an unknown one is reported with its nearest valid name).
// A path that goes on with an index ("servics[0]") wants an existing list: that is a typo.
int find_or_create_child(ConfigTree& tree, int node, const Step& step, const Step& next, std::string& why) {
  const NodeKind kind = tree.nodes[node].kind;
  const bool addable =
      !step.by_index && !next.by_index &&
      (kind == NodeKind::null || (kind == NodeKind::map && tree.find_entry(node, step.key) < 0));
  if (!addable) return find_child(tree, node, step, why);
  if (kind == NodeKind::null) tree.nodes[node].kind = NodeKind::map;
  const int child = tree.add_node(NodeKind::map, Position{kSetSource, 0, 0});
  tree.add_entry(node, step.key, Position{kSetSource, 0, 0}, child);
  return child;
}

}  // namespace

void apply_set_overrides(ConfigTree& tree, const std::vector<KeyValue>& overrides) {
  for (const KeyValue& kv : overrides) {
    auto fail = [&](const std::string& why) {
      tree.diagnostics.error(kSetFlag, "cannot set '" + kv.key + "': " + why);
    };
    std::vector<Step> steps;
    if (!parse_path(kv.key, steps)) {
      fail("invalid path (write keys separated by '.', and [index] for list items)");
      continue;
    }
    if (tree.nodes[tree.root].kind == NodeKind::map && !steps[0].by_index && steps[0].key == "params") {
      fail("parameters are changed with --param name=value");
      continue;
    }
    int node = tree.root;
    std::string why;
    for (std::size_t i = 0; i + 1 < steps.size() && node >= 0; ++i)
      node = find_or_create_child(tree, node, steps[i], steps[i + 1], why);
    if (node < 0) {
      fail(why);
      continue;
    }
    std::string syntax_error;
    const int value = build_from_yaml(tree, kv.value, kSetSource, true, &syntax_error);
    if (value < 0) {
      fail("invalid value '" + kv.value + "': " + syntax_error);
      continue;
    }
    substitute_params(tree, value);
    if (!attach(tree, node, steps.back(), value, why)) fail(why);
  }
}

}  // namespace detail

}  // namespace stratus::sim
