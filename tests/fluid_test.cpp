// The fluid fidelity (simulation.fidelity: fluid): its queueing formulas against the published
// values of ../shared/validation/README.md §1 and closed forms, a fluid M/M/c run against the
// test suite's own Erlang C and against the discrete simulator on the same case, fluid against
// discrete on a slowly varying diurnal load, and a year of 10^6 requests per second. Tests named
// *Plumbing check that a run reports what the simulator's own formulas give, nothing more.
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

TEST(ErlangCReference, BothRecursionsMatchThePublishedTableAndClosedForms) {
  // The simulator's Erlang C (sim/queueing.cpp) and the test suite's own recursion
  // (tests/support/queueing.hpp), against references computed by neither: the validation
  // README's table (published to 4 digits; the call centre is the classic worked example of
  // 360 calls per 30 min, 4 min calls, 55 agents: P_wait 23.87 %, mean wait 8.18 s), and closed
  // forms: M/M/1 waits with probability ρ, M/M/2 with 2ρ²/(1 + ρ), and 3 servers at an
  // offered load of 2 with 4/9 (B(3) = (8/6)/(1 + 2 + 2 + 8/6) = 4/19, C = 3B/(3 − 2(1 − B))).
  struct Reference {
    double lambda, mu;
    int c;
    double p_wait, mean_wait, tolerance_p, tolerance_w;
  };
  const Reference table[] = {
      {9, 1, 10, 0.6687, 0.6687, 5e-5, 5e-5},
      {0.8, 1, 1, 0.8, 4.0, 1e-12, 1e-11},
      {360.0 / 1800, 1.0 / 240, 55, 0.2387, 8.18, 5e-5, 5e-3},
      {0.5, 1, 1, 0.5, 1.0, 1e-12, 1e-11},                                    // M/M/1: ρ, ρ / (μ − λ)
      {1.2, 1, 2, 2 * 0.36 / 1.6, 2 * 0.36 / 1.6 / 0.8, 1e-12, 1e-11},        // M/M/2, ρ = 0.6
      {1.9, 1, 2, 2 * 0.9025 / 1.95, 2 * 0.9025 / 1.95 / 0.1, 1e-12, 1e-10},  // M/M/2, ρ = 0.95
      {2, 1, 3, 4.0 / 9, 4.0 / 9, 1e-12, 1e-12},                              // 3 servers, A = 2
  };
  for (const auto& r : table) {
    const auto simulator = sim::erlang_c(r.lambda, r.mu, r.c);
    const auto test_suite = stratus::testing::erlang_c(r.lambda, r.mu, r.c);
    EXPECT_NEAR(simulator.p_wait, r.p_wait, r.tolerance_p) << "sim, c=" << r.c << " λ=" << r.lambda;
    EXPECT_NEAR(simulator.mean_wait, r.mean_wait, r.tolerance_w) << "sim, c=" << r.c << " λ=" << r.lambda;
    EXPECT_NEAR(test_suite.p_wait, r.p_wait, r.tolerance_p) << "tests, c=" << r.c << " λ=" << r.lambda;
    EXPECT_NEAR(test_suite.mean_wait, r.mean_wait, r.tolerance_w) << "tests, c=" << r.c << " λ=" << r.lambda;
  }
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

TEST(FluidPlumbing, MmcReportsTheErlangCItComputes) {
  // Plumbing, not validation: the fluid run reports what sim::erlang_c gives for mmc.yaml (the
  // table look-ups, the averaging over steps, the summary's keys). FluidValidation below holds
  // the same run against references the simulator does not compute.
  const auto result = run_file(kMmc, {}, {{"simulation.fidelity", "fluid"}});
  const auto& s = result.summary;
  const auto own = sim::erlang_c(9, 1, 10);
  EXPECT_EQ(s["fidelity"], "fluid");
  EXPECT_NEAR(s["wait_s"]["mean"].get<double>(), own.mean_wait, 0.005 * own.mean_wait);
  EXPECT_NEAR(s["wait_s"]["p_wait"].get<double>(), own.p_wait, 0.005 * own.p_wait);
  EXPECT_NEAR(s["latency_s"]["mean"].get<double>(), own.mean_wait + 1, 0.005 * (own.mean_wait + 1));
  const auto& r = s["requests"];
  EXPECT_EQ(r["arrived"].get<std::uint64_t>(), r["completed"].get<std::uint64_t>() +
                                                   r["rejected"].get<std::uint64_t>() +
                                                   r["in_flight"].get<std::uint64_t>());
  EXPECT_NEAR(r["arrived"].get<double>(), 9 * 111200, 1);
  EXPECT_TRUE(s["conservation"]["requests_balanced"].get<bool>());
  EXPECT_NE(result.timeseries_csv.find("mmc.latency_s_p95"), std::string::npos);
}

TEST(FluidValidation, MmcAgreesWithTheTestRecursionAndTheDiscreteSimulator) {
  // mmc.yaml (λ = 9, μ = 1, c = 10) in both fidelities. The fluid figures against the test
  // suite's own Erlang C (within the fluid's stated 0.5 %), and against the discrete simulator on
  // the same case: inside the discrete run's 99 % batch-means confidence interval (55 batches
  // of 2,000 s, each about 50 relaxation times; the fluid run has no sampling error of its own).
  const auto fluid = run_file(kMmc, {}, {{"simulation.fidelity", "fluid"}}).summary;
  const double fluid_wait = fluid["wait_s"]["mean"].get<double>();
  const double fluid_p = fluid["wait_s"]["p_wait"].get<double>();
  const auto reference = stratus::testing::erlang_c(9, 1, 10);
  EXPECT_NEAR(fluid_wait, reference.mean_wait, 0.005 * reference.mean_wait);
  EXPECT_NEAR(fluid_p, reference.p_wait, 0.005 * reference.p_wait);

  const auto dir = stratus::testing::temp_dir("mmc-discrete");
  const auto cli = run_command(stratus_cmd(
      "run " + kMmc + " --quiet --param duration=112000s --set simulation.sample_interval=2000s --out " +
      dir.string()));
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  auto cols = stratus::testing::parse_csv(read_text(dir / "timeseries.csv"));
  const auto& started = cols["mmc.requests_started"];
  std::vector<double> waits, p_waits;
  for (std::size_t i = 1; i < started.size(); ++i) {  // batch 0 holds the warm-up
    waits.push_back(cols["mmc.wait_time_s"][i] / started[i]);
    p_waits.push_back(cols["mmc.requests_waited"][i] / started[i]);
  }
  const auto w = stratus::testing::batch_means(waits);
  const auto p = stratus::testing::batch_means(p_waits);
  ASSERT_EQ(w.batches, 55u);
  std::cout << "fluid W_q " << fluid_wait << ", discrete " << w.mean << " ± " << w.half_width
            << "; fluid P_wait " << fluid_p << ", discrete " << p.mean << " ± " << p.half_width << "\n";
  EXPECT_NEAR(fluid_wait, w.mean, w.half_width) << "fluid W_q outside the discrete run's 99% CI";
  EXPECT_NEAR(fluid_p, p.mean, p.half_width) << "fluid P_wait outside the discrete run's 99% CI";
  // 10^6 requests pin W_q down to about ±7.6 % and P_wait to ±1.6 %; the bounds keep it a test.
  EXPECT_LE(w.half_width, 0.12 * reference.mean_wait);
  EXPECT_LE(p.half_width, 0.03 * reference.p_wait);
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
