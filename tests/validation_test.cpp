// Validation against exact queueing theory (../shared/validation/README.md, section 1):
// M/M/c with one FIFO queue against Erlang C, and M/M/1 processor sharing against
// 1 / (μ − λ). Each estimate must contain the exact value in its 99 % batch-means
// confidence interval AND be within 2 % of it.
#include <gtest/gtest.h>

#include "support/queueing.hpp"
#include "support/run_file.hpp"

namespace {

using namespace stratus;
using stratus::testing::batch_means;
using stratus::testing::erlang_c;
using stratus::testing::parse_csv;
using stratus::testing::run_file;

const std::string kMmc = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mmc.yaml";
const std::string kPs = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mm1-ps.yaml";

struct MmcCase {
  double lambda, mu;
  int c;
  double duration_s;  // long enough for a CI narrower than 2 %
  double batch_s;     // one timeseries row per batch
};

void PrintTo(const MmcCase& k, std::ostream* os) {
  *os << "lambda=" << k.lambda << " mu=" << k.mu << " c=" << k.c << " duration=" << k.duration_s << "s";
}

class MmcValidation : public ::testing::TestWithParam<MmcCase> {};

TEST_P(MmcValidation, MeanWaitAndPWaitMatchErlangC) {
  const MmcCase k = GetParam();
  const auto exact = erlang_c(k.lambda, k.mu, k.c);
  const auto result = run_file(kMmc,
                               {{"arrival_rate", std::to_string(k.lambda)},
                                {"service_rate", std::to_string(k.mu)},
                                {"servers", std::to_string(k.c)},
                                {"duration", std::to_string(k.duration_s) + "s"}},
                               {{"simulation.sample_interval", std::to_string(k.batch_s) + "s"}});
  auto cols = parse_csv(result.timeseries_csv);
  const auto& started = cols["mmc.requests_started"];
  const auto& wait = cols["mmc.wait_time_s"];
  const auto& waited = cols["mmc.requests_waited"];
  std::vector<double> wait_batches, pwait_batches;
  for (std::size_t i = 1; i < started.size(); ++i) {  // batch 0 holds the warm-up
    if (started[i] < 10) continue;
    wait_batches.push_back(wait[i] / started[i]);
    pwait_batches.push_back(waited[i] / started[i]);
  }
  const auto w = batch_means(wait_batches);
  const auto p = batch_means(pwait_batches);
  ASSERT_GE(w.batches, 30u);
  RecordProperty("mean_wait", std::to_string(w.mean) + " ± " + std::to_string(w.half_width));
  EXPECT_NEAR(w.mean, exact.mean_wait, w.half_width) << "W_q outside the 99% CI";
  EXPECT_NEAR(w.mean, exact.mean_wait, 0.02 * exact.mean_wait) << "W_q off by more than 2%";
  EXPECT_NEAR(p.mean, exact.p_wait, p.half_width) << "P_wait outside the 99% CI";
  EXPECT_NEAR(p.mean, exact.p_wait, 0.02 * exact.p_wait) << "P_wait off by more than 2%";

  // The summary's whole-run figures agree with the batches.
  EXPECT_NEAR(result.summary["wait_s"]["mean"].get<double>(), w.mean, 0.01 * w.mean);
  const auto& r = result.summary["requests"];
  EXPECT_EQ(r["arrived"].get<std::uint64_t>(), r["completed"].get<std::uint64_t>() +
                                                   r["rejected"].get<std::uint64_t>() +
                                                   r["in_flight"].get<std::uint64_t>());
}

// Durations are sized so that the 99 % interval is under 2 % of the exact value; the
// heavy-traffic case (ρ = 0.9) needs the longest run.
INSTANTIATE_TEST_SUITE_P(ErlangC, MmcValidation,
                         ::testing::Values(MmcCase{9, 1, 10, 300000, 2000},    // ρ = 0.9, README table
                                           MmcCase{0.8, 1, 1, 600000, 3000},   // M/M/1, ρ = 0.8
                                           MmcCase{4, 1, 5, 200000, 1000},     // ρ = 0.8
                                           MmcCase{19, 1, 20, 150000, 1000}),  // ρ = 0.95
                         [](const auto& param_info) {
                           return "rho" +
                                  std::to_string(
                                      static_cast<int>(100 * param_info.param.lambda /
                                                       (param_info.param.mu * param_info.param.c))) +
                                  "_c" + std::to_string(param_info.param.c);
                         });

TEST(ProcessorSharing, Mm1PsMeanTimeInSystem) {
  const double lambda = 0.8, mu = 1.0;
  const auto result = run_file(kPs, {{"duration", "1000000s"}}, {{"simulation.sample_interval", "10000s"}});
  auto cols = parse_csv(result.timeseries_csv);
  const auto& mean = cols["ps.latency_s_mean"];
  std::vector<double> batches;
  for (std::size_t i = 1; i < mean.size(); ++i)
    if (std::isfinite(mean[i])) batches.push_back(mean[i]);
  const auto t = batch_means(batches);
  const double exact = 1.0 / (mu - lambda);
  ASSERT_GE(t.batches, 30u);
  EXPECT_NEAR(t.mean, exact, t.half_width) << "mean time in system outside the 99% CI";
  EXPECT_NEAR(t.mean, exact, 0.02 * exact);
  // Nobody waits under processor sharing: every request starts at once.
  EXPECT_DOUBLE_EQ(result.summary["wait_s"]["p_wait"].get<double>(), 0.0);
}

}  // namespace
