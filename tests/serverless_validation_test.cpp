// Serverless validation against AWS Lambda measurements (tests/data/lambda-coldstart-aws.csv,
// ../shared/validation/README.md section 2) and against SimFaaS's published run of the same
// model. Every figure is the steady state pooled over five seeds (1 to 5, fixed; none is chosen
// for its result), and every tolerance combines the reference's error with the simulation's own,
// taken from the batches of the seeds' runs; the spread over the seeds is reported.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/replications.hpp"

namespace {

using namespace stratus;
using stratus::testing::exact;
using stratus::testing::Replication;
using stratus::testing::run_replications;
using stratus::testing::Spread;
using stratus::testing::spread;

const std::string kScenario = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/lambda-coldstart.yaml";
const std::string kCsv = std::string(STRATUS_TEST_DATA) + "/lambda-coldstart-aws.csv";
const std::vector<std::uint64_t> kSeeds = {1, 2, 3, 4, 5};

struct Row {
  std::string name;
  double rate, warm_ms, cold_ms, keep_alive_min, avg_instances, p_cold, p_cold_se, avg_running, avg_idle;
};

std::vector<Row> read_rows() {
  std::ifstream in(kCsv);
  if (!in) throw std::runtime_error(kCsv + " not found: the measurements are part of the repository");
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream s(line);
    std::string cell;
    std::vector<std::string> c;
    while (std::getline(s, cell, ','))
      c.push_back(cell);
    if (c.size() != 11) throw std::runtime_error("malformed row in " + kCsv + ": " + line);
    rows.push_back({c[0], std::stod(c[1]), std::stod(c[2]), std::stod(c[3]), std::stod(c[4]), std::stod(c[5]),
                    std::stod(c[7]), std::stod(c[8]), std::stod(c[9]), std::stod(c[10])});
  }
  return rows;
}

/// The model's steady state for one parameter set, over kSeeds. Each run is cut into ten equal
/// intervals (timeseries rows); the first is dropped because every run starts with no sandbox,
/// so its first requests are all cold (the serverless statistics do not honour
/// simulation.warmup). The interval is at least 4,000 s, several keep-alive periods, so the nine
/// kept are nearly independent batches. A figure's standard error comes from all 45 batches
/// (44 degrees of freedom, so three standard errors bound it at 99.5 %; five seeds alone would
/// need 6.6); its spread over the seeds is reported.
struct Figure {
  Spread seeds;     // one value a seed
  double mean = 0;  // over all batches (equal intervals: a time average)
  double se = 0;    // of the mean, from the batches
  double batch_sd = 0;
};

struct SteadyState {
  Figure p_cold;  // mean: all cold starts over all invocations (a ratio estimate)
  Figure instances, running, idle;
  double interval_s = 0;
  std::vector<Replication> runs;
};

/// Mean and standard error of per-batch values, and their spread over seeds.
Figure figure(const std::vector<std::vector<double>>& batches_by_seed) {
  Figure f;
  std::vector<double> all, per_seed;
  for (const auto& seed : batches_by_seed) {
    double sum = 0;
    for (const double v : seed) {
      all.push_back(v);
      sum += v;
    }
    per_seed.push_back(sum / static_cast<double>(seed.size()));
  }
  const Spread batches = spread(all);
  f.seeds = spread(per_seed);
  f.mean = batches.mean;
  f.batch_sd = batches.sd;
  f.se = batches.se();
  return f;
}

/// The pooled ratio Σ cold / Σ invocations, with the ratio estimator's standard error over the
/// batches: sd(cᵢ − p·nᵢ) / (mean n · √B).
Figure ratio(const std::vector<std::vector<double>>& cold,
             const std::vector<std::vector<double>>& invocations) {
  Figure f;
  double c = 0, n = 0;
  std::vector<double> per_seed;
  for (std::size_t k = 0; k < cold.size(); ++k) {
    double ck = 0, nk = 0;
    for (std::size_t i = 0; i < cold[k].size(); ++i) {
      ck += cold[k][i];
      nk += invocations[k][i];
    }
    per_seed.push_back(ck / nk);
    c += ck;
    n += nk;
  }
  f.seeds = spread(per_seed);
  f.mean = c / n;
  std::vector<double> residuals;
  for (std::size_t k = 0; k < cold.size(); ++k)
    for (std::size_t i = 0; i < cold[k].size(); ++i)
      residuals.push_back(cold[k][i] - f.mean * invocations[k][i]);
  const double batches = static_cast<double>(residuals.size());
  const double mean_n = n / batches;
  f.batch_sd = spread(residuals).sd / mean_n;
  f.se = f.batch_sd / std::sqrt(batches);
  return f;
}

SteadyState simulate(double rate, double warm_ms, double cold_ms, double keep_alive_s,
                     double requests_per_seed, const std::string& extra_arguments = "") {
  SteadyState s;
  s.interval_s = std::ceil(std::max(requests_per_seed / rate / 10, 4000.0));
  s.runs = run_replications(
      kScenario, kSeeds,
      "--param arrival_rate=" + exact(rate) + " --param warm_ms=" + exact(warm_ms) +
          " --param cold_ms=" + exact(cold_ms) + " --param keep_alive=" + exact(keep_alive_s) +
          "s --param duration=" + exact(10 * s.interval_s) +
          "s --set simulation.sample_interval=" + exact(s.interval_s) + "s " + extra_arguments);
  std::vector<std::vector<double>> cold, invocations, instances, running, idle;
  for (const auto& run : s.runs) {
    if (run.rows.at("fn.fn.cold_starts").size() != 10)
      throw std::runtime_error("expected 10 timeseries rows, got " +
                               std::to_string(run.rows.at("fn.fn.cold_starts").size()));
    auto kept = [&](const char* column) {  // row 0 holds the ramp from no sandbox
      const auto& all = run.rows.at(column);
      return std::vector<double>(all.begin() + 1, all.end());
    };
    cold.push_back(kept("fn.fn.cold_starts"));
    invocations.push_back(kept("fn.fn.invocations"));
    instances.push_back(kept("fn.fn.instances"));
    running.push_back(kept("fn.fn.running"));
    idle.push_back(kept("fn.fn.idle"));
    if (run.summary["serverless"]["throttled"].get<double>() != 0)
      throw std::runtime_error("throttled requests");
  }
  s.p_cold = ratio(cold, invocations);
  s.instances = figure(instances);
  s.running = figure(running);
  s.idle = figure(idle);
  return s;
}

/// Little's law, independent of how the platform keeps its sandboxes: the mean number of
/// sandboxes executing is λ × the mean service time, warm (1 − P_cold) or cold (P_cold).
void expect_littles_law(const SteadyState& s, double rate, double warm_ms, double cold_ms,
                        const std::string& what) {
  const double p = s.p_cold.mean;
  const double expected = rate * (warm_ms * (1 - p) + cold_ms * p) / 1000;
  EXPECT_NEAR(s.running.mean, expected, 3 * s.running.se) << what << ": running sandboxes against λ·E[S]";
}

// P_cold rows where the model is biased against AWS, and the relative deviation (simulated /
// measured − 1) measured here and stated in the README: experiment_0 is beyond three combined
// standard errors (z = +3.2), experiment_4 at the edge (z = −2.9) with its neighbours at 0.7
// and 1/s leaning the same way, so it is documented rather than left to pass or fail by the
// draw. They are known biases of the model, which a reaper expiry calibrated on
// these rows does not remove (LambdaColdStartReaper below): at λ = 0.1/s the model starts 25 % more sandboxes
// cold than AWS did (at 0.05/s likewise, +28 % at 2.4σ), and at λ = 0.9/s 14 % fewer (at 0.7 and 1/s
// likewise, −11 % and −9 % within 2σ); the model's instance counts are below AWS's at every rate above
// 0.005/s. The test asserts each deviation's sign and its size within three of the simulation's standard
// errors: a change of the model either way fails here, and a calibrated model that agrees moves its row to
// the agreeing ones.
struct KnownDeviation {
  const char* experiment;
  double relative;
};
constexpr KnownDeviation kKnownPColdDeviations[] = {{"experiment_0", +0.249}, {"experiment_4", -0.142}};

const KnownDeviation* known_deviation(const std::string& experiment) {
  for (const auto& d : kKnownPColdDeviations)
    if (experiment == d.experiment) return &d;
  return nullptr;
}

/// A row's steady state under its own parameters, with `extra_arguments` (an expiry) added.
SteadyState simulate_row(const Row& row, const std::string& extra_arguments = "") {
  // Enough requests that the simulation's standard error is at most about half the
  // measurement's: the measurement's SE is that of about p(1 − p)/SE² independent requests, and
  // the seeds together get four times that (cold starts in the model are less clustered than
  // Bernoulli trials, so this is conservative), at least 100,000 and at most 1,000,000 (CI time).
  const double needed = 4 * row.p_cold * (1 - row.p_cold) / (row.p_cold_se * row.p_cold_se);
  const double per_seed = std::clamp(needed, 1e5, 1e6) / static_cast<double>(kSeeds.size());
  return simulate(row.rate, row.warm_ms, row.cold_ms, row.keep_alive_min * 60, per_seed, extra_arguments);
}

class LambdaColdStart : public ::testing::TestWithParam<int> {};

TEST_P(LambdaColdStart, PooledSeedsAgainstTheMeasuredRow) {
  const auto rows = read_rows();
  ASSERT_EQ(rows.size(), 12u) << kCsv;
  const Row row = rows.at(static_cast<std::size_t>(GetParam()));
  const auto s = simulate_row(row);

  const double se = std::hypot(row.p_cold_se, s.p_cold.se);
  const double z = (s.p_cold.mean - row.p_cold) / se;
  const double relative = s.p_cold.mean / row.p_cold - 1;
  const double instances_relative = s.instances.mean / row.avg_instances - 1;
  char line[400];
  std::snprintf(
      line, sizeof line,
      "%s λ=%.4f/s: P_cold %.5f (seeds %.5f–%.5f, sd %.5f) against %.5f ± %.5f: %+.1f %%, z = %+.2f; "
      "instances %.3f (sd %.3f) against %.3f: %+.1f %%",
      row.name.c_str(), row.rate, s.p_cold.mean, s.p_cold.seeds.min, s.p_cold.seeds.max, s.p_cold.seeds.sd,
      row.p_cold, row.p_cold_se, 100 * relative, z, s.instances.mean, s.instances.seeds.sd, row.avg_instances,
      100 * instances_relative);
  std::cout << line << "\n";
  RecordProperty("figures", line);

  if (const auto* known = known_deviation(row.name)) {
    const double tolerance = 3 * s.p_cold.se / row.p_cold;
    EXPECT_GT(relative * known->relative, 0) << "the known deviation changed sign";
    EXPECT_NEAR(relative, known->relative, tolerance) << row.name << ": the documented deviation changed";
  } else {
    EXPECT_LE(std::abs(z), 3.0) << row.name << ": P_cold outside three combined standard errors";
  }

  // AverageInstanceCount has no standard error in the measurements. The claim is the README's:
  // the model within 10 % of AWS; it fails when the simulation refutes it by more than three of
  // its own standard errors (the worst row, experiment_0, is 9 % low: see the README).
  const double instances_se = s.instances.se / row.avg_instances;
  EXPECT_LE(std::abs(instances_relative) - 3 * instances_se, 0.10)
      << row.name << ": average instance count off by more than 10 %";
  expect_littles_law(s, row.rate, row.warm_ms, row.cold_ms, row.name);
}

INSTANTIATE_TEST_SUITE_P(AwsRows, LambdaColdStart, ::testing::Range(0, 12));

// The reaper period fitted by scripts/calibrate-keep-alive on these 12 rows (README, validation):
// the minimum of J = Σ z_P² + Σ z_I² over a grid of 0 to 360 s is at 180 s (a parabola through
// 120, 180 and 240 s puts it at 184 s).
constexpr double kCalibratedReaperS = 180;

struct RowResiduals {
  double z_p_cold, z_instances, instances_relative;
};

/// z of P_cold and of the instance count against a row. The measurement publishes no standard
/// error for the instance count: it is estimated from the experiment's length (P_cold's SE is that
/// of about p(1 − p)/SE² requests, so n/λ seconds), over which a time average scatters like our
/// batches scaled by √(batch length / experiment length). Bernoulli requests make it an estimate.
RowResiduals residuals(const Row& row, const SteadyState& s) {
  const double experiment_s = row.p_cold * (1 - row.p_cold) / (row.p_cold_se * row.p_cold_se) / row.rate;
  const double measured_instances_se = s.instances.batch_sd * std::sqrt(s.interval_s / experiment_s);
  return {(s.p_cold.mean - row.p_cold) / std::hypot(row.p_cold_se, s.p_cold.se),
          (s.instances.mean - row.avg_instances) / std::hypot(measured_instances_se, s.instances.se),
          s.instances.mean / row.avg_instances - 1};
}

TEST(LambdaColdStartReaper, CalibratedReaperTradesColdStartsForInstances) {
  // The 12 rows under exact expiry (the scenario's default) and under the calibrated reaper, on
  // the same seeds. The calibration's claims, and what refutes the reaper as AWS's mechanism:
  //  - per row, a sandbox kept longer is reused more: P_cold falls and the instance count rises
  //    (each within three combined standard errors, the runs being treated as independent,
  //    which common seeds make conservative);
  //  - the instance counts lose their bias: exact expiry is 2.0 % low on average over the rows,
  //    the reaper 0.6 % high; and J, the fit's objective, falls (257 to 153 when measured);
  //  - the cost: P_cold, unbiased under exact expiry (mean z −0.03, 6 rows above and 6 below),
  //    becomes biased low (mean z −1.75, 10 of 12 below; χ² 37 → 70 on 12 degrees of freedom).
  //    Under agreement the mean of 12 z-scores has a standard error of 1/√12 = 0.29, so a mean
  //    below −1 is a bias, not a draw. AWS has more instances than the model and, at 0.3 to
  //    1/s, also more cold starts; a longer keep-alive cannot give both, which is why exact
  //    expiry stays the default.
  const auto rows = read_rows();
  ASSERT_EQ(rows.size(), 12u) << kCsv;
  const std::string reaper =
      "--set serverless.functions.fn.keep_alive.expiry.reaper=" + exact(kCalibratedReaperS) + "s";
  double chi2_exact = 0, chi2_reaper = 0, j_exact = 0, j_reaper = 0;
  double mean_z_reaper = 0, mean_rel_exact = 0, mean_rel_reaper = 0, mape_reaper = 0;
  for (const Row& row : rows) {
    const auto e = simulate_row(row);
    const auto r = simulate_row(row, reaper);
    const RowResiduals re = residuals(row, e), rr = residuals(row, r);
    std::printf(
        "%-14s λ=%.4f/s  exact: z_P %+.2f, instances %+.1f %%   reaper %gs: z_P %+.2f, instances %+.1f %%\n",
        row.name.c_str(), row.rate, re.z_p_cold, 100 * re.instances_relative, kCalibratedReaperS, rr.z_p_cold,
        100 * rr.instances_relative);
    EXPECT_LE(r.p_cold.mean, e.p_cold.mean + 3 * std::hypot(e.p_cold.se, r.p_cold.se))
        << row.name << ": a longer keep-alive gave more cold starts";
    EXPECT_GE(r.instances.mean, e.instances.mean - 3 * std::hypot(e.instances.se, r.instances.se))
        << row.name << ": a longer keep-alive gave fewer instances";
    chi2_exact += re.z_p_cold * re.z_p_cold;
    chi2_reaper += rr.z_p_cold * rr.z_p_cold;
    j_exact += re.z_p_cold * re.z_p_cold + re.z_instances * re.z_instances;
    j_reaper += rr.z_p_cold * rr.z_p_cold + rr.z_instances * rr.z_instances;
    mean_z_reaper += rr.z_p_cold / 12;
    mean_rel_exact += re.instances_relative / 12;
    mean_rel_reaper += rr.instances_relative / 12;
    mape_reaper += std::abs(rr.instances_relative) / 12;
  }
  std::printf(
      "P_cold χ² %.1f → %.1f, mean z %+.2f; instances mean error %+.2f %% → %+.2f %% (MAPE %.2f %%); "
      "J %.1f → %.1f\n",
      chi2_exact, chi2_reaper, mean_z_reaper, 100 * mean_rel_exact, 100 * mean_rel_reaper, 100 * mape_reaper,
      j_exact, j_reaper);
  EXPECT_LT(j_reaper, j_exact) << "the calibrated reaper no longer improves the fit's objective";
  EXPECT_LT(std::abs(mean_rel_reaper), std::abs(mean_rel_exact)) << "the instance bias was not reduced";
  EXPECT_LT(mean_z_reaper, -1.0) << "P_cold's documented bias under the reaper is gone: revisit the README";
  EXPECT_GT(chi2_reaper, chi2_exact) << "P_cold's documented cost of the reaper is gone: revisit the README";
}

TEST(LambdaColdStart, MissingMeasurementsFailInsteadOfSkipping) {
  // The data is part of the repository (tests/data/README.md): its absence is a failure.
  ASSERT_TRUE(std::filesystem::exists(kCsv)) << kCsv;
}

TEST(SimFaaS, PublishedRunOfTheSameModel) {
  // λ = 0.9/s, warm 1.991 s, cold 2.244 s, keep-alive 600 s. SimFaaS published single runs of
  // 10^6 s (its README: 1,213 cold of 898,469, 7.6612 instances, 1.7879 running, 5.8733 idle;
  // ../shared/validation/README.md: P_cold 0.0013–0.0014, 7.66–7.69 instances, 1.79–1.80 running,
  // 5.87–5.89 idle, and the time shares below). A published figure is one draw of a 10^6 s run,
  // whose scatter is that of our batches scaled by √(batch length / 10^6 s); our mean has its
  // own standard error. A figure agrees when its distance to the published range is at most
  // three of the two combined.
  constexpr double kRate = 0.9, kWarmMs = 1991, kColdMs = 2244, kPublishedRunS = 1e6;
  const double per_seed = 2e5 * kRate;  // 2·10^5 s a seed: five seeds make one published run
  const auto s = simulate(kRate, kWarmMs, kColdMs, 600, per_seed);
  const double batch_scale = std::sqrt(s.interval_s / kPublishedRunS);
  auto check = [&](const char* what, const Figure& ours, double lo, double hi) {
    const double one_run = ours.batch_sd * batch_scale;
    const double sigma = std::hypot(one_run, ours.se);
    const double distance = ours.mean < lo ? lo - ours.mean : ours.mean > hi ? ours.mean - hi : 0.0;
    std::printf(
        "%s: %.5f ± %.5f (seeds %.5f–%.5f; one 10^6 s run scatters by %.5f) against published %.5f–%.5f\n",
        what, ours.mean, ours.se, ours.seeds.min, ours.seeds.max, one_run, lo, hi);
    EXPECT_LE(distance, 3 * sigma) << what << " outside the published range by more than 3σ (σ = " << sigma
                                   << ")";
  };
  check("P_cold", s.p_cold, 0.0013, 0.0014);
  check("instances", s.instances, 7.6612, 7.69);
  check("running", s.running, 1.7879, 1.80);
  check("idle", s.idle, 5.8733, 5.89);
  expect_littles_law(s, kRate, kWarmMs, kColdMs, "SimFaaS case");

  // Share of time at each instance count, against SimFaaS's table (given to 3 decimals: ±0.0005).
  // The shares are the whole run's, including the ramp from no sandbox: over 10^6 s the whole
  // run's mean count is 0.002 below its steady state, a deficit of about 2,000 instance-seconds,
  // which moves a share of a 2·10^5 s run by about 0.0013 (allowed: 0.003). Being whole-run
  // figures they have five values, not 45: their scatter is the seeds' (2·10^5 s each).
  const double seed_scale = std::sqrt(2e5 / kPublishedRunS);
  const std::map<std::string, double> published = {
      {"6", .052}, {"7", .404}, {"8", .388}, {"9", .120}, {"10", .031}};
  for (const auto& [count, share] : published) {
    std::vector<double> shares;
    for (const auto& run : s.runs)
      shares.push_back(
          run.summary["serverless"]["functions"]["fn"]["instance_count_time_share"].value(count, 0.0));
    const Spread ours = spread(shares);
    const double sigma = std::hypot(ours.sd * seed_scale, ours.se());
    std::printf("share at %s instances: %.4f (sd %.4f) against %.4f\n", count.c_str(), ours.mean, ours.sd,
                share);
    EXPECT_NEAR(ours.mean, share, 3 * sigma + 0.0005 + 0.003) << count << " instances";
  }
}

}  // namespace
