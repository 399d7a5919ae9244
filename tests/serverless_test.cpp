// Serverless platform rules, exactly: keep-alive boundaries, scaling limits on a burst,
// CPU sharing between co-located sandboxes, retries, provisioned concurrency, conservation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "sim/diagnostics.hpp"
#include "sim/observer.hpp"
#include "support/csv_column.hpp"

namespace {

using namespace stratus;
namespace fs = std::filesystem;

/// A one-function scenario; `function` and `extra` are spliced into the YAML.
std::string scenario(const std::string& function, const std::string& serverless_extra = "",
                     const std::string& host = "{cores: 64, core_speed: 1Gf, memory: 512GiB}") {
  return "stratus: 1\n"
         "simulation: {duration: 2000s, sample_interval: 100s}\n"
         "platform:\n"
         "  host_types: {w: " +
         host +
         "}\n"
         "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
         "serverless:\n" +
         serverless_extra +
         "  functions:\n"
         "    - name: f\n" +
         function;
}

nlohmann::json run_text(const std::string& text) {
  return models::run_scenario(models::parse_scenario(text, "test.yaml")).summary;
}

std::string trace_file(const std::vector<double>& times) {
  const fs::path path = fs::temp_directory_path() / ("stratus-trace-" + std::to_string(::getpid()) + ".csv");
  std::ofstream out(path);
  for (double t : times)
    out << t << "\n";
  return path.string();
}

// Invocation 1 arrives at 0: cold (0.5 s init + 1 s handler), ends at 1.5 s. The second one
// arrives after an idle time just under, or just over, the 600 s keep-alive.
nlohmann::json idle_gap_run(double idle_s, const std::string& keep_alive = "{policy: fixed, ttl: 10min}") {
  const std::string file = trace_file({0.0, 1.5 + idle_s});
  return run_text(
      scenario("      memory: 1769MB\n"
               "      work: 1s\n"
               "      cold_start: 500ms\n"
               "      keep_alive: " +
               keep_alive +
               "\n"
               "      triggers: [{type: http, arrivals: {process: trace, file: " +
               file + "}}]\n"))["serverless"];
}

TEST(ServerlessRules, IdleJustUnderTheKeepAliveIsWarm) {
  const auto s = idle_gap_run(599.9);
  EXPECT_EQ(s["invocations"], 2);
  EXPECT_EQ(s["cold_starts"], 1);
  EXPECT_DOUBLE_EQ(s["latency_s"]["warm"]["mean"].get<double>(), 1.0);
}

TEST(ServerlessRules, IdleJustOverTheKeepAliveIsCold) {
  const auto s = idle_gap_run(600.1);
  EXPECT_EQ(s["cold_starts"], 2);
  EXPECT_DOUBLE_EQ(s["latency_s"]["cold"]["mean"].get<double>(), 1.5);
}

// One run a test: SimGrid runs one simulation per process.
const std::string kExactExpiry = "{policy: fixed, ttl: 10min, expiry: exact}";
const std::string kReaper60s = "{policy: fixed, ttl: 10min, expiry: {reaper: 60s}}";
const std::string kReaper1s = "{policy: fixed, ttl: 10min, expiry: {reaper: 1s}}";

TEST(ServerlessRules, ExactExpiryWrittenOutIsTheDefaultUnder) {
  EXPECT_EQ(idle_gap_run(599.9, kExactExpiry)["cold_starts"], 1);
}

TEST(ServerlessRules, ExactExpiryWrittenOutIsTheDefaultOver) {
  EXPECT_EQ(idle_gap_run(600.1, kExactExpiry)["cold_starts"], 2);
}

// The keep-alive runs out at 1.5 + 600 = 601.5 s; a reaper sweeping every 60 s reclaims the
// sandbox at its sweep of 660 s, so a request at 659.5 s is still warm and one at 660.5 s cold.
TEST(ServerlessRules, AReaperKeepsTheSandboxUntilItsNextSweep) {
  EXPECT_EQ(idle_gap_run(658.0, kReaper60s)["cold_starts"], 1);
}

TEST(ServerlessRules, AReaperReclaimsAtItsNextSweep) {
  EXPECT_EQ(idle_gap_run(659.0, kReaper60s)["cold_starts"], 2);
}

// Sweeps every second reclaim at 602 s: warm at 601.9 s, cold at 602.1 s.
TEST(ServerlessRules, AOneSecondReaperKeepsTheSandboxToTheNextSecond) {
  EXPECT_EQ(idle_gap_run(600.4, kReaper1s)["cold_starts"], 1);
}

TEST(ServerlessRules, AOneSecondReaperReclaimsAtTheNextSecond) {
  EXPECT_EQ(idle_gap_run(600.6, kReaper1s)["cold_starts"], 2);
}

nlohmann::json burst_run(const std::string& model) {
  return run_text(
      scenario("      memory: 128MB\n"
               "      work: 10s\n"
               "      cold_start: 100ms\n"
               "      triggers: [{type: http, arrivals: {process: batch, count: 10000}}]\n",
               "  scaling: " + model + "\n  account_concurrency: 10000\n"))["serverless"];
}

TEST(ServerlessRules, TenThousandAtOnceUnderPerFunctionRate) {
  // Since 2023: 1,000 new environments per 10 s per function; the rest are throttled and,
  // being synchronous, fail.
  const auto s = burst_run("per-function-rate");
  EXPECT_EQ(s["invocations"], 10000);
  EXPECT_EQ(s["cold_starts"], 1000);
  EXPECT_EQ(s["throttled"], 9000);
  EXPECT_EQ(s["failed"], 9000);
  EXPECT_EQ(s["completed"], 1000);
}

TEST(ServerlessRules, TenThousandAtOnceUnderTheBurstModel) {
  // Before 2023: an account-wide burst of 3,000.
  const auto s = burst_run("burst");
  EXPECT_EQ(s["cold_starts"], 3000);
  EXPECT_EQ(s["throttled"], 7000);
}

/// One single-core worker (1 Gf) and a function of `memory` doing 1 s of work per invocation,
/// without a cold-start delay, invoked at each of `arrivals_s`.
nlohmann::json one_core_run(const std::string& memory, const std::vector<double>& arrivals_s) {
  return run_text(scenario("      memory: " + memory +
                               "\n"
                               "      work: 1s\n"
                               "      cold_start: 0s\n"
                               "      triggers: [{type: http, arrivals: {process: trace, file: " +
                               trace_file(arrivals_s) + "}}]\n",
                           "", "{cores: 1, core_speed: 1Gf, memory: 16GiB}"))["serverless"];
}

TEST(ServerlessRules, CoLocatedSandboxesShareTheHostCpu) {
  // One single-core worker; two 1-vCPU sandboxes execute 1 s of work each at the same time:
  // SimGrid shares the core, so both take 2 s.
  const auto s = one_core_run("1769MB", {0.0, 0.0});
  EXPECT_EQ(s["completed"], 2);
  EXPECT_DOUBLE_EQ(s["latency_s"]["cold"]["mean"].get<double>(), 2.0);
}

TEST(ServerlessRules, AHandlerJoinedMidWayKeepsTheWorkItHasDone) {
  // One single-core worker. The first handler runs alone for 0.5 s (its end computed, no Exec);
  // the second arrives then and the core is shared: the first's remaining 0.5 s of work takes
  // 1 s, so it ends at 1.5 s; the second has done 0.5 s of work by then and ends alone at 2 s.
  // Both take 1.5 s. The third arrives at 3 s to a quiet worker and takes its 1 s.
  const auto s = one_core_run("1769MB", {0.0, 0.5, 3.0});
  EXPECT_EQ(s["completed"], 3);
  EXPECT_EQ(s["cold_starts"], 2);
  EXPECT_NEAR(s["latency_s"]["cold"]["mean"].get<double>(), 1.5, 1e-6);
  EXPECT_NEAR(s["latency_s"]["warm"]["mean"].get<double>(), 1.0, 1e-9);
  // Billed per handler duration: 1.5 + 1.5 + 1 s at 1769 MB.
  EXPECT_NEAR(s["functions"]["f"]["billed_gb_s"].get<double>(), 4.0 * 1769.0 / 1024.0, 1e-6);
}

/// Half-vCPU sandboxes (884.5 MB) on one single-core worker, all arriving at 0 with 1 s of work.
nlohmann::json half_vcpu_run(int invocations) {
  return one_core_run("884.5MB", std::vector<double>(invocations, 0.0));
}

TEST(ServerlessRules, TwoHalfVcpuHandlersFillACoreWithoutSlowingDown) {
  // Each runs at its half-vCPU share: 1 s of work in 2 s.
  EXPECT_NEAR(half_vcpu_run(2)["latency_s"]["all"]["mean"].get<double>(), 2.0, 1e-9);
}

TEST(ServerlessRules, AThirdHalfVcpuHandlerOversubscribesTheCore) {
  // Three share the core equally: 1 s of work at a third of a core each.
  EXPECT_NEAR(half_vcpu_run(3)["latency_s"]["all"]["mean"].get<double>(), 3.0, 1e-6);
}

/// Uploads at 0 to a function with a reservation of 1 whose handler waits `hold`: one runs at
/// once, the others are throttled and retried.
nlohmann::json throttled_uploads(int uploads, const std::string& hold, const std::string& extra = "",
                                 const std::string& trigger = "{type: bucket, bucket: up}") {
  return run_text(
      scenario("      memory: 128MB\n"
               "      work: 0s\n"
               "      wait: " +
                   hold +
                   "\n"
                   "      cold_start: 0s\n"
                   "      reserved_concurrency: 1\n"
                   "      triggers: [" +
                   trigger + "]\n",
               extra + "  buckets: [{name: up, puts: {process: batch, count: " + std::to_string(uploads) +
                   "}}]\n"))["serverless"];
}

TEST(ServerlessRules, ThrottledAsyncEventsAreKeptUntilTheyRun) {
  // A runs 0-100 s. B and C are throttled at 0, then retried 1, 2, 4, ... s later: at 1, 3, 7,
  // 15, 31, 63 and 127 s. At 127 s B finds A's sandbox idle and runs until 227 s; C is
  // throttled once more and runs at 255 s (128 s later), until 355 s. Nothing is dropped.
  const auto s = throttled_uploads(3, "100s");
  EXPECT_EQ(s["invocations"], 3);
  EXPECT_EQ(s["completed"], 3);
  EXPECT_EQ(s["failed"], 0);
  EXPECT_EQ(s["throttled"], 15);  // B 7 times, C 8 times
  EXPECT_EQ(s["retries"], 15);
  EXPECT_NEAR(s["latency_s"]["all"]["mean"].get<double>(), (100.0 + 227.0 + 355.0) / 3, 1e-6);
}

TEST(ServerlessRules, RetriesBackOffToFiveMinutesAtMost) {
  // A holds the reservation for 600 s. B's retries come 1, 2, 4, ..., 256 s apart (at 1, 3,
  // ..., 511 s), then 300 s later, not 512: at 811 s it runs, until 1,411 s.
  const auto s = throttled_uploads(2, "600s");
  EXPECT_EQ(s["completed"], 2);
  EXPECT_EQ(s["retries"], 10);
  EXPECT_NEAR(s["latency_s"]["all"]["mean"].get<double>(), (600.0 + 1411.0) / 2, 1e-6);
}

TEST(ServerlessRules, EventsOlderThanTheirMaximumAgeAreDropped) {
  // With a maximum age of 1 min, B and C are retried at 1, 3, 7, 15 and 31 s; the next retry
  // would come at 63 s, past their age: both are dropped after 6 throttles and 5 retries each.
  const auto s = throttled_uploads(3, "100s", "  max_event_age: 1min\n");
  EXPECT_EQ(s["completed"], 1);
  EXPECT_EQ(s["failed"], 2);
  EXPECT_EQ(s["throttled"], 12);
  EXPECT_EQ(s["retries"], 10);
}

/// Three messages at 0 on a queue whose function has a reservation of 1 and holds it 100 s.
nlohmann::json throttled_queue(const std::string& extra, const std::string& queue_extra) {
  return run_text(
      scenario("      memory: 128MB\n"
               "      work: 0s\n"
               "      wait: 100s\n"
               "      cold_start: 0s\n"
               "      reserved_concurrency: 1\n"
               "      triggers: [{type: queue, queue: q}]\n",
               extra + "  queues: [{name: q, " + queue_extra +
                   "messages: {process: batch, count: 3}}]\n"))["serverless"];
}

TEST(ServerlessRules, ThrottledQueueBatchesGoBackToTheQueue) {
  // The events' maximum age does not apply: the queue keeps its messages (4 days by default)
  // and all three run.
  const auto s = throttled_queue("  max_event_age: 1min\n", "");
  EXPECT_EQ(s["completed"], 3);
  EXPECT_EQ(s["failed"], 0);
}

TEST(ServerlessRules, AQueueDropsWhatOutlivesItsRetention) {
  const auto s = throttled_queue("", "retention: 1min, ");
  EXPECT_EQ(s["completed"], 1);
  EXPECT_EQ(s["failed"], 2);
}

TEST(ServerlessRules, ReservationsMustLeaveAHundredUnreserved) {
  // 600 + 400 would take the whole account limit of 1,000: reported at the second reservation.
  const std::string text = scenario(
      "      reserved_concurrency: 600\n"
      "      triggers: [{type: timer, every: 1min}]\n"
      "    - name: g\n"
      "      reserved_concurrency: 400\n"
      "      triggers: [{type: timer, every: 1min}]\n");
  try {
    models::parse_scenario(text, "reserved.yaml");
    FAIL() << "a reservation of the whole account was accepted";
  } catch (const sim::InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const auto& d = e.diagnostics().front();
    EXPECT_EQ(d.where.line, 12);
    EXPECT_EQ(d.where.column, 29);
    EXPECT_NE(d.message.find("at least 100 must stay unreserved, so reservations may total at most 900"),
              std::string::npos)
        << d.message;
  }
  // 600 + 300 leaves 100: accepted.
  std::string fine = text;
  fine.replace(fine.find("400"), 3, "300");
  EXPECT_NO_THROW(models::parse_scenario(fine, "reserved.yaml"));
}

/// One cold invocation at 0: 500 ms of INIT, then a 1 s handler, at 1,024 MB.
nlohmann::json one_cold_start(const std::string& billing) {
  return run_text(
      scenario("      memory: 1024MB\n"
               "      work: 0s\n"
               "      wait: 1s\n"
               "      cold_start: 500ms\n"
               "      triggers: [{type: http, arrivals: {process: trace, file: " +
                   trace_file({0.0}) + "}}]\n",
               billing))["serverless"];
}

TEST(ServerlessRules, TheInitPhaseOfAColdStartIsBilled) {
  // Since August 2025: 0.5 s + 1 s at 1 GB = 1.5 GB-s.
  const auto s = one_cold_start("  billing: {init: billed}\n");
  EXPECT_NEAR(s["functions"]["f"]["billed_gb_s"].get<double>(), 1.5, 1e-9);
  EXPECT_NEAR(s["cost_usd"].get<double>(), 1.5 * 0.0000166667 + 0.2e-6, 1e-12);
}

TEST(ServerlessRules, TheInitPhaseIsBilledByDefault) {
  EXPECT_NEAR(one_cold_start("")["functions"]["f"]["billed_gb_s"].get<double>(), 1.5, 1e-9);
}

TEST(ServerlessRules, TheOlderRuleLeavesTheInitPhaseFree) {
  EXPECT_NEAR(one_cold_start("  billing: {init: free}\n")["functions"]["f"]["billed_gb_s"].get<double>(), 1.0,
              1e-9);
}

/// A timer every 100 s from 50 s, a 1 s handler, no INIT delay, a 10-minute keep-alive: the
/// first invocation is cold, the other nine warm; the sandbox is loaded from 50 s on.
nlohmann::json timer_run(const std::string& warmup) {
  const std::string text =
      "stratus: 1\n"
      "simulation: {duration: 1000s, sample_interval: 100s" +
      warmup +
      "}\n"
      "platform:\n"
      "  host_types: {w: {cores: 4, core_speed: 1Gf, memory: 16GiB}}\n"
      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
      "serverless:\n"
      "  functions:\n"
      "    - {name: f, memory: 1769MB, work: 0s, wait: 1s, cold_start: 0s,\n"
      "       triggers: [{type: timer, every: 100s, offset: 50s}]}\n";
  return models::run_scenario(models::parse_scenario(text, "timer.yaml")).summary;
}

TEST(ServerlessRules, WithoutAWarmUpStatisticsCoverTheWholeRun) {
  const auto s = timer_run("")["serverless"];
  EXPECT_DOUBLE_EQ(s["cold_start_probability"].get<double>(), 0.1);
  EXPECT_NEAR(s["avg_instances"].get<double>(), 0.95, 1e-9);
  EXPECT_EQ(s["latency_s"]["cold"]["count"], 1);
}

TEST(ServerlessRules, StatisticsLeaveOutTheWarmUp) {
  // Measured from 500 s: five warm invocations, one sandbox all the time, one busy 5 s of 500.
  const auto summary = timer_run(", warmup: 500s");
  const auto& s = summary["serverless"];
  EXPECT_DOUBLE_EQ(s["cold_start_probability"].get<double>(), 0.0);
  EXPECT_EQ(s["latency_s"]["all"]["count"], 5);
  EXPECT_EQ(s["latency_s"]["cold"]["count"], 0);
  EXPECT_NEAR(s["avg_instances"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(s["avg_running"].get<double>(), 5.0 / 500, 1e-9);
  EXPECT_NEAR(s["functions"]["f"]["instance_count_time_share"]["1"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(s["idle_gb_s"].get<double>(), 495.0 * 1769 / 1024, 1e-6);
  // Counts and the bill cover the whole run, as for services: ten invocations of 1 s.
  EXPECT_EQ(s["invocations"], 10);
  EXPECT_EQ(s["cold_starts"], 1);
  EXPECT_NEAR(summary["cost_usd"]["serverless"].get<double>(), 10 * (1769.0 / 1024 * 0.0000166667 + 0.2e-6),
              1e-12);
}

TEST(ServerlessRules, ProvisionedConcurrencyIsWarmAndBilledWhileEnabled) {
  const std::string file = trace_file({10.0, 20.0, 30.0});
  const auto summary =
      run_text(scenario("      memory: 1024MB\n"
                        "      work: 1s\n"
                        "      provisioned_concurrency: 2\n"
                        "      triggers: [{type: http, arrivals: {process: trace, file: " +
                        file + "}}]\n"));
  const auto& s = summary["serverless"];
  EXPECT_EQ(s["cold_starts"], 0);
  EXPECT_EQ(s["completed"], 3);
  // 2 environments × 1 GB × 2,000 s at $0.0000041667 per GB-s, plus the duration at
  // $0.0000097222 per GB-s, plus 3 requests at $0.20 per million. 1,024 MB is 0.579 vCPU, so
  // 1 s of work takes 1769/1024 = 1.7275 s, billed as 1.728 s (rounded up to the ms).
  const double expected = 2 * 1.0 * 2000 * 0.0000041667 + 3 * 1.728 * 0.0000097222 + 3 * 0.2e-6;
  EXPECT_NEAR(summary["cost_usd"]["serverless"].get<double>(), expected, 1e-9);
}

TEST(ServerlessRules, EveryInvocationIsAccountedFor) {
  const auto s =
      run_text(scenario("      memory: 512MB\n"
                        "      work: {distribution: exponential, mean: 300ms}\n"
                        "      triggers:\n"
                        "        - {type: http, arrivals: {process: poisson, rate: 50/s}}\n"
                        "        - {type: timer, every: 1min}\n"
                        "        - {type: queue, queue: q, batch_size: 10, batch_window: 2s}\n",
                        "  queues: [{name: q, messages: {process: poisson, rate: 20/s}}]\n"))["serverless"];
  EXPECT_EQ(s["invocations"].get<long>(),
            s["completed"].get<long>() + s["failed"].get<long>() + s["in_flight"].get<long>());
  EXPECT_GT(s["completed"].get<long>(), 90000);
}

using stratus::testing::column_sum;

TEST(ServerlessRules, EveryDollarOfTheBillIsInTheTimeseries) {
  // Requests, compute and provisioned concurrency accrue row by row, the free tier taken off
  // as it is used up: f's 400,000 free GB-s run out after ~800 of the 2,000 s (80,000
  // invocations of ~12 GB-s, the 64 cores shared by ~120 handlers); g has provisioned
  // concurrency, which the free tier does not cover. The rows add up to the bill.
  const auto result = models::run_scenario(models::parse_scenario(
      scenario("      memory: 2048MB\n"
               "      work: {distribution: exponential, mean: 3s}\n"
               "      triggers: [{type: http, arrivals: {process: poisson, rate: 40/s}}]\n"
               "    - name: g\n"
               "      memory: 1024MB\n"
               "      provisioned_concurrency: 2\n"
               "      triggers: [{type: http, arrivals: {process: poisson, rate: 1/s}}]\n",
               "  billing: {free_tier: true}\n"),
      "test.yaml"));
  const double bill = result.summary["cost_usd"]["serverless"].get<double>();
  EXPECT_GT(bill, 0.0);
  EXPECT_NEAR(column_sum(result.timeseries_csv, "serverless.cost_usd"), bill, 1e-9 * bill);
}

/// A 10,240 MB function that waits 1,000 s (10,000 GB-s) once an hour for two days from
/// `start`, with the free tier: 480,000 GB-s, of which 400,000 are free per calendar month.
models::RunResult hourly_big_function(const std::string& start) {
  const std::string text =
      "stratus: 1\n"
      "simulation: {duration: 2d, sample_interval: 1h, start: \"" +
      start +
      "\"}\n"
      "platform:\n"
      "  host_types: {w: {cores: 4, core_speed: 1Gf, memory: 64GiB}}\n"
      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
      "serverless:\n"
      "  billing: {free_tier: true}\n"
      "  functions:\n"
      "    - {name: f, memory: 10240MB, work: 0s, wait: 1000s, cold_start: 0s,\n"
      "       triggers: [{type: timer, every: 1h}]}\n";
  return models::run_scenario(models::parse_scenario(text, "monthly.yaml"));
}

TEST(ServerlessRules, TheFreeTierIsMonthly) {
  // Two days across the end of January: 240,000 GB-s in each month, all free.
  const auto across = hourly_big_function("2027-01-31");
  EXPECT_NEAR(across.summary["cost_usd"]["serverless"].get<double>(), 0.0, 1e-12);
  EXPECT_NEAR(column_sum(across.timeseries_csv, "serverless.cost_usd"), 0.0, 1e-12);
}

TEST(ServerlessRules, TheFreeTierRunsOutWithinAMonth) {
  // The same two days within January: 80,000 GB-s billed, in the rows where they ran.
  const auto within = hourly_big_function("2027-01-15");
  const double expected = 80'000 * 0.0000166667;
  EXPECT_NEAR(within.summary["cost_usd"]["serverless"].get<double>(), expected, 1e-9);
  EXPECT_NEAR(column_sum(within.timeseries_csv, "serverless.cost_usd"), expected, 1e-9);
}

/// Stops a run once it has seen `rows` timeseries rows, as the desktop app's Stop does.
class StopAfterRows final : public sim::RunObserver {
 public:
  explicit StopAfterRows(int rows) : rows_(rows) {}
  void on_row(const std::vector<std::string>&, const sim::MetricsRow&) override { ++seen_; }
  bool stop_requested() const override { return seen_ >= rows_; }

 private:
  int rows_;
  int seen_ = 0;
};

TEST(ServerlessRules, AStoppedRunSettlesItsBooksAndEndsCleanly) {
  // Stopped a fifth of the way through, with ~60 handlers sharing 8 cores as Execs: the
  // platform's actors are blocked on semaphores and activities, and must be ended before the
  // runtime is destroyed; the summary covers what ran.
  StopAfterRows observer(4);
  models::RunOptions options;
  options.observer = &observer;
  const auto result = models::run_scenario(
      models::parse_scenario(
          scenario("      memory: 1024MB\n"
                   "      work: {distribution: exponential, mean: 2s}\n"
                   "      provisioned_concurrency: 1\n"
                   "      triggers: [{type: http, arrivals: {process: poisson, rate: 20/s}}]\n",
                   "", "{cores: 8, core_speed: 1Gf, memory: 512GiB}"),
          "test.yaml"),
      options);
  ASSERT_TRUE(result.stopped);
  const auto& summary = result.summary;
  EXPECT_EQ(summary["status"], "stopped");
  const double ran_s = summary["sim_time_s"].get<double>();
  EXPECT_LT(ran_s, 2000.0);
  const auto& s = summary["serverless"];
  EXPECT_GT(s["in_flight"].get<long>(), 8);
  EXPECT_EQ(s["invocations"].get<long>(),
            s["completed"].get<long>() + s["failed"].get<long>() + s["in_flight"].get<long>());
  // Provisioned concurrency is billed for the time that ran, not the scenario's duration.
  const double bill = summary["cost_usd"]["serverless"].get<double>();
  EXPECT_NEAR(column_sum(result.timeseries_csv, "serverless.cost_usd"), bill, 1e-9 * bill);
  const auto lines = result.bill;
  const auto provisioned = std::find_if(lines.begin(), lines.end(), [](const models::BillLine& l) {
    return l.item == "provisioned concurrency";
  });
  ASSERT_NE(provisioned, lines.end());
  EXPECT_NEAR(provisioned->quantity, 1.0 * ran_s, 1e-6);  // 1 environment x 1 GB x the run
}

}  // namespace

namespace {

/// Runs in a child `stratus` process: SimGrid allows one simulation per process, and this
/// test compares two.
nlohmann::json periodic_run(const std::string& policy) {
  // A job that runs every 20 minutes for a day: a fixed 10-minute keep-alive reclaims the
  // sandbox before every run; the hybrid histogram learns the period, unloads right after a
  // run and pre-warms just before the next.
  const fs::path dir =
      fs::temp_directory_path() / ("stratus-periodic-" + std::to_string(::getpid()) + policy);
  fs::create_directories(dir);
  std::ofstream(dir / "periodic.yaml")
      << "stratus: 1\n"
         "simulation: {duration: 1d, sample_interval: 1h}\n"
         "platform:\n"
         "  host_types: {w: {cores: 8, core_speed: 1Gf, memory: 64GiB}}\n"
         "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
         "serverless:\n"
         "  functions:\n"
         "    - name: job\n"
         "      memory: 1024MB\n"
         "      work: 2s\n"
         "      cold_start: 300ms\n"
         "      keep_alive: {policy: " +
             policy +
             "}\n"
             "      triggers: [{type: timer, every: 20min, offset: 1min}]\n";
  const std::string cmd = std::string(STRATUS_BINARY) + " run " + (dir / "periodic.yaml").string() +
                          " --quiet --out " + (dir / "out").string();
  if (std::system(cmd.c_str()) != 0) return {};
  std::ifstream in(dir / "out" / "summary.json");
  return nlohmann::json::parse(in)["serverless"];
}

TEST(ServerlessRules, HybridHistogramBeatsFixedOnAPeriodicFunction) {
  const auto fixed = periodic_run("fixed");
  const auto hybrid = periodic_run("hybrid-histogram");
  ASSERT_FALSE(fixed.is_null());
  ASSERT_FALSE(hybrid.is_null());
  EXPECT_EQ(fixed["invocations"], 72);
  EXPECT_EQ(fixed["cold_starts"], 72) << "every run finds its sandbox reclaimed";
  // The histogram needs a few idle times before it is representative; after that every run
  // finds a pre-warmed sandbox.
  EXPECT_LT(hybrid["cold_starts"].get<int>(), 15);
  EXPECT_LT(hybrid["idle_gb_s"].get<double>(), fixed["idle_gb_s"].get<double>());
}

}  // namespace

namespace {

nlohmann::json four_at_once(const std::string& placement) {
  const std::string file = trace_file({0.0, 0.0, 0.0, 0.0});
  return run_text(
      "stratus: 1\n"
      "simulation: {duration: 100s, sample_interval: 10s}\n"
      "platform:\n"
      "  host_types: {w: {cores: 1, core_speed: 1Gf, memory: 16GiB}}\n"
      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 2, host_type: w}]\n"
      "serverless:\n"
      "  placement: " +
      placement +
      "\n"
      "  functions:\n"
      "    - name: f\n"
      "      memory: 1769MB\n"
      "      work: 1s\n"
      "      cold_start: 0s\n"
      "      triggers: [{type: http, arrivals: {process: trace, file: " +
      file + "}}]\n")["serverless"];
}

TEST(ServerlessPlacement, SpreadPutsTwoSandboxesOnEachWorker) {
  // Two single-core workers, four 1-vCPU sandboxes: two per core, 2 s each.
  EXPECT_DOUBLE_EQ(four_at_once("spread")["latency_s"]["cold"]["mean"].get<double>(), 2.0);
}

TEST(ServerlessPlacement, FirstFitPacksAllFourOnOneWorker) {
  // Memory allows all four on the first worker: they share its core, 4 s each.
  EXPECT_DOUBLE_EQ(four_at_once("first-fit")["latency_s"]["cold"]["mean"].get<double>(), 4.0);
}

TEST(AzureTraceReplay, ReplaysEveryInvocationOfTheSample) {
  const std::string scenario = std::string(STRATUS_SOURCE_DIR) + "/scenarios/azure-trace.yaml";
  // The scenario's default trace is the sample committed with the tests; missing, this fails.
  ASSERT_TRUE(fs::exists(std::string(STRATUS_TEST_DATA) + "/azure-functions-2019-sample/invocations.csv"));
  const auto summary = models::run_scenario(models::load_scenario(scenario));
  const auto& s = summary.summary["serverless"];
  // The sample's four functions have 1,150 + 3 × 1,125 invocations in the day.
  EXPECT_EQ(s["invocations"], 4525);
  EXPECT_EQ(s["functions"].size(), 4u);
  EXPECT_EQ(s["invocations"].get<long>(),
            s["completed"].get<long>() + s["failed"].get<long>() + s["in_flight"].get<long>());
}

}  // namespace

namespace {

TEST(ServerlessNetwork, PayloadsAndImagePullCrossTheNetwork) {
  // The gateway sits in az-a, the only worker in az-b; every path's bottleneck is a 1 Gbps
  // NIC (125 MB/s) and latencies are zero, so transfer times are exact: image 250 MB = 2 s,
  // request payload 125 MB = 1 s, response 62.5 MB = 0.5 s. A cold invocation then takes
  // 2 + 0.3 (init) + 1 + 1 (handler) + 0.5 = 4.8 s and is billed for the INIT phase and the
  // handler, 1.3 s: moving the image and the payloads is not billed.
  const std::string file = trace_file({0.0});
  const std::string text =
      "stratus: 1\n"
      "simulation: {duration: 100s, sample_interval: 10s}\n"
      "platform:\n"
      "  host_types: {w: {cores: 4, core_speed: 1Gf, memory: 16GiB}}\n"
      "  zones:\n"
      "    - {name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}\n"
      "    - {name: az-b, racks: 1, hosts_per_rack: 1, host_type: w}\n"
      "  network:\n"
      "    host_link: {bandwidth: 1Gbps, latency: 0s}\n"
      "    rack_uplink: {bandwidth: 100Gbps, latency: 0s}\n"
      "    inter_zone: {bandwidth: 100Gbps, latency: 0s}\n"
      "serverless:\n"
      "  gateway: az-a-r00-h00\n"
      "  workers: {zones: [az-b]}\n"
      "  functions:\n"
      "    - name: f\n"
      "      memory: 1769MB\n"
      "      work: 1s\n"
      "      cold_start: 300ms\n"
      "      image: 250MB\n"
      "      payload: {in: 125MB, out: 62.5MB}\n"
      "      triggers: [{type: http, arrivals: {process: trace, file: " +
      file + "}}]\n";
  models::RunOptions options;
  options.engine.exact_network = true;
  const auto summary = models::run_scenario(models::parse_scenario(text, "net.yaml"), options).summary;
  const auto& s = summary["serverless"];
  EXPECT_NEAR(s["latency_s"]["cold"]["mean"].get<double>(), 4.8, 1e-6);
  EXPECT_NEAR(s["functions"]["f"]["billed_gb_s"].get<double>(), 1.3 * 1769.0 / 1024.0, 1e-9);
}

}  // namespace
