// The fluid fidelity (simulation.fidelity: fluid): its queueing formulas against the exact
// values of ../shared/validation/README.md §1, a fluid M/M/c run against Erlang C, fluid
// against discrete on a slowly varying diurnal load, and a year of 10^6 requests per second.
// Each test runs at most one scenario in-process (SimGrid allows one simulation per process).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/diagnostics.hpp"
#include "sim/queueing.hpp"
#include "support/process.hpp"
#include "support/queueing.hpp"
#include "support/run_file.hpp"

namespace {

using namespace stratus;
using stratus::testing::read_text;
using stratus::testing::run_command;
using stratus::testing::run_file;
using stratus::testing::stratus_cmd;

const std::string kMmc = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mmc.yaml";
const std::string kDiurnal = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/diurnal-fluid.yaml";

TEST(Queueing, ErlangCMatchesTheValidationTable) {
  const auto a = sim::erlang_c(9, 1, 10);
  EXPECT_NEAR(a.p_wait, 0.6687, 5e-5);
  EXPECT_NEAR(a.mean_wait, 0.6687, 5e-5);
  const auto b = sim::erlang_c(0.8, 1, 1);
  EXPECT_NEAR(b.p_wait, 0.8, 1e-12);
  EXPECT_NEAR(b.mean_wait, 4.0, 1e-12);
  const auto c = sim::erlang_c(360.0 / 1800.0, 1.0 / 240.0, 55);
  EXPECT_NEAR(c.p_wait, 0.2387, 5e-5);
  EXPECT_NEAR(c.mean_wait, 8.18, 5e-3);
}

TEST(Queueing, LargeFleetsAgreeWithTheFullRecursion) {
  // The shortened recursion against the test suite's full one, where the full one is exact.
  for (const double a : {500.0, 5000.0, 20000.0}) {
    const int c = static_cast<int>(a + 2 * std::sqrt(a));
    const auto fast = sim::erlang_c(a, 1, c);
    const auto full = stratus::testing::erlang_c(a, 1, c);
    EXPECT_NEAR(fast.p_wait, full.p_wait, 1e-9 * full.p_wait + 1e-15) << "a=" << a;
  }
  EXPECT_EQ(sim::erlang_b(1000, 3000), 0.0);  // astronomically small
}

TEST(Queueing, TailAllenCunneenAndResponseCdf) {
  const auto q = sim::erlang_c(9, 1, 10);
  EXPECT_NEAR(sim::mmc_wait_tail(q, 0), q.p_wait, 1e-15);
  EXPECT_NEAR(sim::mmc_wait_tail(q, 2), q.p_wait * std::exp(-2.0), 1e-15);
  EXPECT_DOUBLE_EQ(sim::allen_cunneen_wait(2.0, 1.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(sim::allen_cunneen_wait(2.0, 1.0, 0.0), 1.0);  // M/D/c: about half the wait
  // Without waiting the response time is the service time; the mean of T = W + S is W_q + 1/μ.
  EXPECT_NEAR(sim::wait_plus_exponential_cdf(0, 1, 2, 1), 1 - std::exp(-2.0), 1e-15);
  double mean = 0, dt = 1e-3;
  for (double t = 0; t < 60; t += dt)
    mean += (1 - sim::wait_plus_exponential_cdf(q.p_wait, q.decay, 1, t + dt / 2)) * dt;
  EXPECT_NEAR(mean, q.mean_wait + 1, 1e-4);
}

TEST(Fluid, MmcGivesErlangC) {
  const auto result = run_file(kMmc, {}, {{"simulation.fidelity", "fluid"}});
  const auto& s = result.summary;
  const auto exact = sim::erlang_c(9, 1, 10);
  EXPECT_EQ(s["fidelity"], "fluid");
  EXPECT_NEAR(s["wait_s"]["mean"].get<double>(), exact.mean_wait, 0.005 * exact.mean_wait);
  EXPECT_NEAR(s["wait_s"]["p_wait"].get<double>(), exact.p_wait, 0.005 * exact.p_wait);
  EXPECT_NEAR(s["latency_s"]["mean"].get<double>(), exact.mean_wait + 1, 0.005 * (exact.mean_wait + 1));
  const auto& r = s["requests"];
  EXPECT_EQ(r["arrived"].get<std::uint64_t>(), r["completed"].get<std::uint64_t>() +
                                                   r["rejected"].get<std::uint64_t>() +
                                                   r["in_flight"].get<std::uint64_t>());
  EXPECT_NEAR(r["arrived"].get<double>(), 9 * 111200, 1);
  EXPECT_TRUE(s["conservation"]["requests_balanced"].get<bool>());
  EXPECT_NE(result.timeseries_csv.find("mmc.latency_s_p95"), std::string::npos);
}

TEST(Fluid, AgreesWithDiscreteOnSlowDiurnalLoad) {
  const auto dir = stratus::testing::temp_dir("fluid-vs-discrete");
  const auto cli = run_command(stratus_cmd("run " + kDiurnal + " --quiet --out " + dir.string()));
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  const auto discrete = nlohmann::json::parse(read_text(dir / "summary.json"));
  const auto fluid = run_file(kDiurnal, {{"fidelity", "fluid"}}).summary;
  const double u_d = discrete["metrics"]["levels"]["web.cpu_utilisation"]["mean"].get<double>();
  const double u_f = fluid["metrics"]["levels"]["web.cpu_utilisation"]["mean"].get<double>();
  EXPECT_NEAR(u_f, u_d, 0.02 * u_d);
  const double p95_d = discrete["latency_s"]["p95"].get<double>();
  const double p95_f = fluid["latency_s"]["p95"].get<double>();
  EXPECT_NEAR(p95_f, p95_d, 0.10 * p95_d);
  std::cout << "utilisation discrete " << u_d << " fluid " << u_f << "; p95 discrete " << p95_d << " fluid "
            << p95_f << "; p99 discrete " << discrete["latency_s"]["p99"] << " fluid "
            << fluid["latency_s"]["p99"] << "\n";
}

TEST(Fluid, AYearOfAMillionRequestsPerSecondCompletes) {
  const auto result = run_file(kDiurnal, {{"fidelity", "fluid"},
                                          {"rate", "1000000"},
                                          {"work_mean", "10ms"},
                                          {"servers", "25000"},
                                          {"period", "1d"},
                                          {"duration", "365d"}});
  EXPECT_EQ(result.summary["status"], "completed");
  EXPECT_NEAR(result.summary["requests"]["arrived"].get<double>(), 1e6 * 365 * 86400,
              1e-6 * 1e6 * 365 * 86400);
  EXPECT_GT(result.summary["latency_s"]["p99"].get<double>(), 0.0);
}

TEST(Fluid, HybridRejectsAutoscaledServicesToo) {
  // The fluid part of a hybrid run has fixed fleets only (tests/hybrid_test.cpp runs hybrids).
  const std::string file = std::string(STRATUS_SOURCE_DIR) + "/scenarios/k8s-hpa.yaml";
  try {
    run_file(file, {}, {{"simulation.fidelity", "hybrid"}});
    FAIL() << "an autoscaled service was accepted";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hybrid fidelity does not support autoscaled services yet"),
              std::string::npos)
        << e.what();
  }
}

TEST(Fluid, AutoscaledServicesAreRejected) {
  const std::string file = std::string(STRATUS_SOURCE_DIR) + "/scenarios/k8s-hpa.yaml";
  try {
    run_file(file, {}, {{"simulation.fidelity", "fluid"}});
    FAIL() << "an autoscaled service was accepted";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fluid fidelity does not support autoscaled services yet"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
