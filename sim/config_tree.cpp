// The arena tree behind ConfigDocument, and its construction from YAML parser events.
#include "sim/config_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "sim/suggest.hpp"

namespace stratus::sim::detail {

namespace {

// Maps up to this size are searched linearly; larger ones get a hash index.
constexpr std::size_t kIndexThreshold = 16;
// Aliases are expanded by copying; a handful of nested aliases can otherwise multiply a small
// file into billions of nodes.
constexpr std::size_t kMaxNodes = 1'000'000;

class TooLarge : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

int ConfigTree::add_node(NodeKind kind, Position where) {
  if (nodes.size() >= kMaxNodes)
    throw TooLarge("the document expands to more than " + std::to_string(kMaxNodes) +
                   " values (are aliases nested too deeply?)");
  TreeNode& n = nodes.emplace_back();
  n.kind = kind;
  n.where = where;
  return static_cast<int>(nodes.size() - 1);
}

int ConfigTree::find_entry(int node, std::string_view key) const {
  const TreeNode& n = nodes[node];
  if (n.index) {
    const auto it = n.index->find(std::string(key));
    return it == n.index->end() ? -1 : static_cast<int>(it->second);
  }
  for (std::size_t i = 0; i < n.entries.size(); ++i)
    if (n.entries[i].key == key) return static_cast<int>(i);
  return -1;
}

void ConfigTree::add_entry(int node, std::string key, Position key_where, int value) {
  TreeNode& n = nodes[node];
  const std::size_t slot = n.entries.size();
  if (n.index) {
    n.index->emplace(key, slot);
  } else if (slot + 1 > kIndexThreshold) {
    n.index = std::make_unique<std::unordered_map<std::string, std::size_t>>();
    for (std::size_t i = 0; i < slot; ++i)
      n.index->emplace(n.entries[i].key, i);
    n.index->emplace(key, slot);
  }
  n.entries.push_back({std::move(key), key_where, value});
  nodes[value].parent = node;
  nodes[value].slot = slot;
}

void ConfigTree::replace_child(int parent, std::size_t slot, int value) {
  TreeNode& p = nodes[parent];
  if (p.kind == NodeKind::map)
    p.entries[slot].value = value;
  else
    p.items[slot] = value;
  nodes[value].parent = parent;
  nodes[value].slot = slot;
}

std::vector<std::string> ConfigTree::keys_of(int node) const {
  std::vector<std::string> keys;
  keys.reserve(nodes[node].entries.size());
  for (const MapEntry& e : nodes[node].entries)
    keys.push_back(e.key);
  return keys;
}

int ConfigTree::copy_subtree(int node) {
  // Indices only: add_node may reallocate `nodes`, so no reference survives across it.
  const int copy = add_node(nodes[node].kind, nodes[node].where);
  nodes[copy].plain = nodes[node].plain;
  nodes[copy].text = nodes[node].text;
  for (std::size_t i = 0; i < nodes[node].entries.size(); ++i) {
    MapEntry entry = nodes[node].entries[i];
    const int value = copy_subtree(entry.value);
    add_entry(copy, std::move(entry.key), entry.key_where, value);
  }
  for (std::size_t i = 0; i < nodes[node].items.size(); ++i) {
    const int item = copy_subtree(nodes[node].items[i]);
    nodes[item].parent = copy;
    nodes[item].slot = i;
    nodes[copy].items.push_back(item);
  }
  return copy;
}

std::string ConfigTree::path_of(int node) const {
  std::vector<int> chain;
  for (int n = node; nodes[n].parent >= 0; n = nodes[n].parent)
    chain.push_back(n);
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const TreeNode& child = nodes[*it];
    const TreeNode& parent = nodes[child.parent];
    path = parent.kind == NodeKind::map ? join_path(path, parent.entries[child.slot].key)
                                        : index_path(path, child.slot);
  }
  return path;
}

std::string ConfigTree::key_of(int node) const {
  const TreeNode& n = nodes[node];
  if (n.parent < 0 || nodes[n.parent].kind != NodeKind::map) return {};
  return nodes[n.parent].entries[n.slot].key;
}

std::string join_path(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string index_path(const std::string& path, std::size_t index) {
  std::string out = path;
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

std::string unknown_key_message(std::string_view key, const std::string& map_path,
                                const std::vector<std::string>& valid) {
  std::string out = map_path.empty() ? "unknown top-level key '" + std::string(key) + "'"
                                     : "unknown key '" + std::string(key) + "' in '" + map_path + "'";
  if (valid.empty()) return out + "; no keys are expected there";
  return out + suggestion_suffix(key, valid);
}

namespace {

// Builds TreeNodes from the parser's events. Values complete bottom-up: a finished scalar,
// map or sequence is attached to the innermost open collection (as a key or a value).
class Builder : public YAML::EventHandler {
 public:
  Builder(ConfigTree& tree, int file, bool no_positions)
      : tree_(tree), file_(file), no_positions_(no_positions) {}

  int root() const { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Position where = position(mark);
    // For an empty value ("key:" at the end of a line) the parser marks the next token, which
    // may be lines below; the key is where the user should look.
    if (!stack_.empty() && is_map(stack_.back()) && !stack_.back().expecting_key) {
      const Position& key = tree_.nodes[stack_.back().key_node].where;
      if (where.line > key.line) where = key;
    }
    const int node = tree_.add_node(NodeKind::null, where);
    remember(anchor, node);
    complete(node);
  }

  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw std::logic_error("alias to an unknown anchor");  // the parser checks this
    complete(tree_.copy_subtree(it->second));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const int node = tree_.add_node(NodeKind::scalar, position(mark));
    tree_.nodes[node].text = value;
    tree_.nodes[node].plain = tag == "?";
    remember(anchor, node);
    complete(node);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(NodeKind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(NodeKind::map, mark, anchor);
  }
  void OnMapEnd() override {
    apply_merges(stack_.back());
    close();
  }

 private:
  struct Merge {
    std::size_t at;  // entry position of the "<<" key
    int value;
  };
  struct Frame {
    int node;
    bool expecting_key = true;
    int key_node = -1;
    std::vector<Merge> merges;
  };

  bool is_map(const Frame& f) const { return tree_.nodes[f.node].kind == NodeKind::map; }

  Position position(const YAML::Mark& mark) const {
    if (no_positions_ || mark.line < 0) return {file_, 0, 0};
    return {file_, mark.line + 1, mark.column + 1};
  }

  void remember(YAML::anchor_t anchor, int node) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
  }

  void open(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    const int node = tree_.add_node(kind, position(mark));
    remember(anchor, node);
    stack_.push_back(Frame{node, true, -1, {}});
  }

  void close() {
    const int node = stack_.back().node;
    stack_.pop_back();
    complete(node);
  }

  void complete(int node) {
    if (stack_.empty()) {
      root_ = node;
      return;
    }
    Frame& top = stack_.back();
    TreeNode& parent = tree_.nodes[top.node];
    if (parent.kind == NodeKind::sequence) {
      tree_.nodes[node].parent = top.node;
      tree_.nodes[node].slot = parent.items.size();
      parent.items.push_back(node);
      return;
    }
    if (top.expecting_key) {
      top.key_node = node;
      top.expecting_key = false;
      return;
    }
    top.expecting_key = true;
    const TreeNode& key = tree_.nodes[top.key_node];
    if (key.kind != NodeKind::scalar) {
      tree_.diagnostics.error(tree_.location(key.where), "map keys must be plain text");
      return;
    }
    if (key.plain && key.text == "<<") {  // YAML merge key: this map extends another
      top.merges.push_back({parent.entries.size(), node});
      return;
    }
    const int existing = tree_.find_entry(top.node, key.text);
    if (existing >= 0) {
      const Position& first = parent.entries[existing].key_where;
      std::string message = "duplicate key '" + key.text + "'";
      if (first.line > 0) message += " (first defined at line " + std::to_string(first.line) + ")";
      tree_.diagnostics.error(tree_.location(key.where), message);
      return;
    }
    tree_.add_entry(top.node, key.text, key.where, node);
  }

  // "<<: *base" or "<<: [*a, *b]": copies the merged maps' entries that the map does not set
  // itself, in place of the "<<" key; an earlier merged map wins over a later one.
  void apply_merges(const Frame& frame) {
    if (frame.merges.empty()) return;
    std::unordered_set<std::string> seen;
    for (const MapEntry& e : tree_.nodes[frame.node].entries)
      seen.insert(e.key);
    std::vector<std::pair<std::size_t, std::vector<MapEntry>>> inserts;
    for (const Merge& merge : frame.merges) {
      std::vector<int> sources;
      const TreeNode& value = tree_.nodes[merge.value];
      if (value.kind == NodeKind::map)
        sources.push_back(merge.value);
      else if (value.kind == NodeKind::sequence)
        sources = value.items;
      std::vector<MapEntry> added;
      for (int source : sources) {
        if (tree_.nodes[source].kind != NodeKind::map) {
          tree_.diagnostics.error(tree_.location_of(source), "'<<' can only merge maps");
          continue;
        }
        for (std::size_t i = 0; i < tree_.nodes[source].entries.size(); ++i) {
          const MapEntry entry = tree_.nodes[source].entries[i];
          if (!seen.insert(entry.key).second) continue;
          added.push_back({entry.key, entry.key_where, tree_.copy_subtree(entry.value)});
        }
      }
      if (sources.empty())
        tree_.diagnostics.error(tree_.location_of(merge.value), "'<<' can only merge maps");
      inserts.emplace_back(merge.at, std::move(added));
    }
    // Rebuild the entry list with the merged entries where their "<<" stood.
    std::vector<MapEntry> old = std::move(tree_.nodes[frame.node].entries);
    tree_.nodes[frame.node].entries.clear();
    tree_.nodes[frame.node].index.reset();
    std::size_t next_insert = 0;
    for (std::size_t i = 0; i <= old.size(); ++i) {
      for (; next_insert < inserts.size() && inserts[next_insert].first == i; ++next_insert)
        for (MapEntry& e : inserts[next_insert].second)
          tree_.add_entry(frame.node, std::move(e.key), e.key_where, e.value);
      if (i < old.size()) tree_.add_entry(frame.node, std::move(old[i].key), old[i].key_where, old[i].value);
    }
  }

  ConfigTree& tree_;
  int file_;
  bool no_positions_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, int> anchors_;
  int root_ = -1;
};

// Notices a second document in the stream without building it.
class DocumentCounter : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (!start) start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

// `{rate: ${rate}/s}`: YAML reads the reference's braces as a nested flow map and fails with a
// bare syntax error. Name the likely cause when the failing line has an unquoted `${`.
std::string unquoted_reference_hint(std::string_view text, const YAML::Mark& mark) {
  if (mark.line < 0) return {};
  std::size_t begin = 0;
  for (int line = 0; line < mark.line && begin != std::string_view::npos; ++line) {
    begin = text.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos) return {};
  const std::string_view line = text.substr(begin, text.find('\n', begin) - begin);
  const std::size_t reference = line.find("${");
  const std::size_t flow_map = line.find('{');
  if (reference == std::string_view::npos || flow_map >= reference) return {};
  // Quoted already ("${rate}/s" or '${rate}/s')? Then the reference is not the cause.
  const std::size_t quote = line.find_first_of("\"'");
  if (quote != std::string_view::npos && quote < reference) return {};
  return "; a ${param} reference inside a {...} flow map must be quoted, e.g. {rate: \"${rate}/s\"}, "
         "or written in block style";
}

}  // namespace

int build_from_yaml(ConfigTree& tree, std::string_view text, int file, bool no_positions,
                    std::string* syntax_error) {
  std::istringstream in{std::string(text)};
  // On failure the partial tree is dropped, which also frees the room an alias bomb took.
  const std::size_t first_node = tree.nodes.size();
  auto discard = [&] {
    tree.nodes.erase(tree.nodes.begin() + static_cast<std::ptrdiff_t>(first_node), tree.nodes.end());
  };
  Builder builder(tree, file, no_positions);
  auto report = [&](const YAML::Mark& mark, const std::string& message,
                    const char* prefix = "YAML syntax error: ") {
    if (syntax_error != nullptr) {
      *syntax_error = message;
      return;
    }
    Position where{file, 0, 0};
    if (!no_positions && mark.line >= 0) where = {file, mark.line + 1, mark.column + 1};
    tree.diagnostics.error(tree.location(where), prefix + message);
  };
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder) || builder.root() < 0) {
      // No document at all (an empty file, or only comments): an empty value.
      return tree.add_node(NodeKind::null, no_positions ? Position{file, 0, 0} : Position{file, 1, 1});
    }
    DocumentCounter second;
    try {
      parser.HandleNextDocument(second);
    } catch (const YAML::Exception&) {
      // A broken second document is reported as a second document, below.
    }
    if (second.start) {
      report(*second.start, "a file may hold only one YAML document");
      discard();
      return -1;
    }
  } catch (const YAML::Exception& e) {
    report(e.mark, e.msg + unquoted_reference_hint(text, e.mark));
    discard();
    return -1;
  } catch (const TooLarge& e) {
    report(YAML::Mark::null_mark(), e.what(), "");
    discard();
    return -1;
  }
  return builder.root();
}

}  // namespace stratus::sim::detail
