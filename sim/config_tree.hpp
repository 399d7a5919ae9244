#pragma once
// Internal to the sim/config*.cpp files: the tree behind ConfigDocument and ConfigNode.
//
// yaml-cpp's own nodes forget where map keys were written and cannot be edited without losing
// positions, so the YAML events are turned once into this arena of nodes. Each node knows its
// parent, so a path such as "services[0].fleet.count" can be rebuilt for any message.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnostics.hpp"

namespace stratus::sim::detail {

enum class NodeKind : unsigned char { null, scalar, map, sequence };

/// A position in one of the tree's sources (ConfigTree::files); 1-based, line 0 = none.
struct Position {
  int file = 0;
  int line = 0;
  int column = 0;
};

struct MapEntry {
  std::string key;
  Position key_where;
  int value = -1;
};

struct TreeNode {
  NodeKind kind = NodeKind::null;
  bool plain = true;  // a scalar written without quotes (YAML gives "null" meaning only then)
  Position where;
  int parent = -1;
  std::size_t slot = 0;           // index among the parent's entries or items
  std::string text;               // scalar text
  std::vector<MapEntry> entries;  // map, in document order
  std::vector<int> items;         // sequence
  // Key -> entry index; built only for large maps, where linear lookups would add up.
  std::unique_ptr<std::unordered_map<std::string, std::size_t>> index;
};

/// Source index of values given on the command line with --set.
inline constexpr int kSetSource = 1;

struct ConfigTree {
  std::vector<std::string> files{"", "--set"};
  std::vector<TreeNode> nodes;
  int root = -1;
  bool syntax_ok = true;  // false after a syntax error or an unreadable file
  Diagnostics diagnostics;
  std::vector<ParamSpec> params;

  int add_node(NodeKind kind, Position where);
  SourceLocation location(const Position& p) const { return {files.at(p.file), p.line, p.column}; }
  SourceLocation location_of(int node) const { return location(nodes[node].where); }

  /// Entry index of `key` in map `node`, or -1.
  int find_entry(int node, std::string_view key) const;
  /// Appends an entry to map `node` (no duplicate check) and adopts `value`.
  void add_entry(int node, std::string key, Position key_where, int value);
  /// Makes `value` the new value of entry/item `slot` of `parent`.
  void replace_child(int parent, std::size_t slot, int value);
  std::vector<std::string> keys_of(int node) const;
  /// Deep copy of a subtree (aliases and merge keys); returns the copy's root, parentless.
  int copy_subtree(int node);

  /// "services[0].fleet.count"; "" for the root.
  std::string path_of(int node) const;
  /// The last key on the path to `node`; "" for sequence items and the root.
  std::string key_of(int node) const;
};

/// Appends one path component: "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string join_path(const std::string& path, std::string_view key);
std::string index_path(const std::string& path, std::size_t index);

/// "unknown key 'palcement' in 'services[0].fleet'; did you mean 'placement'?"; at the root:
/// "unknown top-level key 'x'; expected one of: a, b".
std::string unknown_key_message(std::string_view key, const std::string& map_path,
                                const std::vector<std::string>& valid);

/// Parses YAML `text` into `tree` with positions in source `file`; returns the new subtree's
/// root (a null node for an empty text), or -1 after a syntax error. The error is reported to
/// the tree's diagnostics, or stored in `syntax_error` if that is given. With `no_positions`
/// every node gets line 0 (values given on the command line have no line to point at).
int build_from_yaml(ConfigTree& tree, std::string_view text, int file, bool no_positions,
                    std::string* syntax_error = nullptr);

/// Reads the top-level `params:` map, applies --param values and substitutes ${name}
/// everywhere else.
void resolve_params(const std::shared_ptr<ConfigTree>& tree, const std::vector<KeyValue>& overrides);
/// Substitutes ${name} references in every scalar of the subtree at `node`.
void substitute_params(ConfigTree& tree, int node);

/// Applies --set path=value overrides in order.
void apply_set_overrides(ConfigTree& tree, const std::vector<KeyValue>& overrides);

/// Access to ConfigNode's private constructor for the implementation files.
struct NodeAccess {
  static ConfigNode make(std::shared_ptr<ConfigTree> tree, int node);
};

}  // namespace stratus::sim::detail
