// Invocation conservation: what the platform still holds at the end is counted, not derived
// from the other totals, so that a lost or twice-counted invocation fails the run.
#include "models/serverless_conservation.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

namespace {

using namespace stratus;
namespace fs = std::filesystem;

std::string trace_file(const std::vector<double>& times) {
  const fs::path path = fs::temp_directory_path() / ("stratus-held-" + std::to_string(::getpid()) + ".csv");
  std::ofstream out(path);
  for (double t : times)
    out << t << "\n";
  return path.string();
}

// Function f: arrivals at 0, 1,500 and 1,600 s, each waiting 1,000 s in its handler, in a run of
// 2,000 s: the first completes, the others are still executing at the end. Function g: three
// uploads at once under a reservation of 1 with a long handler: one runs, two wait for a retry.
nlohmann::json held_at_the_end() {
  const std::string text =
      "stratus: 1\n"
      "simulation: {duration: 2000s, sample_interval: 100s}\n"
      "platform:\n"
      "  host_types: {w: {cores: 64, core_speed: 1Gf, memory: 512GiB}}\n"
      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
      "serverless:\n"
      "  buckets: [{name: up, puts: {process: batch, count: 3}}]\n"
      "  functions:\n"
      "    - {name: f, work: 0s, wait: 1000s, cold_start: 0s,\n"
      "       triggers: [{type: http, arrivals: {process: trace, file: " +
      trace_file({0.0, 1500.0, 1600.0}) +
      "}}]}\n"
      "    - {name: g, work: 0s, wait: 5000s, cold_start: 0s, reserved_concurrency: 1,\n"
      "       triggers: [{type: bucket, bucket: up}]}\n";
  return models::run_scenario(models::parse_scenario(text, "held.yaml")).summary["serverless"];
}

models::FunctionTotals totals_of(const nlohmann::json& fn) {
  models::FunctionTotals t;
  t.invocations = fn["invocations"].get<std::uint64_t>();
  t.completed = fn["completed"].get<std::uint64_t>();
  t.failed = fn["failed"].get<std::uint64_t>();
  t.in_flight = fn["in_flight"].get<std::uint64_t>();
  return t;
}

TEST(InvocationConservation, WhatIsHeldAtTheEndIsCounted) {
  const auto s = held_at_the_end();
  const auto& f = s["functions"]["f"];
  EXPECT_EQ(f["invocations"], 3);
  EXPECT_EQ(f["completed"], 1);
  EXPECT_EQ(f["in_flight"], 2);  // executing
  const auto& g = s["functions"]["g"];
  EXPECT_EQ(g["invocations"], 3);
  EXPECT_EQ(g["completed"], 0);
  EXPECT_EQ(g["failed"], 0);
  EXPECT_EQ(g["in_flight"], 3);  // one executing, two scheduled for a retry
  EXPECT_EQ(models::invocation_imbalance({"f", "g"}, {totals_of(f), totals_of(g)}), "");
}

TEST(InvocationConservation, ALostInvocationTripsTheCheckAndNamesTheFunction) {
  const auto s = held_at_the_end();
  const models::FunctionTotals f = totals_of(s["functions"]["f"]);
  models::FunctionTotals g = totals_of(s["functions"]["g"]);
  --g.in_flight;  // the platform lost one of g's retries
  const std::string message = models::invocation_imbalance({"f", "g"}, {f, g});
  EXPECT_NE(message.find("function 'g'"), std::string::npos) << message;
  EXPECT_NE(message.find("(1 lost)"), std::string::npos) << message;
  EXPECT_EQ(message.find("'f'"), std::string::npos) << message;
}

TEST(InvocationConservation, AnOverCountIsReportedWithoutWrappingAround) {
  models::FunctionTotals t;
  t.invocations = 3;
  t.completed = 3;
  t.in_flight = 1;  // counted twice: completed and still held
  const std::string message = models::invocation_imbalance({"f"}, {t});
  EXPECT_NE(message.find("3 arrived, 3 completed + 0 failed + 1 held at the end (1 counted twice)"),
            std::string::npos)
      << message;
}

}  // namespace
