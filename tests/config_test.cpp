// Configuration documents: every error is located (file:line:col) and explained, all errors of
// a file are reported together, and parameters and overrides reshape the document before any
// schema reads it.
#include "sim/config.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/diagnostics.hpp"
#include "sim/suggest.hpp"

namespace {

using stratus::sim::ConfigDocument;
using stratus::sim::ConfigNode;
using stratus::sim::Diagnostic;
using stratus::sim::Diagnostics;
using stratus::sim::edit_distance;
using stratus::sim::InputError;
using stratus::sim::KeyValue;
using stratus::sim::nearest_match;
using stratus::sim::parse_key_value;
using stratus::sim::Quantity;
using stratus::sim::unknown_name_message;

ConfigDocument parse(const std::string& text, const std::vector<KeyValue>& params = {},
                     const std::vector<KeyValue>& sets = {}) {
  return ConfigDocument::parse(text, "s.yaml", params, sets);
}

// All diagnostics of a document, sorted, one per line.
std::string errors(const ConfigDocument& doc) {
  return doc.diagnostics().format_all();
}

// A small scenario-like document; line numbers are referred to by the tests.
const char* const kServices =
    "services:\n"                   // 1
    "  - name: web\n"               // 2
    "    fleet:\n"                  // 3
    "      count: 4\n"              // 4
    "      placement: first-fit\n"  // 5
    "  - name: db\n"                // 6
    "    fleet:\n"                  // 7
    "      count: 2\n"              // 8
    "      placement: spread\n";    // 9

// ---- suggest ------------------------------------------------------------------------------

TEST(Suggest, EditDistanceCountsAdjacentTranspositionsOnce) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("frist", "first"), 1u);
  EXPECT_EQ(edit_distance("palcement", "placement"), 1u);
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment, not full Damerau
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Suggest, NearestMatchWithinAThirdOfTheLength) {
  const std::vector<std::string> policies = {"spread", "first-fit", "best-fit"};
  EXPECT_EQ(nearest_match("frist-fit", policies), "first-fit");
  EXPECT_EQ(nearest_match("bestfit", policies), "best-fit");
  EXPECT_EQ(nearest_match("xyz", policies), std::nullopt);
  EXPECT_EQ(nearest_match("anything", {}), std::nullopt);
  // Short words still allow two edits.
  EXPECT_EQ(nearest_match("ab", {"abcd"}), "abcd");
  EXPECT_EQ(nearest_match("ab", {"abcde"}), std::nullopt);
  // Ties go to the first candidate.
  EXPECT_EQ(nearest_match("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(nearest_match("cat", {"hat", "bat"}), "hat");
}

TEST(Suggest, UnknownNameMessages) {
  const std::vector<std::string> policies = {"spread", "first-fit", "best-fit"};
  EXPECT_EQ(unknown_name_message("placement policy", "frist-fit", policies),
            "unknown placement policy 'frist-fit'; did you mean 'first-fit'?");
  EXPECT_EQ(unknown_name_message("placement policy", "xyz", policies),
            "unknown placement policy 'xyz'; expected one of: best-fit, first-fit, spread");
  EXPECT_EQ(unknown_name_message("zone", "a", {}), "unknown zone 'a'; none is defined");
}

// ---- diagnostics --------------------------------------------------------------------------

// A named Diagnostic: GCC 12 misreports temporaries built inside EXPECT_EQ as uninitialised.
std::string formatted(const std::string& file, int line, int column) {
  Diagnostic d;
  d.where = {file, line, column};
  d.message = "bad";
  return d.format();
}

TEST(Diagnostics, FormatWithAndWithoutPosition) {
  EXPECT_EQ(formatted("s.yaml", 3, 7), "s.yaml:3:7: bad");
  EXPECT_EQ(formatted("s.yaml", 3, 0), "s.yaml:3: bad");
  EXPECT_EQ(formatted("--param", 0, 0), "--param: bad");
  EXPECT_EQ(formatted("", 0, 0), "bad");
}

TEST(Diagnostics, FormatAllSortsByPositionAndKeepsReportOrderAmongEquals) {
  Diagnostics d;
  d.error({"b.yaml", 1, 1}, "four");
  d.error({"a.yaml", 9, 1}, "three");
  d.error({"a.yaml", 2, 5}, "two");
  d.error({"a.yaml", 2, 5}, "two again");
  d.error({"a.yaml", 2, 1}, "one");
  EXPECT_EQ(d.size(), 5u);
  EXPECT_EQ(d.all()[0].message, "four");  // all() keeps report order
  EXPECT_EQ(d.format_all(),
            "a.yaml:2:1: one\n"
            "a.yaml:2:5: two\n"
            "a.yaml:2:5: two again\n"
            "a.yaml:9:1: three\n"
            "b.yaml:1:1: four\n");
}

TEST(Diagnostics, IdenticalReportsAreKeptOnce) {
  Diagnostics d;
  EXPECT_FALSE(d.has_errors());
  d.error({"s.yaml", 1, 1}, "bad");
  d.error({"s.yaml", 1, 1}, "bad");
  d.error({"s.yaml", 1, 2}, "bad");
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(d.size(), 2u);
}

TEST(Diagnostics, InputErrorCarriesSortedDiagnostics) {
  Diagnostics d;
  d.error({"s.yaml", 5, 1}, "later");
  d.error({"s.yaml", 1, 1}, "earlier");
  try {
    d.throw_if_errors();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].message, "earlier");
    EXPECT_EQ(std::string(e.what()), "s.yaml:1:1: earlier\ns.yaml:5:1: later\n");
  }
  EXPECT_NO_THROW(Diagnostics().throw_if_errors());
}

TEST(KeyValues, SplitAtTheFirstEquals) {
  EXPECT_EQ(parse_key_value("a.b=3"), (KeyValue{"a.b", "3"}));
  EXPECT_EQ(parse_key_value("expr=a=b"), (KeyValue{"expr", "a=b"}));
  EXPECT_EQ(parse_key_value("empty="), (KeyValue{"empty", ""}));
  EXPECT_EQ(parse_key_value(" rate = 9"), (KeyValue{"rate", " 9"}));
  EXPECT_THROW(parse_key_value("novalue"), std::invalid_argument);
  EXPECT_THROW(parse_key_value("=3"), std::invalid_argument);
}

// ---- navigation ---------------------------------------------------------------------------

TEST(ConfigNode, NavigatesMapsAndSequencesWithPathsAndPositions) {
  const ConfigDocument doc = parse(kServices);
  const ConfigNode root = doc.root();
  ASSERT_TRUE(root.is_map());
  EXPECT_EQ(root.keys(), std::vector<std::string>{"services"});
  const ConfigNode services = root["services"];
  ASSERT_TRUE(services.is_sequence());
  EXPECT_EQ(services.size(), 2u);
  const ConfigNode count = services[1]["fleet"]["count"];
  EXPECT_TRUE(count.is_scalar());
  EXPECT_EQ(count.scalar(), "2");
  EXPECT_EQ(count.path(), "services[1].fleet.count");
  EXPECT_EQ(count.key(), "count");
  EXPECT_EQ(services[1].key(), "");
  EXPECT_EQ(services[1].path(), "services[1]");
  EXPECT_EQ(root.path(), "");
  EXPECT_EQ(count.where(), (stratus::sim::SourceLocation{"s.yaml", 8, 14}));
  EXPECT_EQ(services[0]["fleet"].keys(), (std::vector<std::string>{"count", "placement"}));
  std::vector<std::string> values;
  for (const ConfigNode& v : services[0]["fleet"].items())
    values.push_back(v.scalar());
  EXPECT_EQ(values, (std::vector<std::string>{"4", "first-fit"}));
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigNode, MissingValuesKnowTheirPathAndTheirParentsPosition) {
  const ConfigDocument doc = parse(kServices);
  const ConfigNode missing = doc.root()["services"][0]["fleet"]["zones"]["primary"];
  EXPECT_FALSE(missing.present());
  EXPECT_FALSE(missing.is_map());
  EXPECT_EQ(missing.path(), "services[0].fleet.zones.primary");
  EXPECT_EQ(missing.key(), "primary");
  EXPECT_EQ(missing.where(), (stratus::sim::SourceLocation{"s.yaml", 4, 7}));
  EXPECT_EQ(missing.size(), 0u);
  EXPECT_TRUE(missing.items().empty());
  EXPECT_EQ(missing.scalar(), "");
  EXPECT_EQ(doc.root()["services"][5].path(), "services[5]");
  EXPECT_FALSE(doc.diagnostics().has_errors());  // looking is not an error; reading is
}

// ---- located errors -----------------------------------------------------------------------

TEST(ConfigErrors, UnknownKeyWithSuggestion) {
  const ConfigDocument doc = parse(
      "services:\n"
      "  - name: web\n"
      "    fleet:\n"
      "      count: 4\n"
      "      palcement: spread\n");
  doc.root()["services"][0]["fleet"].expect_keys({"count", "placement"});
  EXPECT_EQ(errors(doc),
            "s.yaml:5:7: unknown key 'palcement' in 'services[0].fleet'; did you mean 'placement'?\n");
}

TEST(ConfigErrors, UnknownKeyWithoutCloseMatchListsTheValidKeys) {
  const ConfigDocument doc = parse(
      "fleet:\n"
      "  count: 4\n"
      "  colour: blue\n");
  doc.root()["fleet"].expect_keys({"placement", "count", "zones"});
  EXPECT_EQ(errors(doc),
            "s.yaml:3:3: unknown key 'colour' in 'fleet'; expected one of: count, placement, zones\n");
}

TEST(ConfigErrors, UnknownTopLevelKey) {
  const ConfigDocument doc = parse("simulaton:\n  duration: 1h\n");
  doc.root().expect_keys({"simulation", "services"});
  EXPECT_EQ(errors(doc), "s.yaml:1:1: unknown top-level key 'simulaton'; did you mean 'simulation'?\n");
}

TEST(ConfigErrors, ExpectKeysOnSomethingElseThanAMap) {
  const ConfigDocument doc = parse("fleet: 3\nzones: [a]\nempty:\n");
  doc.root()["fleet"].expect_keys({"count"});
  doc.root()["zones"].expect_keys({"count"});
  doc.root()["empty"].expect_keys({"count"});    // null: an empty map, fine
  doc.root()["missing"].expect_keys({"count"});  // absent: nothing to check
  EXPECT_EQ(errors(doc),
            "s.yaml:1:8: 'fleet' must be a map\n"
            "s.yaml:2:8: 'zones' must be a map\n");
}

TEST(ConfigErrors, WrongTypes) {
  const ConfigDocument doc = parse(
      "count: ten\n"
      "ratio: half\n"
      "enabled: maybe\n"
      "name: [a, b]\n"
      "size: 2.5\n"
      "fleet: {a: 1}\n");
  const ConfigNode root = doc.root();
  EXPECT_EQ(root["count"].as_integer(7), 7);
  EXPECT_EQ(root["ratio"].as_number(0.5), 0.5);
  EXPECT_TRUE(root["enabled"].as_bool(true));
  EXPECT_EQ(root["name"].as_string("x"), "x");
  EXPECT_EQ(root["size"].as_integer(1), 1);
  EXPECT_EQ(root["fleet"].as_quantity(Quantity::duration, 3.0), 3.0);
  EXPECT_EQ(errors(doc),
            "s.yaml:1:8: 'count' must be an integer, got 'ten'\n"
            "s.yaml:2:8: 'ratio' must be a number, got 'half'\n"
            "s.yaml:3:10: 'enabled' must be true or false, got 'maybe'\n"
            "s.yaml:4:7: 'name' must be a string, got a list\n"
            "s.yaml:5:7: 'size' must be an integer, got '2.5'\n"
            "s.yaml:6:8: 'fleet' must be a duration, got a map\n");
}

TEST(ConfigErrors, BadUnitIsPrefixedByTheKey) {
  const ConfigDocument doc = parse("simulation:\n  duration: 5 parsecs\n");
  EXPECT_EQ(doc.root()["simulation"]["duration"].as_quantity(Quantity::duration, 60), 60);
  EXPECT_EQ(
      errors(doc),
      "s.yaml:2:13: 'duration': expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '5 parsecs'\n");
}

TEST(ConfigErrors, MissingRequiredKeyIsReportedAtTheMapThatLacksIt) {
  const ConfigDocument doc = parse(kServices);
  const ConfigNode fleet = doc.root()["services"][0]["fleet"];
  EXPECT_TRUE(fleet["count"].require());
  EXPECT_FALSE(fleet["zones"].require());
  EXPECT_FALSE(doc.root()["simulation"].require());
  EXPECT_EQ(errors(doc),
            "s.yaml:1:1: missing required top-level key 'simulation'\n"
            "s.yaml:4:7: missing required key 'zones' in 'services[0].fleet'\n");
}

TEST(ConfigErrors, TypedReadersReportAMissingKeyOnce) {
  const ConfigDocument doc = parse("fleet:\n  count: 4\n");
  const ConfigNode fleet = doc.root()["fleet"];
  EXPECT_EQ(fleet["zone"].as_string("z"), "z");
  EXPECT_EQ(fleet["zone"].as_choice("zone", {"a"}, "a"), "a");
  // Below a missing key, only the outermost missing key is reported.
  EXPECT_FALSE(doc.root()["simulation"]["duration"].require());
  EXPECT_EQ(doc.root()["simulation"]["warmup"].as_quantity(Quantity::duration, 1), 1);
  // Indexing into a value of the wrong kind names that value.
  EXPECT_FALSE(fleet["count"]["x"].require());
  EXPECT_FALSE(fleet[0].require());
  EXPECT_EQ(errors(doc),
            "s.yaml:1:1: missing required top-level key 'simulation'\n"
            "s.yaml:2:3: missing required key 'zone' in 'fleet'\n"
            "s.yaml:2:3: 'fleet' must be a list\n"
            "s.yaml:2:10: 'count' must be a map\n");
}

TEST(ConfigErrors, MissingSequenceItem) {
  const ConfigDocument doc = parse("zones: [a, b]\n");
  EXPECT_FALSE(doc.root()["zones"][2].require());
  EXPECT_EQ(errors(doc), "s.yaml:1:8: 'zones' has no item [2]; it has 2 items\n");
}

TEST(ConfigErrors, YamlSyntaxErrorIsLocated) {
  const ConfigDocument doc = parse("simulation:\n  duration: 1h\n    warmup: 5min\n");
  EXPECT_EQ(errors(doc), "s.yaml:3:11: YAML syntax error: illegal map value\n");
  // The document is empty afterwards: nothing else gets reported on top.
  EXPECT_TRUE(doc.root().is_null());
  EXPECT_FALSE(doc.syntax_ok());
  EXPECT_TRUE(parse("a: 1\n", {{"unknown", "1"}}).syntax_ok());  // other errors leave the tree usable
}

TEST(ConfigErrors, UnclosedFlowSequence) {
  const ConfigDocument doc = parse("zones: [a, b\nservices: 3\n");
  EXPECT_EQ(errors(doc), "s.yaml:2:9: YAML syntax error: end of sequence flow not found\n");
}

TEST(ConfigErrors, OnlyOneDocumentPerFile) {
  const ConfigDocument doc = parse("a: 1\n---\nb: 2\n");
  EXPECT_EQ(errors(doc), "s.yaml:2:1: YAML syntax error: a file may hold only one YAML document\n");
}

TEST(ConfigErrors, DuplicateKey) {
  const ConfigDocument doc = parse(
      "simulation:\n"
      "  duration: 1h\n"
      "  warmup: 5min\n"
      "  duration: 2h\n");
  EXPECT_EQ(errors(doc), "s.yaml:4:3: duplicate key 'duration' (first defined at line 2)\n");
  EXPECT_EQ(doc.root()["simulation"]["duration"].scalar(), "1h");  // the first one stays
}

TEST(ConfigErrors, ChoiceWithSuggestion) {
  const ConfigDocument doc = parse(kServices);
  const std::vector<std::string> policies = {"spread", "first-fit", "best-fit"};
  EXPECT_EQ(doc.root()["services"][1]["fleet"]["placement"].as_choice("placement policy", policies),
            "spread");
  const ConfigDocument bad = parse("placement: frist-fit\nbalancer: xyz\n");
  EXPECT_EQ(bad.root()["placement"].as_choice("placement policy", policies, "spread"), "spread");
  EXPECT_EQ(bad.root()["balancer"].choice_or("load balancer", {"round-robin", "random"}, "random"), "random");
  EXPECT_EQ(errors(bad),
            "s.yaml:1:12: unknown placement policy 'frist-fit'; did you mean 'first-fit'?\n"
            "s.yaml:2:11: unknown load balancer 'xyz'; expected one of: random, round-robin\n");
}

TEST(ConfigErrors, ErrorAndCheckReportAtTheValue) {
  const ConfigDocument doc = parse("racks: 0\n");
  const ConfigNode racks = doc.root()["racks"];
  racks.check(racks.as_integer() >= 1, "'racks' must be at least 1");
  racks.check(true, "never");
  EXPECT_EQ(errors(doc), "s.yaml:1:8: 'racks' must be at least 1\n");
}

TEST(ConfigErrors, SeveralErrorsAreReportedAtOnceAndSorted) {
  const ConfigDocument doc = parse(
      "simulation:\n"                 // 1
      "  duration: forever\n"         // 2
      "  warmpu: 5min\n"              // 3
      "services:\n"                   // 4
      "  - name: web\n"               // 5
      "    fleet:\n"                  // 6
      "      count: ten\n"            // 7
      "      placement: frist-fit\n"  // 8
      "  - fleet: {count: 2}\n",      // 9
      {{"arrival_rate", "12"}});
  // Read in an order different from the file's.
  const ConfigNode root = doc.root();
  for (const ConfigNode& s : root["services"].items()) {
    s.expect_keys({"name", "fleet"});
    s["name"].require();
    s["fleet"]["count"].as_integer(1);
    s["fleet"]["placement"].choice_or("placement policy", {"first-fit", "spread"}, "spread");
  }
  root["simulation"].expect_keys({"duration", "warmup"});
  root["simulation"]["duration"].as_quantity(Quantity::duration);
  EXPECT_EQ(doc.diagnostics().size(), 6u);
  EXPECT_EQ(errors(doc),
            "--param: unknown parameter 'arrival_rate'; the file declares no parameters\n"
            "s.yaml:2:13: 'duration': expected a duration such as 250ms, 30s, 5min, 2h or 1d, got 'forever'\n"
            "s.yaml:3:3: unknown key 'warmpu' in 'simulation'; did you mean 'warmup'?\n"
            "s.yaml:7:14: 'count' must be an integer, got 'ten'\n"
            "s.yaml:8:18: unknown placement policy 'frist-fit'; did you mean 'first-fit'?\n"
            "s.yaml:9:5: missing required key 'name' in 'services[1]'\n");
  try {
    doc.diagnostics().throw_if_errors();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 6u);
    EXPECT_EQ(e.diagnostics().front().where.file, "--param");
  }
}

// ---- typed readers ------------------------------------------------------------------------

TEST(ConfigReaders, ValuesOfEveryKind) {
  const ConfigDocument doc = parse(
      "name: web\n"
      "count: 12\n"
      "big: 1e6\n"
      "negative: -3\n"
      "ratio: 0.25\n"
      "on: yes\n"
      "off: False\n"
      "latency: 250ms\n"
      "price: $0.096/h\n"
      "quoted: \"42\"\n");
  const ConfigNode r = doc.root();
  EXPECT_EQ(r["name"].as_string(), "web");
  EXPECT_EQ(r["count"].as_integer(), 12);
  EXPECT_EQ(r["big"].as_integer(), 1000000);
  EXPECT_EQ(r["negative"].as_integer(), -3);
  EXPECT_DOUBLE_EQ(r["ratio"].as_number(), 0.25);
  EXPECT_DOUBLE_EQ(r["count"].as_number(), 12);
  EXPECT_TRUE(r["on"].as_bool());
  EXPECT_FALSE(r["off"].as_bool(true));
  EXPECT_DOUBLE_EQ(r["latency"].as_quantity(Quantity::duration), 0.25);
  EXPECT_DOUBLE_EQ(r["price"].as_quantity(Quantity::price_rate), 0.096 / 3600);
  EXPECT_EQ(r["quoted"].as_integer(), 42);
  EXPECT_EQ(r["count"].as_string(), "12");
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigReaders, OptionalValuesFallBackSilentlyButNotOnBadValues) {
  const ConfigDocument doc = parse(
      "empty:\n"
      "tilde: ~\n"
      "count: lots\n");
  const ConfigNode r = doc.root();
  EXPECT_EQ(r["absent"].integer_or(5), 5);
  EXPECT_EQ(r["absent"].string_or("d"), "d");
  EXPECT_EQ(r["absent"].bool_or(true), true);
  EXPECT_EQ(r["absent"].number_or(1.5), 1.5);
  EXPECT_EQ(r["absent"].quantity_or(Quantity::duration, 60), 60);
  EXPECT_EQ(r["absent"].choice_or("policy", {"a", "b"}, "b"), "b");
  EXPECT_EQ(r["empty"].quantity_or(Quantity::duration, 60), 60);  // "key:" means "not set"
  EXPECT_EQ(r["tilde"].string_or("d"), "d");
  EXPECT_TRUE(r["empty"].is_null());
  EXPECT_TRUE(r["empty"].present());
  EXPECT_EQ(r["count"].integer_or(5), 5);
  EXPECT_TRUE(doc.diagnostics().has_errors());
  EXPECT_EQ(errors(doc), "s.yaml:3:8: 'count' must be an integer, got 'lots'\n");
}

TEST(ConfigReaders, RequiredReadersRejectAnEmptyValue) {
  const ConfigDocument doc = parse(
      "simulation:\n"
      "  duration:\n"
      "  warmup: 1min\n");
  EXPECT_TRUE(doc.root()["simulation"]["duration"].require());  // present, though empty
  EXPECT_EQ(doc.root()["simulation"]["duration"].as_quantity(Quantity::duration, 7), 7);
  EXPECT_EQ(errors(doc), "s.yaml:2:3: 'duration' must be a duration, got an empty value\n");
}

TEST(ConfigReaders, ExpectMapAndSequence) {
  const ConfigDocument doc = parse("zones: a\nhosts: {a: 1}\nnone:\n");
  EXPECT_FALSE(doc.root()["zones"].expect_sequence());
  EXPECT_FALSE(doc.root()["zones"].expect_map());
  EXPECT_TRUE(doc.root()["hosts"].expect_map());
  EXPECT_TRUE(doc.root()["none"].expect_sequence());
  EXPECT_FALSE(doc.root()["absent"].expect_sequence());
  EXPECT_EQ(errors(doc),
            "s.yaml:1:8: 'zones' must be a list\n"
            "s.yaml:1:8: 'zones' must be a map\n");
}

TEST(ConfigReaders, SequenceItemsAreNamedByTheirPath) {
  const ConfigDocument doc = parse("zones: [a, [b], c]\n");
  for (const ConfigNode& z : doc.root()["zones"].items())
    z.as_string();
  EXPECT_EQ(errors(doc), "s.yaml:1:12: 'zones[1]' must be a string, got a list\n");
}

// ---- YAML features ------------------------------------------------------------------------

TEST(ConfigYaml, AliasesAndMergeKeysCopyValuesWithTheirPositions) {
  const ConfigDocument doc = parse(
      "defaults: &base\n"    // 1
      "  cores: 8\n"         // 2
      "  memory: 32GiB\n"    // 3
      "host_types:\n"        // 4
      "  small:\n"           // 5
      "    <<: *base\n"      // 6
      "    memory: 16GiB\n"  // 7
      "  copy: *base\n");    // 8
  const ConfigNode small = doc.root()["host_types"]["small"];
  EXPECT_EQ(small.keys(), (std::vector<std::string>{"cores", "memory"}));
  EXPECT_EQ(small["cores"].as_integer(), 8);
  EXPECT_EQ(small["memory"].scalar(), "16GiB");  // the map's own keys win over merged ones
  EXPECT_EQ(small["cores"].path(), "host_types.small.cores");
  EXPECT_EQ(small["cores"].where(), (stratus::sim::SourceLocation{"s.yaml", 2, 10}));
  EXPECT_EQ(doc.root()["host_types"]["copy"]["memory"].scalar(), "32GiB");
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigYaml, WindowsLineEndingsAndByteOrderMark) {
  const ConfigDocument doc = parse("\xEF\xBB\xBFsimulation:\r\n  duration: 1h\r\n  warmup: x\r\n");
  EXPECT_EQ(doc.root()["simulation"]["duration"].scalar(), "1h");
  doc.root()["simulation"]["warmup"].as_quantity(Quantity::duration);
  EXPECT_EQ(errors(doc),
            "s.yaml:3:11: 'warmup': expected a duration such as 250ms, 30s, 5min, 2h or 1d, got 'x'\n");
}

TEST(ConfigYaml, AliasBombIsStopped) {
  // Ten levels of ten aliases each would expand to 10^10 values.
  std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    const std::string prev = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i)
      text += (i > 0 ? ", " : "") + prev;
    text += "]\n";
  }
  const ConfigDocument doc = parse(text);
  EXPECT_FALSE(doc.syntax_ok());
  EXPECT_EQ(errors(doc),
            "s.yaml: the document expands to more than 1000000 values (are aliases nested too deeply?)\n");
}

TEST(ConfigYaml, EmptyDocumentIsAnEmptyMap) {
  const ConfigDocument doc = parse("# nothing here\n");
  EXPECT_TRUE(doc.root().is_null());
  EXPECT_FALSE(doc.root()["stratus"].require());
  EXPECT_EQ(errors(doc), "s.yaml:1:1: missing required top-level key 'stratus'\n");
}

TEST(ConfigYaml, EffectiveDocumentAsYaml) {
  const ConfigDocument doc =
      parse("params:\n  n: 3\nfleet: {count: \"${n}\", tags: [a, b]}\nnote: \"yes\"\nempty:\n", {{"n", "5"}},
            {{"fleet.zone", "eu"}});
  EXPECT_EQ(doc.to_yaml(),
            "params:\n"
            "  n: 3\n"
            "fleet:\n"
            "  count: \"5\"\n"
            "  tags:\n"
            "    - a\n"
            "    - b\n"
            "  zone: eu\n"
            "note: \"yes\"\n"
            "empty: ~\n");
  // And it parses back to the same values.
  const ConfigDocument again = parse(doc.to_yaml());
  EXPECT_EQ(again.root()["fleet"]["count"].as_integer(), 5);
  EXPECT_EQ(again.root()["note"].as_string(), "yes");
}

// ---- parameters ---------------------------------------------------------------------------

const char* const kParams =
    "params:\n"                                        // 1
    "  arrival_rate: 9\n"                              // 2
    "  fleet_size:\n"                                  // 3
    "    default: 4\n"                                 // 4
    "    min: 1\n"                                     // 5
    "    max: 64\n"                                    // 6
    "    step: 1\n"                                    // 7
    "    unit: instances\n"                            // 8
    "    description: web servers\n"                   // 9
    "  region: eu-west\n"                              // 10
    "services:\n"                                      // 11
    "  - name: web\n"                                  // 12
    "    rate: ${arrival_rate}\n"                      // 13
    "    rate_text: ${arrival_rate}/s\n"               // 14
    "    fleet: {count: \"${fleet_size}\"}\n"          // 15
    "    zone: \"${region}-1a and ${ region }-1b\"\n"  // 16
    "    literal: $${arrival_rate}\n";                 // 17

TEST(ConfigParams, DefaultsAreSubstituted) {
  const ConfigDocument doc = parse(kParams);
  const ConfigNode web = doc.root()["services"][0];
  EXPECT_EQ(web["rate"].scalar(), "9");
  EXPECT_EQ(web["rate_text"].scalar(), "9/s");
  EXPECT_DOUBLE_EQ(web["rate_text"].as_quantity(Quantity::rate), 9);
  EXPECT_EQ(web["fleet"]["count"].as_integer(), 4);
  EXPECT_EQ(web["zone"].scalar(), "eu-west-1a and eu-west-1b");
  EXPECT_EQ(web["literal"].scalar(), "${arrival_rate}");
  // Substituted values keep their own position.
  EXPECT_EQ(web["rate"].where(), (stratus::sim::SourceLocation{"s.yaml", 13, 11}));
  // The declarations themselves are left alone.
  EXPECT_EQ(doc.root()["params"]["arrival_rate"].scalar(), "9");
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigParams, OverridesReplaceDefaults) {
  const ConfigDocument doc = parse(kParams, {{"arrival_rate", "12.5"}, {"fleet_size", "8"}});
  const ConfigNode web = doc.root()["services"][0];
  EXPECT_DOUBLE_EQ(web["rate"].as_number(), 12.5);
  EXPECT_EQ(web["rate_text"].scalar(), "12.5/s");
  EXPECT_EQ(web["fleet"]["count"].as_integer(), 8);
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigParams, ListingWithBoundsAndDescriptions) {
  const ConfigDocument doc = parse(kParams, {{"fleet_size", "8"}});
  const auto& params = doc.params();
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0].name, "arrival_rate");
  EXPECT_EQ(params[0].default_text, "9");
  EXPECT_EQ(params[0].value_text, "9");
  EXPECT_FALSE(params[0].min.has_value());
  EXPECT_EQ(params[0].where, (stratus::sim::SourceLocation{"s.yaml", 2, 3}));
  EXPECT_EQ(params[1].name, "fleet_size");
  EXPECT_EQ(params[1].default_text, "4");
  EXPECT_EQ(params[1].value_text, "8");
  EXPECT_EQ(params[1].min, 1.0);
  EXPECT_EQ(params[1].max, 64.0);
  EXPECT_EQ(params[1].step, 1.0);
  EXPECT_EQ(params[1].unit_hint, "instances");
  EXPECT_EQ(params[1].description, "web servers");
  EXPECT_EQ(params[1].where, (stratus::sim::SourceLocation{"s.yaml", 3, 3}));
  EXPECT_EQ(params[2].name, "region");
  EXPECT_EQ(params[2].value_text, "eu-west");
}

TEST(ConfigParams, UnknownParamNameOnTheCommandLine) {
  const ConfigDocument doc = parse(kParams, {{"arival_rate", "3"}, {"zzz", "1"}});
  EXPECT_EQ(errors(doc),
            "--param: unknown parameter 'arival_rate'; did you mean 'arrival_rate'?\n"
            "--param: unknown parameter 'zzz'; expected one of: arrival_rate, fleet_size, region\n");
  EXPECT_EQ(doc.root()["services"][0]["rate"].scalar(), "9");
}

TEST(ConfigParams, ValuesOutsideTheDeclaredRange) {
  const ConfigDocument over = parse(kParams, {{"fleet_size", "100"}});
  EXPECT_EQ(errors(over), "--param: parameter 'fleet_size' must be between 1 and 64, got 100\n");
  const ConfigDocument under = parse(
      "params:\n"
      "  n:\n"
      "    default: 0.5\n"
      "    min: 1\n");
  EXPECT_EQ(errors(under), "s.yaml:3:14: the default of parameter 'n' must be at least 1, got 0.5\n");
  // A default outside its own bounds is the file's error even when the command line overrides it.
  const ConfigDocument overridden = parse("params:\n  n: {default: 500, min: 1, max: 10}\n", {{"n", "5"}});
  EXPECT_EQ(errors(overridden),
            "s.yaml:2:16: the default of parameter 'n' must be between 1 and 10, got 500\n");
}

TEST(ConfigParams, AValueMayRepeatTheDeclaredUnit) {
  // `--param arrival_rate=60/s` where the file writes `${arrival_rate}/s`: the unit is the
  // declared one, so it is accepted, not substituted twice into "60/s/s".
  const std::string text = "params:\n  r: {default: 9, unit: \"/s\"}\nrate: ${r}/s\n";
  const ConfigDocument same = parse(text, {{"r", "60/s"}});
  EXPECT_FALSE(same.diagnostics().has_errors()) << errors(same);
  EXPECT_DOUBLE_EQ(same.root()["rate"].as_quantity(Quantity::rate), 60);
  // Another unit is refused once, at the flag, saying what the parameter takes.
  const ConfigDocument other = parse(text, {{"r", "60/min"}});
  EXPECT_EQ(errors(other),
            "--param: parameter 'r' is a number of /s (its declared unit): write --param r=60 or r=60/s, got "
            "'60/min'\n");
}

TEST(ConfigParams, UnknownReferenceInTheDocument) {
  const ConfigDocument doc = parse(
      "params:\n"
      "  arrival_rate: 9\n"
      "rate: ${arival_rate}/s\n"
      "other: ${nothing_like_it}\n"
      "open: ${arrival_rate\n"
      "empty: ${}\n");
  EXPECT_EQ(errors(doc),
            "s.yaml:3:7: unknown parameter 'arival_rate'; did you mean 'arrival_rate'?\n"
            "s.yaml:4:8: unknown parameter 'nothing_like_it'; expected one of: arrival_rate\n"
            "s.yaml:5:7: unterminated parameter reference in '${arrival_rate'\n"
            "s.yaml:6:8: empty parameter reference '${}'\n");
}

TEST(ConfigParams, BadDeclarations) {
  const ConfigDocument doc = parse(
      "params:\n"                      // 1
      "  a:\n"                         // 2
      "  b: [1, 2]\n"                  // 3
      "  c: {min: 1}\n"                // 4
      "  d: {default: 1, mni: 0}\n"    // 5
      "  e: {default: 1, min: low}\n"  // 6
      "  f g: 1\n");                   // 7
  EXPECT_EQ(
      errors(doc),
      "s.yaml:2:3: parameter 'a' needs a default value\n"
      "s.yaml:3:6: parameter 'b' must be a value or a map {default, min, max, step, unit, description}\n"
      "s.yaml:4:6: missing required key 'default' in 'params.c'\n"
      "s.yaml:5:19: unknown key 'mni' in 'params.d'; did you mean 'min'?\n"
      "s.yaml:6:24: 'min' must be a number, got 'low'\n"
      "s.yaml:7:3: parameter name 'f g' may only contain letters, digits, '_' and '-'\n");
  EXPECT_EQ(doc.params().size(), 2u);  // d and e are usable
}

// ---- --set overrides ----------------------------------------------------------------------

TEST(ConfigSet, OverridesAMapKey) {
  const ConfigDocument doc = parse(kServices, {}, {{"services[0].fleet.placement", "spread"}});
  const ConfigNode placement = doc.root()["services"][0]["fleet"]["placement"];
  EXPECT_EQ(placement.scalar(), "spread");
  EXPECT_EQ(placement.where(), (stratus::sim::SourceLocation{"--set", 0, 0}));
  EXPECT_EQ(placement.path(), "services[0].fleet.placement");
  placement.as_choice("placement policy", {"first-fit"});
  EXPECT_EQ(errors(doc), "--set: unknown placement policy 'spread'; expected one of: first-fit\n");
}

TEST(ConfigSet, IndexesSequencesByPositionOrByName) {
  const ConfigDocument doc = parse(kServices, {},
                                   {{"services[1].fleet.count", "5"},
                                    {"services.web.fleet.count", "12"},
                                    {"services.0.name", "frontend"}});
  EXPECT_EQ(doc.root()["services"][0]["fleet"]["count"].as_integer(), 12);
  EXPECT_EQ(doc.root()["services"][0]["name"].as_string(), "frontend");
  EXPECT_EQ(doc.root()["services"][1]["fleet"]["count"].as_integer(), 5);
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigSet, ReplacesAWholeSequenceItem) {
  const ConfigDocument doc = parse("zones: [a, b, c]\n", {}, {{"zones[1]", "{name: b2, racks: 4}"}});
  EXPECT_EQ(doc.root()["zones"][1]["racks"].as_integer(), 4);
  EXPECT_EQ(doc.root()["zones"][1].path(), "zones[1]");
  EXPECT_EQ(doc.root()["zones"][2].scalar(), "c");
  EXPECT_FALSE(doc.diagnostics().has_errors());
}

TEST(ConfigSet, CreatesANewKeyWhoseValueIsParsedAsYaml) {
  const ConfigDocument doc = parse(kServices, {},
                                   {{"services.db.fleet.zones", "[eu-1, eu-2]"},
                                    {"simulation", "{duration: 2h}"},
                                    {"services.db.fleet.countt", "3"}});
  const ConfigNode zones = doc.root()["services"][1]["fleet"]["zones"];
  ASSERT_TRUE(zones.is_sequence());
  EXPECT_EQ(zones[1].scalar(), "eu-2");
  EXPECT_EQ(zones[1].where(), (stratus::sim::SourceLocation{"--set", 0, 0}));
  EXPECT_DOUBLE_EQ(doc.root()["simulation"]["duration"].as_quantity(Quantity::duration), 7200);
  EXPECT_EQ(doc.root().keys(), (std::vector<std::string>{"services", "simulation"}));
  // A misspelt new key is caught by the schema, at the command line.
  doc.root()["services"][1]["fleet"].expect_keys({"count", "placement", "zones"});
  EXPECT_EQ(errors(doc), "--set: unknown key 'countt' in 'services[1].fleet'; did you mean 'count'?\n");
}

TEST(ConfigSet, CreatesTheMapsOnTheWayToANewKey) {
  // The file has no `fleet.zones` block: the path creates it, as a user adding a block expects.
  const ConfigDocument doc = parse(kServices, {}, {{"services[0].fleet.zones.primary", "eu"}});
  EXPECT_EQ(doc.root()["services"][0]["fleet"]["zones"]["primary"].scalar(), "eu");
  EXPECT_FALSE(doc.diagnostics().has_errors()) << errors(doc);
  // Whether the new block belongs there is the schema's to say, with a suggestion, as for any key.
  const ConfigDocument typo = parse(kServices, {}, {{"services[0].flet.count", "2"}});
  typo.root()["services"][0].expect_keys({"name", "fleet"});
  EXPECT_EQ(errors(typo), "--set: unknown key 'flet' in 'services[0]'; did you mean 'fleet'?\n");
}

TEST(ConfigSet, ValuesMayUseParameters) {
  const ConfigDocument doc =
      parse("params:\n  n: 3\nfleet:\n  count: 1\n", {{"n", "7"}}, {{"fleet.count", "${n}"}});
  EXPECT_EQ(doc.root()["fleet"]["count"].as_integer(), 7);
}

TEST(ConfigSet, BadPaths) {
  const ConfigDocument doc = parse(kServices, {},
                                   {{"services.wbe.fleet.count", "1"},
                                    {"servics[0].fleet", "1"},
                                    {"services[9].fleet", "1"},
                                    {"services[0].fleet.count.value", "1"},
                                    {"services[0].fleet[0]", "1"},
                                    {"services..fleet", "1"},
                                    {"services[x]", "1"},
                                    {"services[0].fleet.count", "[1, 2"},
                                    {"params.rate", "1"}});
  EXPECT_EQ(
      errors(doc),
      "--set: cannot set 'services.wbe.fleet.count': no element named 'wbe' in 'services'; did you mean "
      "'web'?\n"
      "--set: cannot set 'servics[0].fleet': unknown top-level key 'servics'; did you mean 'services'?\n"
      "--set: cannot set 'services[9].fleet': index 9 is out of range for 'services' (it has 2 items)\n"
      "--set: cannot set 'services[0].fleet.count.value': 'services[0].fleet.count' is a single value, "
      "not a map\n"
      "--set: cannot set 'services[0].fleet[0]': 'services[0].fleet' is a map, not a list\n"
      "--set: cannot set 'services..fleet': invalid path (write keys separated by '.', and [index] for list "
      "items)\n"
      "--set: cannot set 'services[x]': invalid path (write keys separated by '.', and [index] for list "
      "items)\n"
      "--set: cannot set 'services[0].fleet.count': invalid value '[1, 2': end of sequence flow not found\n"
      "--set: cannot set 'params.rate': parameters are changed with --param name=value\n");
  // Nothing was changed.
  EXPECT_EQ(doc.root()["services"][0]["fleet"]["count"].scalar(), "4");
}

// ---- files and speed ----------------------------------------------------------------------

TEST(ConfigFiles, LoadsAFileAndReportsAnUnreadableOne) {
  const auto dir = std::filesystem::temp_directory_path() / "stratus_config_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "scenario.yaml").string();
  {
    std::ofstream out(path);
    out << "simulation:\n  duration: 1h\n  warmup: -5min\n";
  }
  const ConfigDocument doc = ConfigDocument::load_file(path, {}, {{"simulation.duration", "2h"}});
  EXPECT_EQ(doc.file_name(), path);
  EXPECT_DOUBLE_EQ(doc.root()["simulation"]["duration"].as_quantity(Quantity::duration), 7200);
  doc.root()["simulation"]["warmup"].as_quantity(Quantity::duration);
  EXPECT_EQ(errors(doc), path + ":3:11: 'warmup': duration cannot be negative, got '-5min'\n");
  std::filesystem::remove_all(dir);

  const ConfigDocument missing = ConfigDocument::load_file(path, {}, {});
  EXPECT_EQ(errors(missing), path + ": cannot read file: No such file or directory\n");
  EXPECT_TRUE(missing.root().is_null());
  EXPECT_FALSE(missing.syntax_ok());
}

TEST(ConfigFiles, ThousandsOfLinesLoadQuickly) {
  std::string text = "params:\n  rate: 9\nservices:\n";
  for (int i = 0; i < 1000; ++i) {
    text += "  - name: svc" + std::to_string(i) + "\n";
    text += "    rate: ${rate}/s\n";
    text += "    fleet: {count: " + std::to_string(i % 7 + 1) + ", placement: spread}\n";
    text += "    work: {distribution: lognormal, mean: 40ms, cv: 1.5}\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const ConfigDocument doc = parse(text, {{"rate", "12"}}, {{"services.svc999.fleet.count", "3"}});
  double total = 0;
  for (const ConfigNode& s : doc.root()["services"].items()) {
    s.expect_keys({"name", "rate", "fleet", "work"});
    total += s["rate"].as_quantity(Quantity::rate) + static_cast<double>(s["fleet"]["count"].as_integer());
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(doc.diagnostics().has_errors()) << errors(doc);
  EXPECT_EQ(doc.root()["services"].size(), 1000u);
  EXPECT_GT(total, 12000.0);
  EXPECT_LT(ms, 1000.0) << "4000 lines took " << ms << " ms";  // typically ~10 ms; generous for CI
}

}  // namespace
