// The Azure Functions 2019 trace loader, duration sampler and arrival generator, checked against
// the public sample (parsed here a second time, naively, with iostreams) and against small files
// written by the tests.
#include "models/azure_trace.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/random.hpp"
#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using stratus::models::AzureTrace;
using stratus::models::duration_sampler;
using stratus::models::load_azure_trace;
using stratus::models::load_azure_trace_dir;
using stratus::models::MinuteSpreading;
using stratus::models::TraceArrivals;
using stratus::models::TraceDurationSampler;
using stratus::models::TraceFunction;
using stratus::models::TraceLoadOptions;
using stratus::sim::InputError;
using stratus::sim::RandomStream;
using Row = std::vector<std::string>;

// The public sample, committed with the tests (tests/data/README.md names its source and licence).
const fs::path kSampleDir = fs::path(STRATUS_TEST_DATA) / "azure-functions-2019-sample";
const fs::path kInvocations = kSampleDir / "invocations.csv";
const fs::path kDurations = kSampleDir / "durations.csv";
const fs::path kMemory = kSampleDir / "memory.csv";

// ---------------------------------------------------------------------------------------------
// Helpers: an independent, deliberately naive CSV reader and temporary files.

std::vector<Row> naive_csv(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    Row fields;
    std::stringstream fields_in(line);
    std::string field;
    while (std::getline(fields_in, field, ','))
      fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

std::size_t column_of(const Row& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << "no column " << name;
  return static_cast<std::size_t>(it - header.begin());
}

std::string joined(const Row& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += (i ? "," : "") + fields[i];
  return out;
}

/// A folder of its own for each test (tests run in parallel processes), removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("stratus_azure_trace_test_" + std::to_string(::getpid()) + "_" +
                                         info->test_suite_name() + "_" + info->name());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
  std::string write_rows(const std::string& name, const std::vector<Row>& rows) const {
    std::string content;
    for (const Row& row : rows)
      content += joined(row) + "\n";
    return write(name, content);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// A small invocations file: `minutes` minute columns and one row per entry of `rows`, each
/// "owner,app,function,trigger" followed by its counts.
std::string invocations_text(int minutes, const std::vector<std::pair<std::string, std::vector<int>>>& rows) {
  std::string text = "HashOwner,HashApp,HashFunction,Trigger";
  for (int m = 1; m <= minutes; ++m)
    text += "," + std::to_string(m);
  text += "\n";
  for (const auto& [hashes, counts] : rows) {
    text += hashes;
    for (const int c : counts)
      text += "," + std::to_string(c);
    text += "\n";
  }
  return text;
}

std::vector<stratus::sim::Diagnostic> load_errors(const std::string& invocations,
                                                  const std::string& durations = "",
                                                  const std::string& memory = "") {
  try {
    load_azure_trace(invocations, durations, memory);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

class SampleTrace : public ::testing::Test {
 protected:
  void SetUp() override {
    // Part of the repository: missing, the tests fail rather than skip.
    for (const auto& file : {kInvocations, kDurations, kMemory})
      ASSERT_TRUE(fs::exists(file)) << "the Azure trace sample is missing: " << file;
  }
  static AzureTrace load_sample(const TraceLoadOptions& options = {}) {
    return load_azure_trace(kInvocations.string(), kDurations.string(), kMemory.string(), options);
  }
};

// ---------------------------------------------------------------------------------------------
// Loading the sample

TEST_F(SampleTrace, EveryRowLoadsWithTheCountsANaiveParseFinds) {
  const std::vector<Row> rows = naive_csv(kInvocations);
  const AzureTrace trace = load_sample();
  const Row& header = rows.front();
  // The README speaks of three functions; the files hold one row more. Count, don't assume.
  ASSERT_EQ(trace.functions.size(), rows.size() - 1);
  ASSERT_GE(trace.functions.size(), 3u);
  EXPECT_EQ(trace.minutes, 1440u);

  for (std::size_t r = 1; r < rows.size(); ++r) {
    const TraceFunction& f = trace.functions[r - 1];
    EXPECT_EQ(f.owner, rows[r][column_of(header, "HashOwner")]);
    EXPECT_EQ(f.app, rows[r][column_of(header, "HashApp")]);
    EXPECT_EQ(f.function, rows[r][column_of(header, "HashFunction")]);
    EXPECT_EQ(f.trigger, rows[r][column_of(header, "Trigger")]);
    ASSERT_EQ(f.per_minute.size(), 1440u);
    std::uint64_t sum = 0;
    for (int m = 0; m < 1440; ++m) {
      const std::uint32_t count = std::stoul(rows[r][column_of(header, std::to_string(m + 1))]);
      EXPECT_EQ(f.per_minute[m], count) << "row " << r << " minute " << m;
      sum += count;
    }
    EXPECT_EQ(f.total_invocations, sum);
  }
  EXPECT_EQ(trace.functions[0].trigger, "queue");
  EXPECT_EQ(trace.functions.back().trigger, "timer");
}

TEST_F(SampleTrace, DurationsAndMemoryJoinByHashes) {
  const AzureTrace trace = load_sample();
  std::map<std::string, Row> durations, memory;  // by owner,app,function and owner,app
  const std::vector<Row> duration_rows = naive_csv(kDurations), memory_rows = naive_csv(kMemory);
  const Row& dh = duration_rows.front();
  const Row& mh = memory_rows.front();
  for (std::size_t r = 1; r < duration_rows.size(); ++r) {
    const Row& row = duration_rows[r];
    durations[row[column_of(dh, "HashOwner")] + row[column_of(dh, "HashApp")] +
              row[column_of(dh, "HashFunction")]] = row;
  }
  for (std::size_t r = 1; r < memory_rows.size(); ++r)
    memory[memory_rows[r][column_of(mh, "HashOwner")] + memory_rows[r][column_of(mh, "HashApp")]] =
        memory_rows[r];

  const std::vector<std::pair<double, std::string>> percentiles = {
      {0.0, "percentile_Average_0"},  {0.01, "percentile_Average_1"},  {0.25, "percentile_Average_25"},
      {0.5, "percentile_Average_50"}, {0.75, "percentile_Average_75"}, {0.99, "percentile_Average_99"},
      {1.0, "percentile_Average_100"}};
  for (const TraceFunction& f : trace.functions) {
    const Row& d = durations.at(f.owner + f.app + f.function);
    // The loader divides milliseconds by 1000, so the doubles match exactly.
    ASSERT_TRUE(f.average_s.has_value());
    EXPECT_EQ(*f.average_s, std::stod(d[column_of(dh, "Average")]) / 1000.0);
    EXPECT_EQ(f.minimum_s, std::stod(d[column_of(dh, "Minimum")]) / 1000.0);
    EXPECT_EQ(f.maximum_s, std::stod(d[column_of(dh, "Maximum")]) / 1000.0);
    ASSERT_EQ(f.duration_percentiles_s.size(), percentiles.size());
    for (std::size_t i = 0; i < percentiles.size(); ++i) {
      EXPECT_EQ(f.duration_percentiles_s[i].first, percentiles[i].first);
      EXPECT_EQ(f.duration_percentiles_s[i].second,
                std::stod(d[column_of(dh, percentiles[i].second)]) / 1000.0);
    }
    ASSERT_TRUE(f.memory_mb.has_value());
    EXPECT_EQ(*f.memory_mb, std::stod(memory.at(f.owner + f.app)[column_of(mh, "AverageAllocatedMb")]));
  }
}

TEST_F(SampleTrace, FolderLoaderFindsTheThreeFiles) {
  const AzureTrace by_dir = load_azure_trace_dir(kSampleDir.string());
  const AzureTrace by_path = load_sample();
  ASSERT_EQ(by_dir.functions.size(), by_path.functions.size());
  for (std::size_t i = 0; i < by_dir.functions.size(); ++i) {
    EXPECT_EQ(by_dir.functions[i].per_minute, by_path.functions[i].per_minute);
    EXPECT_EQ(by_dir.functions[i].average_s, by_path.functions[i].average_s);
    EXPECT_EQ(by_dir.functions[i].memory_mb, by_path.functions[i].memory_mb);
  }
}

TEST_F(SampleTrace, WithoutDurationsOrMemoryFilesTheyAreAbsent) {
  const AzureTrace trace = load_azure_trace(kInvocations.string(), "", "");
  ASSERT_FALSE(trace.functions.empty());
  for (const TraceFunction& f : trace.functions) {
    EXPECT_FALSE(f.average_s || f.minimum_s || f.maximum_s || f.memory_mb);
    EXPECT_TRUE(f.duration_percentiles_s.empty());
    EXPECT_THROW(duration_sampler(f), std::invalid_argument);
  }
}

TEST_F(SampleTrace, AFunctionWithoutADurationsRowHasNoDurations) {
  TempDir tmp;
  std::vector<Row> rows = naive_csv(kDurations);
  const std::string dropped = rows[1][column_of(rows[0], "HashFunction")];
  rows.erase(rows.begin() + 1);
  const AzureTrace trace =
      load_azure_trace(kInvocations.string(), tmp.write_rows("durations.csv", rows), kMemory.string());
  for (const TraceFunction& f : trace.functions) {
    const bool has_row = f.function != dropped;
    EXPECT_EQ(f.average_s.has_value(), has_row);
    EXPECT_EQ(f.minimum_s.has_value(), has_row);
    EXPECT_EQ(f.maximum_s.has_value(), has_row);
    EXPECT_EQ(f.duration_percentiles_s.empty(), !has_row);
    EXPECT_TRUE(f.memory_mb.has_value());
  }
}

// ---------------------------------------------------------------------------------------------
// Columns are found by name

TEST_F(SampleTrace, MemoryColumnsInAnyOrderWithoutHashFunction) {
  // The public memory file has no HashFunction column and its own order; shuffle the sample's.
  TempDir tmp;
  const std::vector<Row> rows = naive_csv(kMemory);
  const std::vector<std::string> order = {
      "AverageAllocatedMb_pct50",  "AverageAllocatedMb", "HashApp", "SampleCount",
      "AverageAllocatedMb_pct100", "HashOwner"};
  std::vector<Row> shuffled;
  for (const Row& row : rows) {
    Row out;
    for (const std::string& name : order)
      out.push_back(row[column_of(rows[0], name)]);
    shuffled.push_back(out);
  }
  const AzureTrace reference = load_sample();
  const AzureTrace trace =
      load_azure_trace(kInvocations.string(), kDurations.string(), tmp.write_rows("memory.csv", shuffled));
  ASSERT_EQ(trace.functions.size(), reference.functions.size());
  for (std::size_t i = 0; i < trace.functions.size(); ++i) {
    ASSERT_TRUE(trace.functions[i].memory_mb.has_value());
    EXPECT_EQ(trace.functions[i].memory_mb, reference.functions[i].memory_mb);
  }
}

TEST_F(SampleTrace, InvocationAndDurationColumnsInAnyOrder) {
  // Minutes reversed and hashes last; durations columns reversed.
  TempDir tmp;
  std::vector<Row> invocations = naive_csv(kInvocations), durations = naive_csv(kDurations);
  for (Row& row : invocations) {
    std::rotate(row.begin(), row.begin() + 4, row.end());
    std::reverse(row.begin(), row.begin() + 1440);
  }
  for (Row& row : durations)
    std::reverse(row.begin(), row.end());
  const AzureTrace reference = load_sample();
  const AzureTrace trace = load_azure_trace(tmp.write_rows("inv.csv", invocations),
                                            tmp.write_rows("dur.csv", durations), kMemory.string());
  ASSERT_EQ(trace.functions.size(), reference.functions.size());
  for (std::size_t i = 0; i < trace.functions.size(); ++i) {
    const TraceFunction& a = trace.functions[i];
    const TraceFunction& b = reference.functions[i];
    EXPECT_EQ(a.function, b.function);
    EXPECT_EQ(a.trigger, b.trigger);
    EXPECT_EQ(a.per_minute, b.per_minute);
    EXPECT_EQ(a.average_s, b.average_s);
    EXPECT_EQ(a.duration_percentiles_s, b.duration_percentiles_s);
  }
}

TEST(AzureTraceLoad, MemoryIsSharedByAnAppAndAFunctionRowWinsForItsFunction) {
  TempDir tmp;
  const std::string inv = tmp.write("inv.csv", invocations_text(2, {{"o,a,f1,http", {1, 0}},
                                                                    {"o,a,f2,http", {0, 1}},
                                                                    {"o,b,f3,http", {1, 1}},
                                                                    {"o,c,f4,http", {2, 2}}}));
  const AzureTrace per_app = load_azure_trace(
      inv, "", tmp.write("app.csv", "HashOwner,HashApp,AverageAllocatedMb\no,a,128\no,b,256\n"));
  EXPECT_EQ(per_app.functions[0].memory_mb, 128.0);
  EXPECT_EQ(per_app.functions[1].memory_mb, 128.0);
  EXPECT_EQ(per_app.functions[2].memory_mb, 256.0);
  EXPECT_FALSE(per_app.functions[3].memory_mb.has_value());  // app c has no row

  // With a HashFunction column: a function's own row first, otherwise the app's first row.
  const AzureTrace per_function = load_azure_trace(
      inv, "",
      tmp.write("fn.csv",
                "HashOwner,HashApp,HashFunction,AverageAllocatedMb\no,a,f9,100\no,a,f2,300\no,a,f2,999\n"));
  EXPECT_EQ(per_function.functions[0].memory_mb, 100.0);
  EXPECT_EQ(per_function.functions[1].memory_mb, 300.0);
}

// A scenario replaying a trace whose memory column has sizes outside Lambda's 128-10,240 MB:
// app a 64 MB, b 200 MB, c 20,000 MB, d no row (the scenario's `memory`, 512 MB).
class TraceMemoryScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_.write("invocations.csv", invocations_text(2, {{"o,a,f1,http", {1, 0}},
                                                       {"o,b,f2,http", {1, 0}},
                                                       {"o,c,f3,http", {1, 0}},
                                                       {"o,d,f4,http", {1, 0}}}));
    tmp_.write("memory.csv", "HashOwner,HashApp,AverageAllocatedMb\no,a,64\no,b,200\no,c,20000\n");
  }
  std::string scenario(const std::string& memory) const {
    return tmp_.write("s.yaml",
                      "stratus: 1\n"
                      "simulation: {duration: 2min}\n"
                      "platform:\n"
                      "  host_types: {h: {cores: 16, memory: 64GiB}}\n"
                      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: h}]\n"
                      "serverless:\n"
                      "  trace:\n"
                      "    dir: " +
                          tmp_.path().string() + "\n    memory: " + memory + "\n");
  }
  TempDir tmp_;
};

TEST_F(TraceMemoryScenario, SizesOutsideLambdasRangeAreBroughtInAndCounted) {
  const stratus::models::ScenarioSpec spec = stratus::models::load_scenario(scenario("512MB"));
  ASSERT_EQ(spec.serverless.functions.size(), 4u);
  EXPECT_EQ(spec.serverless.functions[0].memory_mb, 128.0);
  EXPECT_EQ(spec.serverless.functions[1].memory_mb, 200.0);
  EXPECT_EQ(spec.serverless.functions[2].memory_mb, 10240.0);
  EXPECT_EQ(spec.serverless.functions[3].memory_mb, 512.0);
  ASSERT_EQ(spec.adjustments.size(), 2u);
  EXPECT_EQ(spec.adjustments[0].key, "trace_memory_raised_to_128mb");
  EXPECT_EQ(spec.adjustments[0].count, 1u);
  EXPECT_EQ(spec.adjustments[1].key, "trace_memory_lowered_to_10240mb");
  EXPECT_EQ(spec.adjustments[1].count, 1u);
  EXPECT_EQ(spec.adjustments[0].where.line, 8);  // at `dir:`
}

TEST_F(TraceMemoryScenario, TheRunWarnsAtTheTraceAndCountsInTheSummary) {
  const std::string file = scenario("512MB");
  const fs::path out = tmp_.path() / "out";
  const auto r = stratus::testing::run_command(
      stratus::testing::stratus_cmd("run " + file + " --quiet --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(file + ":8:10: warning: 1 trace function(s) with less than 128 MB"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(file + ":8:10: warning: 1 trace function(s) with more than 10,240 MB"),
            std::string::npos)
      << r.output;
  const std::string summary = stratus::testing::read_text(out / "summary.json");
  EXPECT_NE(summary.find("\"trace_memory_raised_to_128mb\": 1"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"trace_memory_lowered_to_10240mb\": 1"), std::string::npos) << summary;
}

TEST_F(TraceMemoryScenario, TheScenariosOwnMemoryOutsideTheRangeIsAnError) {
  try {
    stratus::models::load_scenario(scenario("64MB"));
    FAIL() << "64MB accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].where.line, 9);
    EXPECT_EQ(e.diagnostics()[0].message,
              "'memory' must be between 128MB and 10240MB (Lambda's range), got 64MB");
  }
}

TEST(AzureTraceLoad, CrLfBlankLinesAndAMissingFinalNewlineAreAccepted) {
  TempDir tmp;
  const std::string inv = tmp.write("inv.csv",
                                    "HashOwner,HashApp,HashFunction,Trigger,1,2\r\n\r\no,a,f1,http,1,2\r\n"
                                    "o,a,f2,timer,3,4");
  const AzureTrace trace = load_azure_trace(inv, "", "");
  ASSERT_EQ(trace.functions.size(), 2u);
  EXPECT_EQ(trace.functions[0].per_minute, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(trace.functions[1].trigger, "timer");
  EXPECT_EQ(trace.functions[1].total_invocations, 7u);
}

TEST(AzureTraceLoad, RowsSpanningReadBlocksAndALineLongerThanABlock) {
  // 2,000 rows of 1,440 minutes (~6 MB) cross the 4 MB read block; a 1.2 million-minute header
  // (~9 MB on one line) makes the buffer grow.
  TempDir tmp;
  RandomStream rng(11);
  std::vector<std::pair<std::string, std::vector<int>>> rows;
  std::vector<std::uint64_t> totals;
  for (int r = 0; r < 2000; ++r) {
    std::vector<int> counts(1440);
    std::uint64_t total = 0;
    for (int& c : counts) {
      c = static_cast<int>(rng.below(1000));
      total += static_cast<std::uint64_t>(c);
    }
    rows.emplace_back("o,a,f" + std::to_string(r) + ",http", counts);
    totals.push_back(total);
  }
  const AzureTrace trace = load_azure_trace(tmp.write("inv.csv", invocations_text(1440, rows)), "", "");
  ASSERT_EQ(trace.functions.size(), rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    ASSERT_EQ(trace.functions[r].total_invocations, totals[r]) << "row " << r;

  const int kLong = 1'200'000;
  std::vector<int> counts(kLong, 0);
  counts.back() = 5;
  const AzureTrace wide =
      load_azure_trace(tmp.write("wide.csv", invocations_text(kLong, {{"o,a,f,http", counts}})), "", "");
  ASSERT_EQ(wide.minutes, static_cast<std::size_t>(kLong));
  EXPECT_EQ(wide.functions.at(0).per_minute.back(), 5u);
  EXPECT_EQ(wide.functions.at(0).total_invocations, 5u);
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(AzureTraceErrors, ABadCountIsReportedAtItsLineAndColumn) {
  TempDir tmp;
  const std::string bad_line = "owner2,app2,fn2,http,0,1,2,x,4";
  const std::string path = tmp.write("inv.csv",
                                     "HashOwner,HashApp,HashFunction,Trigger,1,2,3,4,5\n"
                                     "owner1,app1,fn1,http,0,1,2,3,4\n" +
                                         bad_line + "\n");
  const auto errors = load_errors(path);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.file, path);
  EXPECT_EQ(errors[0].where.line, 3);
  EXPECT_EQ(errors[0].where.column, static_cast<int>(bad_line.find(",x,")) + 2);
  EXPECT_NE(errors[0].message.find("'x'"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[0].format().rfind(path + ":3:" + std::to_string(errors[0].where.column) + ": ", 0), 0u);
}

TEST(AzureTraceErrors, EveryBadRowIsReportedWithItsOwnPosition) {
  TempDir tmp;
  const std::string negative_row = "o,a,f1,http,1,-2,3";
  const std::string short_row = "o,a,f2,http,1,2";
  const std::string long_row = "o,a,f3,http,1,2,3,4";
  const std::string fraction_row = "o,a,f4,http,1,2,3.5";
  const std::string path =
      tmp.write("inv.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2,3\n" + negative_row + "\n" +
                               short_row + "\n" + long_row + "\n" + fraction_row + "\n");
  const auto errors = load_errors(path);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].where.line, 2);
  EXPECT_EQ(errors[0].where.column, static_cast<int>(negative_row.find("-2")) + 1);
  EXPECT_EQ(errors[1].where.line, 3);
  EXPECT_EQ(errors[1].where.column, static_cast<int>(short_row.size()) + 1);  // just past the end
  EXPECT_NE(errors[1].message.find("expected 7 fields"), std::string::npos) << errors[1].message;
  EXPECT_EQ(errors[2].where.line, 4);
  EXPECT_EQ(errors[2].where.column, static_cast<int>(long_row.rfind(',')) + 2);  // the extra field
  EXPECT_EQ(errors[3].where.line, 5);
  EXPECT_EQ(errors[3].where.column,
            static_cast<int>(fraction_row.find("3.5")) + 1);  // counts are whole numbers
}

TEST(AzureTraceErrors, BadDurationsAndMemoryValuesArePlaced) {
  TempDir tmp;
  const std::string inv = tmp.write("inv.csv", invocations_text(1, {{"o,a,f,http", {1}}}));
  const std::string dur =
      tmp.write("dur.csv", "HashOwner,HashApp,HashFunction,Average\no,a,f,-5\no,a,g,nan\n");
  const std::string mem = tmp.write("mem.csv", "HashOwner,HashApp,AverageAllocatedMb\no,a,big\n");
  const auto errors = load_errors(inv, dur, mem);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].where, (stratus::sim::SourceLocation{dur, 2, 7}));
  EXPECT_EQ(errors[1].where, (stratus::sim::SourceLocation{dur, 3, 7}));
  EXPECT_EQ(errors[2].where, (stratus::sim::SourceLocation{mem, 2, 5}));
}

TEST(AzureTraceErrors, MissingOrRepeatedHeaderColumnsStopAtTheHeader) {
  TempDir tmp;
  const std::string header = "HashOwner,HashFunction,Trigger,1,2,2";
  const auto errors = load_errors(tmp.write("inv.csv", header + "\no,f,http,1,2,3\n"));
  ASSERT_EQ(errors.size(), 2u);
  for (const auto& e : errors)
    EXPECT_EQ(e.where.line, 1);
  EXPECT_NE(errors[0].message.find("HashApp"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[1].where.column, static_cast<int>(header.rfind(",2")) + 2);  // the second "2"
  EXPECT_EQ(load_errors(tmp.write("empty.csv", "")).at(0).where.line, 1);
}

TEST(AzureTraceErrors, ReadingStopsAfterTwentyErrors) {
  TempDir tmp;
  std::string text = "HashOwner,HashApp,HashFunction,Trigger,1\n";
  for (int r = 0; r < 50; ++r)
    text += "o,a,f" + std::to_string(r) + ",http,bad\n";
  const auto errors = load_errors(tmp.write("inv.csv", text));
  ASSERT_EQ(errors.size(), 21u);  // 20 located errors and a note that reading stopped
  EXPECT_EQ(errors[0].where.line, 0);
  EXPECT_NE(errors[0].message.find("stopped"), std::string::npos);
  EXPECT_EQ(errors.back().where.line, 21);
}

TEST(AzureTraceErrors, AnUnreadableFileIsNotAnInputError) {
  const std::string missing = (fs::temp_directory_path() / "stratus_no_such_dir" / "inv.csv").string();
  try {
    load_azure_trace(missing, "", "");
    FAIL() << "expected an exception";
  } catch (const InputError&) {
    FAIL() << "an unreadable file is a runtime_error, not bad input";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos);
  }
  EXPECT_THROW(load_azure_trace_dir((fs::temp_directory_path() / "stratus_no_such_dir").string()),
               std::runtime_error);
}

// ---------------------------------------------------------------------------------------------
// Filtering

TEST_F(SampleTrace, OptionsFilterInFileOrder) {
  const AzureTrace all = load_sample();
  ASSERT_GE(all.functions.size(), 3u);

  TraceLoadOptions first_two;
  first_two.max_functions = 2;
  const AzureTrace two = load_sample(first_two);
  ASSERT_EQ(two.functions.size(), 2u);
  EXPECT_EQ(two.functions[0].function, all.functions[0].function);
  EXPECT_EQ(two.functions[1].function, all.functions[1].function);

  // The busiest total as threshold keeps exactly the functions that reach it.
  std::uint64_t busiest = 0;
  for (const TraceFunction& f : all.functions)
    busiest = std::max(busiest, f.total_invocations);
  TraceLoadOptions busy;
  busy.min_invocations = busiest;
  const AzureTrace busy_trace = load_sample(busy);
  const auto expected_busy =
      std::count_if(all.functions.begin(), all.functions.end(),
                    [&](const TraceFunction& f) { return f.total_invocations >= busiest; });
  ASSERT_EQ(busy_trace.functions.size(), static_cast<std::size_t>(expected_busy));
  for (const TraceFunction& f : busy_trace.functions)
    EXPECT_GE(f.total_invocations, busiest);

  // A substring of one hash selects that function, joined with its durations and memory.
  TraceLoadOptions one;
  one.function_filter = all.functions[2].function.substr(20, 12);
  const AzureTrace filtered = load_sample(one);
  ASSERT_EQ(filtered.functions.size(), 1u);
  EXPECT_EQ(filtered.functions[0].function, all.functions[2].function);
  EXPECT_EQ(filtered.functions[0].average_s, all.functions[2].average_s);
  EXPECT_EQ(filtered.functions[0].memory_mb, all.functions[2].memory_mb);

  TraceLoadOptions none;
  none.function_filter = "not-a-hex-hash";
  const AzureTrace empty = load_sample(none);
  EXPECT_TRUE(empty.functions.empty());
  EXPECT_EQ(empty.minutes, 1440u);
}

// ---------------------------------------------------------------------------------------------
// Execution times

/// The empirical p-quantile of sorted samples.
double empirical_quantile(const std::vector<double>& sorted, double p) {
  return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

/// Draws n samples and checks the 25th, 50th and 75th empirical percentiles. The standard error
/// of an empirical p-quantile is sqrt(p (1 - p) / n) in probability; the quantile function's
/// slope on either side converts it into seconds. Five standard errors (plus the rank rounding)
/// cannot fail by chance with a fixed seed, yet catch any misplaced segment.
void expect_quantiles_match(const TraceDurationSampler& sampler, std::uint64_t seed) {
  constexpr std::size_t n = 400'000;
  RandomStream rng(seed);
  std::vector<double> samples(n);
  for (double& s : samples)
    s = sampler.sample(rng);
  std::sort(samples.begin(), samples.end());
  for (const double p : {0.25, 0.5, 0.75}) {
    const double se = std::sqrt(p * (1 - p) / n);
    const double slope = std::max(sampler.quantile(p + 5 * se) - sampler.quantile(p),
                                  sampler.quantile(p) - sampler.quantile(p - 5 * se));
    EXPECT_NEAR(empirical_quantile(samples, p), sampler.quantile(p), slope + 1e-12) << "p=" << p;
  }
}

TEST(TraceDurationSampler, QuantilesAreThePercentilePointsAndSamplesMatchThem) {
  // A skewed, strictly increasing function in the shape of real traces (milliseconds).
  const std::vector<std::pair<double, double>> points = {
      {0.0, 0.010}, {0.01, 0.020}, {0.25, 0.050}, {0.5, 0.080}, {0.75, 0.150}, {0.99, 0.900}, {1.0, 2.0}};
  const TraceDurationSampler sampler(points);
  for (const auto& [p, x] : points)
    EXPECT_DOUBLE_EQ(sampler.quantile(p), x);
  EXPECT_DOUBLE_EQ(sampler.quantile(0.375), 0.065);  // linear between the 25th and 50th
  expect_quantiles_match(sampler, 1);

  // The mean of samples within five standard errors of the exact piecewise-linear mean.
  RandomStream rng(2);
  constexpr int n = 400'000;
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += sampler.sample(rng);
  const double sd = sampler.mean() * std::sqrt(sampler.scv());
  EXPECT_NEAR(sum / n, sampler.mean(), 5 * sd / std::sqrt(n));
  EXPECT_NEAR(sampler.to_distribution().mean(), sampler.mean(), 1e-3 * sampler.mean());
}

TEST_F(SampleTrace, SamplersFollowTheFilesPercentilesAndAverage) {
  const AzureTrace trace = load_sample();
  std::uint64_t seed = 10;
  for (const TraceFunction& f : trace.functions) {
    const TraceDurationSampler sampler = duration_sampler(f);
    for (const auto& [p, x] : f.duration_percentiles_s)
      EXPECT_DOUBLE_EQ(sampler.quantile(p), x);
    expect_quantiles_match(sampler, ++seed);
    // The file's percentiles are whole milliseconds, so the mean of the curve through them can
    // differ from the recorded Average by up to 1 ms.
    EXPECT_NEAR(sampler.mean(), *f.average_s, 1e-3) << f.function;
  }
}

TEST(TraceDurationSampler, DisorderedDuplicateAndMissingEndPoints) {
  // Sorted by fraction; the running maximum makes values monotone; (0.5, 2) after (0.5, 3) is lifted.
  const TraceDurationSampler disordered({{0.5, 3.0}, {0.0, 1.0}, {0.5, 2.0}, {1.0, 2.5}});
  EXPECT_DOUBLE_EQ(disordered.quantile(0.25), 2.0);
  EXPECT_DOUBLE_EQ(disordered.quantile(0.75), 3.0);
  for (std::size_t i = 1; i < disordered.points().size(); ++i)
    EXPECT_LE(disordered.points()[i - 1].second, disordered.points()[i].second);

  // Without 0 and 1 the ends are flat: mean = 0.25·1 + 0.5·1.5 + 0.25·2.
  const TraceDurationSampler inner({{0.25, 1.0}, {0.75, 2.0}});
  EXPECT_DOUBLE_EQ(inner.quantile(0.1), 1.0);
  EXPECT_DOUBLE_EQ(inner.quantile(0.9), 2.0);
  EXPECT_DOUBLE_EQ(inner.mean(), 1.5);

  EXPECT_THROW(TraceDurationSampler({}), std::invalid_argument);
  EXPECT_THROW(TraceDurationSampler({{0.5, std::numeric_limits<double>::quiet_NaN()}}),
               std::invalid_argument);
}

TEST(TraceDurationSampler, AnAverageAloneIsConstant) {
  TraceFunction f;
  f.function = "f";
  f.average_s = 0.25;
  const TraceDurationSampler sampler = duration_sampler(f);
  RandomStream rng(3);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(sampler.sample(rng), 0.25);
  EXPECT_EQ(sampler.mean(), 0.25);
  EXPECT_EQ(sampler.scv(), 0.0);
  EXPECT_EQ(sampler.to_distribution().kind(), stratus::sim::Distribution::Kind::constant);
}

// ---------------------------------------------------------------------------------------------
// Arrivals

std::vector<double> all_arrivals(TraceArrivals arrivals) {
  std::vector<double> times;
  for (double t = arrivals.next(); std::isfinite(t); t = arrivals.next())
    times.push_back(t);
  EXPECT_TRUE(std::isinf(arrivals.next()));  // and it stays at the end
  return times;
}

/// Exactly per_minute[m] arrivals in [60 m, 60 m + 60) + offset for every minute, in order.
void expect_minute_counts(const TraceFunction& f, const std::vector<double>& times, double offset = 0.0) {
  ASSERT_EQ(times.size(), f.total_invocations);
  ASSERT_TRUE(std::is_sorted(times.begin(), times.end()));
  std::vector<std::uint32_t> counts(f.per_minute.size(), 0);
  for (const double t : times) {
    const double minute = std::floor((t - offset) / 60.0);
    ASSERT_GE(minute, 0.0);
    ASSERT_LT(minute, static_cast<double>(counts.size()));
    const auto m = static_cast<std::size_t>(minute);
    ASSERT_GE(t, offset + 60.0 * m);
    ASSERT_LT(t, offset + 60.0 * m + 60.0);
    ++counts[m];
  }
  EXPECT_EQ(counts, f.per_minute);
}

TEST_F(SampleTrace, ArrivalsReproduceEveryMinutesCount) {
  const AzureTrace trace = load_azure_trace(kInvocations.string(), "", "");
  const stratus::sim::RandomStreams streams(2019);
  for (const TraceFunction& f : trace.functions) {
    const std::vector<double> uniform =
        all_arrivals(TraceArrivals(f, MinuteSpreading::uniform_random, streams.stream(f.function)));
    expect_minute_counts(f, uniform);
    EXPECT_EQ(uniform,
              all_arrivals(TraceArrivals(f, MinuteSpreading::uniform_random, streams.stream(f.function))));
    EXPECT_NE(uniform,
              all_arrivals(TraceArrivals(f, MinuteSpreading::uniform_random, streams.stream("other"))));

    const std::vector<double> even =
        all_arrivals(TraceArrivals(f, MinuteSpreading::equidistant, RandomStream(1)));
    expect_minute_counts(f, even);
    std::vector<double> expected;
    for (std::size_t m = 0; m < f.per_minute.size(); ++m)
      for (std::uint32_t i = 0; i < f.per_minute[m]; ++i)
        expected.push_back(60.0 * static_cast<double>(m) + 60.0 * ((i + 0.5) / f.per_minute[m]));
    EXPECT_EQ(even, expected);

    const std::vector<double> shifted =
        all_arrivals(TraceArrivals(f, MinuteSpreading::uniform_random, streams.stream(f.function), 3600.0));
    expect_minute_counts(f, shifted, 3600.0);
  }
}

TEST(TraceArrivals, ABusyMinuteIsUniformSortedAndInside) {
  TraceFunction f;
  f.per_minute = {0, 100'000, 0, 3, 1};
  f.total_invocations = 100'004;
  const std::vector<double> times =
      all_arrivals(TraceArrivals(f, MinuteSpreading::uniform_random, RandomStream(5)));
  expect_minute_counts(f, times);
  // Kolmogorov–Smirnov against uniform on [60, 120): the 0.1% critical value is 1.95 / sqrt(n).
  const double n = 100'000;
  double worst = 0;
  for (std::size_t i = 0; i < 100'000; ++i) {
    const double cdf = (times[i] - 60.0) / 60.0;
    worst = std::max({worst, std::abs(cdf - static_cast<double>(i) / n), std::abs(cdf - (i + 1.0) / n)});
  }
  EXPECT_LT(worst, 1.95 / std::sqrt(n));
}

TEST(TraceArrivals, AFunctionNeverInvokedHasNoArrivals) {
  TraceFunction f;
  f.per_minute.assign(1440, 0);
  TraceArrivals arrivals(f, MinuteSpreading::uniform_random, RandomStream(1));
  EXPECT_TRUE(std::isinf(arrivals.next()));
}

}  // namespace
