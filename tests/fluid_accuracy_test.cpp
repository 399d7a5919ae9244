// The fluid fidelity's fast paths against their exact references: the tabulated Erlang C
// (sim/erlang_c_table.hpp) against the test suite's full Erlang B recursion, the bounded
// response-time mixture (sim/response_mixture.hpp) against the exact mixture of every step's law
// and both against references of the test's own (M/M/1 sojourn times, sampled laws), a service
// whose servers all go away and come back, and a 100-service run that is byte-identical when
// repeated and whose run percentiles do not depend on the row interval.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "models/fluid_service.hpp"
#include "models/scenario_loader.hpp"
#include "sim/erlang_c_table.hpp"
#include "sim/random.hpp"
#include "sim/response_mixture.hpp"
#include "support/process.hpp"
#include "support/queueing.hpp"

namespace {

using namespace stratus;
using stratus::testing::read_text;
using stratus::testing::run_command;
using stratus::testing::stratus_cmd;

const std::string kSource = STRATUS_SOURCE_DIR;

TEST(ErlangCTable, MatchesTheExactRecursionEverywhere) {
  // Every load from 0 to saturation on a fine grid, from one server to a large fleet. The
  // tolerance the validation needs is 0.5 %; the table is held to 1e-6.
  for (const int c : {1, 2, 5, 16, 63, 64, 100, 1000, 25000}) {
    sim::ErlangCTable table(c);
    const int points = c > 1000 ? 1000 : 5000;
    for (int i = 1; i < points; ++i) {
      const double a = c * static_cast<double>(i) / points;
      const double exact = stratus::testing::erlang_c(a, 1.0, c).p_wait;
      const double fast = table.p_wait(a);
      if (exact > 1e-12)
        ASSERT_NEAR(fast / exact, 1.0, 1e-6) << "c=" << c << " a=" << a;
      else
        ASSERT_NEAR(fast, exact, 1e-15) << "c=" << c << " a=" << a;
    }
    EXPECT_EQ(table.p_wait(c), 1.0);
    EXPECT_EQ(table.p_wait(0), 0.0);
  }
}

TEST(ErlangCCache, AnswersDoNotDependOnTheOrderOfQuestions) {
  // Tables fill lazily and are dropped when more than a few server counts alternate: the same
  // question must get the same bits whatever was asked before.
  std::vector<std::pair<double, long long>> questions;
  for (int i = 0; i < 400; ++i)
    questions.emplace_back(0.5 + 0.45 * std::sin(i * 0.37), 5 + (i * 7) % 11 * 40);
  sim::ErlangCCache forward, backward;
  std::vector<double> first(questions.size()), second(questions.size());
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& [rho, c] = questions[i];
    first[i] = forward.erlang_c(rho * c * 2.0, 2.0, c).p_wait;
  }
  for (std::size_t i = questions.size(); i-- > 0;) {
    const auto& [rho, c] = questions[i];
    second[i] = backward.erlang_c(rho * c * 2.0, 2.0, c).p_wait;
  }
  for (std::size_t i = 0; i < questions.size(); ++i) {
    EXPECT_EQ(first[i], second[i]) << i;
    const auto& [rho, c] = questions[i];
    // Against the test suite's own recursion (tests/support/queueing.hpp), not sim::erlang_c.
    const double exact = stratus::testing::erlang_c(rho * c * 2.0, 2.0, static_cast<int>(c)).p_wait;
    EXPECT_NEAR(first[i], exact, 1e-6 * exact + 1e-15) << i;
  }
  const auto overloaded = forward.erlang_c(30, 1, 20);
  EXPECT_EQ(overloaded.p_wait, 1.0);
  EXPECT_TRUE(std::isinf(overloaded.mean_wait));
}

// ResponseMixtureBinning compares the bounded mixture with the exact one (sim::mixture_quantile,
// from the same file): it measures the binning, not the laws. ResponseMixtureValidation holds
// both against references of the test's own: the exponential sojourn time of M/M/1 and response
// times drawn at random from the laws.

/// A day of one-minute steps of an M/M/c queue under a diurnal load (the fluid model's laws).
std::vector<sim::ResponseComponent> diurnal_day(int c, double mu, double mean_rho, double amplitude,
                                                bool exponential) {
  std::vector<sim::ResponseComponent> parts;
  for (int i = 0; i < 1440; ++i) {
    const double lambda = c * mu * mean_rho * (1 + amplitude * std::cos(2 * M_PI * i / 1440.0));
    const auto q = sim::erlang_c(lambda, mu, c);
    sim::ResponseComponent p;
    p.weight = lambda * 60;
    p.p_wait = q.p_wait;
    p.wait_rate = q.decay;
    p.mu = mu;
    p.exponential = exponential;
    parts.push_back(p);
  }
  return parts;
}

/// The largest relative quantile error of the bounded mixture against the exact one.
/// `solve_bins_per_octave` as a run's rows use it: kept at 32, solved at 8.
double worst_quantile_error(const std::vector<sim::ResponseComponent>& parts, int bins_per_octave,
                            int solve_bins_per_octave = 0) {
  sim::ResponseMixture mixture(parts.front().mu, parts.front().exponential, bins_per_octave);
  for (const auto& p : parts)
    mixture.add(p);
  const std::vector<double> qs{0.5, 0.9, 0.95, 0.99};
  const std::vector<double> got = mixture.quantiles(qs, solve_bins_per_octave);
  double worst = 0;
  for (std::size_t k = 0; k < qs.size(); ++k)
    worst = std::max(worst, std::abs(got[k] / sim::mixture_quantile(parts, qs[k]) - 1));
  std::cout << "bins/octave " << bins_per_octave << ": worst quantile error " << worst << "\n";
  return worst;
}

TEST(ResponseMixtureBinning, QuantilesStayWithinTheBoundOfTheExactMixture) {
  // Pooling laws whose waiting rates lie within a bin of relative width 1/b at their mean
  // rate moves a quantile by at most about 0.6/b² up to p99 (second order in the width); on
  // diurnal days the rates spread over the bin and the error stays about ten times lower.
  for (const int b : {8, 32}) {
    const double bound = 0.6 / (b * b);
    for (const bool exponential : {true, false}) {
      EXPECT_LT(worst_quantile_error(diurnal_day(16, 10.0, 0.62, 0.5, exponential), b), bound / 8) << b;
      EXPECT_LT(worst_quantile_error(diurnal_day(2, 1.0, 0.5, 0.4, exponential), b), bound / 8) << b;
      EXPECT_LT(worst_quantile_error(diurnal_day(1000, 100.0, 0.8, 0.2, exponential), b), bound / 8) << b;
    }
    if (b == 8) {  // a row: 32 bins per octave kept, pooled four by four when solved
      EXPECT_LT(worst_quantile_error(diurnal_day(16, 10.0, 0.62, 0.5, true), 32, 8), bound / 8);
    }
    // The worst case: half the mass at each end of one bin, waits much longer than service.
    std::vector<sim::ResponseComponent> ends(2);
    for (int k = 0; k < 2; ++k) {
      ends[k].weight = 1.0;
      ends[k].p_wait = 1.0;
      ends[k].wait_rate = k == 0 ? 1.0 : 1.0 + 0.999 / b;  // 1.0 starts a bin
      ends[k].mu = 1e6;
    }
    EXPECT_LT(worst_quantile_error(ends, b), bound) << b;
  }
}

TEST(ResponseMixtureBinning, BacklogShiftsMeanAndMerging) {
  // Laws behind a fluid backlog (deterministic waits) mixed with stationary ones.
  std::vector<sim::ResponseComponent> parts = diurnal_day(16, 10.0, 0.6, 0.3, true);
  for (int i = 0; i < 300; ++i) {
    sim::ResponseComponent p;
    p.weight = 500 + i;
    p.shift_s = 0.5 + 0.01 * i;
    p.mu = 10.0;
    parts.push_back(p);
  }
  sim::ResponseMixture all(10.0, true, 32), first(10.0, true, 32), second(10.0, true, 32);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    all.add(parts[i]);
    (i % 2 == 0 ? first : second).add(parts[i]);
  }
  first.merge(second);
  const std::vector<double> qs{0.5, 0.95, 0.99};
  const auto a = all.quantiles(qs), m = first.quantiles(qs);
  for (std::size_t k = 0; k < qs.size(); ++k) {
    const double exact = sim::mixture_quantile(parts, qs[k]);
    EXPECT_NEAR(a[k], exact, 0.6 / (32 * 32) * exact) << qs[k];
    EXPECT_NEAR(m[k], a[k], 1e-9 * a[k]) << qs[k];
  }
  EXPECT_NEAR(all.mean(), sim::mixture_mean(parts), 1e-12 * all.mean());  // exact, not binned
  EXPECT_NEAR(first.mean(), all.mean(), 1e-12 * all.mean());
  double weight = 0;
  for (const auto& p : parts)
    weight += p.weight;
  EXPECT_NEAR(all.weight(), weight, 1e-9 * weight);
  all.clear();
  EXPECT_EQ(all.weight(), 0.0);
  EXPECT_TRUE(std::isnan(all.quantiles(qs)[0]));
  sim::ResponseComponent both = parts[1500];
  both.p_wait = 0.5;
  both.wait_rate = 1.0;
  EXPECT_THROW(all.add(both), std::invalid_argument) << "a component mixing shift and wait";
}

/// The test's own quantile of a mixture of M/M/1 laws: one FIFO server's response time is
/// exponential with rate μ − λ, so the CDF is Σ wᵢ(1 − e^(−θᵢt)) / Σ wᵢ, inverted by bisection.
double exponential_mixture_quantile(const std::vector<std::pair<double, double>>& weight_and_rate, double q) {
  double total = 0;
  for (const auto& [w, theta] : weight_and_rate)
    total += w;
  auto cdf = [&](double t) {
    double f = 0;
    for (const auto& [w, theta] : weight_and_rate)
      f += w * -std::expm1(-theta * t);
    return f / total;
  };
  double lo = 0, hi = 1;
  while (cdf(hi) < q)
    hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i)
    ((cdf((lo + hi) / 2) < q) ? lo : hi) = (lo + hi) / 2;
  return (lo + hi) / 2;
}

TEST(ResponseMixtureValidation, OneServerLawsAreExponentialSojournTimes) {
  // A day of one-minute M/M/1 steps, ρ from 0.2 to 0.9: each law waits with probability ρ for an
  // exponential time of rate μ − λ, then serves for an exponential time of rate μ; the sum is
  // exponential of rate μ − λ (the M/M/1 FIFO sojourn time), which the mixture must reproduce.
  const double mu = 4.0;
  std::vector<sim::ResponseComponent> parts;
  std::vector<std::pair<double, double>> reference;
  for (int i = 0; i < 1440; ++i) {
    const double lambda = mu * (0.55 + 0.35 * std::cos(2 * M_PI * i / 1440.0));
    sim::ResponseComponent p;
    p.weight = lambda * 60;
    p.p_wait = lambda / mu;
    p.wait_rate = mu - lambda;
    p.mu = mu;
    parts.push_back(p);
    reference.emplace_back(p.weight, mu - lambda);
  }
  sim::ResponseMixture bounded(mu, true, 32);
  for (const auto& p : parts)
    bounded.add(p);
  const std::vector<double> qs{0.5, 0.9, 0.95, 0.99};
  const auto got = bounded.quantiles(qs);
  for (std::size_t k = 0; k < qs.size(); ++k) {
    const double expected = exponential_mixture_quantile(reference, qs[k]);
    EXPECT_NEAR(sim::mixture_quantile(parts, qs[k]), expected, 1e-9 * expected) << qs[k];
    EXPECT_NEAR(got[k], expected, 0.6 / (32 * 32) * expected) << qs[k];  // the binning bound
  }
  // One law alone: the quantile of an exponential, −ln(1 − q) / (μ − λ).
  const std::vector<sim::ResponseComponent> one{parts[0]};
  EXPECT_NEAR(sim::mixture_quantile(one, 0.99), -std::log(0.01) / parts[0].wait_rate, 1e-10);
  double weight = 0, mean = 0;
  for (const auto& [w, theta] : reference) {
    weight += w;
    mean += w / theta;
  }
  EXPECT_NEAR(bounded.mean(), mean / weight, 1e-12 * mean / weight);
}

TEST(ResponseMixtureValidation, QuantilesMatchSampledResponseTimes) {
  // Independent of every formula: 10^6 response times drawn from the laws themselves (a law by
  // its weight; no wait with probability 1 − P_wait, else an exponential wait of its rate; then
  // an exponential or a constant service). At the quantile t_q a mixture claims, the share of
  // draws below t_q must not exceed q, nor the share at or below it fall short of q (the
  // definition of a quantile, which also holds at the atom of constant service, where every
  // request that did not wait ends), each within 4 binomial standard errors √(q(1 − q)/n): a
  // false failure once in 16,000 checks (t_q is compared to ±1e-9, the solvers' precision).
  // The binning moves t_q by at most 0.6/b² = 0.06 %, under a tenth of that tolerance.
  std::mt19937_64 rng(20261204);
  const std::vector<double> qs{0.5, 0.9, 0.95, 0.99};
  for (const bool exponential : {true, false}) {
    const auto parts = diurnal_day(16, 10.0, 0.62, 0.5, exponential);
    std::vector<double> weights;
    for (const auto& p : parts)
      weights.push_back(p.weight);
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    constexpr int n = 1000000;
    std::vector<double> draws(n);
    for (auto& t : draws) {
      const auto& p = parts[pick(rng)];
      const double wait =
          uniform(rng) < p.p_wait ? std::exponential_distribution<double>(p.wait_rate)(rng) : 0.0;
      const double service = exponential ? std::exponential_distribution<double>(p.mu)(rng) : 1.0 / p.mu;
      t = wait + service;
    }
    std::sort(draws.begin(), draws.end());
    sim::ResponseMixture bounded(10.0, exponential, 32);
    for (const auto& p : parts)
      bounded.add(p);
    const auto got = bounded.quantiles(qs);
    for (std::size_t k = 0; k < qs.size(); ++k) {
      const double tolerance = 4 * std::sqrt(qs[k] * (1 - qs[k]) / n);
      auto expect_quantile = [&](double t, const char* which) {
        const double below =
            static_cast<double>(std::lower_bound(draws.begin(), draws.end(), t * (1 - 1e-9)) -
                                draws.begin()) /
            n;
        const double at_or_below =
            static_cast<double>(std::upper_bound(draws.begin(), draws.end(), t * (1 + 1e-9)) -
                                draws.begin()) /
            n;
        EXPECT_LE(below, qs[k] + tolerance)
            << which << ", q=" << qs[k] << (exponential ? " exponential" : " constant");
        EXPECT_GE(at_or_below, qs[k] - tolerance)
            << which << ", q=" << qs[k] << (exponential ? " exponential" : " constant");
      };
      expect_quantile(sim::mixture_quantile(parts, qs[k]), "exact mixture");
      expect_quantile(got[k], "bounded mixture");
    }
  }
}

TEST(FluidService, ZeroServersQueueThenDrainWithoutNaN) {
  // mmc.yaml: λ = 9, μ = 1, ten single-vCPU servers behind a central FIFO queue.
  const auto spec = models::load_scenario(kSource + "/scenarios/validation/mmc.yaml", {});
  const auto& service = spec.services.at(0);
  models::FluidService model(service, spec.instance_types.at(service.instance_type),
                             sim::RandomStreams(1).stream("mmc.arrivals"));
  auto finite = [](const models::FluidStep& s) {
    for (const double v : {s.arrived, s.accepted, s.rejected, s.completed, s.busy_vcpus, s.mean_wait_s,
                           s.p_wait, s.queued, s.in_system})
      if (!std::isfinite(v)) return false;
    return true;
  };
  double t = 0;
  double present = 0;
  for (; t < 600; t += 60) {
    const auto s = model.step(t, 60);
    ASSERT_TRUE(finite(s));
    present = s.in_system;
  }
  model.set_instances(0);
  for (; t < 1200; t += 60) {
    const auto s = model.step(t, 60);
    ASSERT_TRUE(finite(s));
    EXPECT_NEAR(s.accepted, 9 * 60, 1e-9);  // an unlimited queue takes everything
    // The requests in service when the fleet went are drained (they finish, as instances
    // leaving a balancer finish what they hold) in the first step, so conservation holds;
    // nothing completes after that.
    EXPECT_NEAR(s.completed, t == 600 ? present : 0.0, 1e-9);
    EXPECT_EQ(s.busy_vcpus, 0.0);
    EXPECT_TRUE(s.parts.empty());  // their wait is not known yet
  }
  EXPECT_NEAR(model.backlog(), 9 * 600, 1e-6);
  model.set_instances(12);  // capacity 12/s against 9/s: the backlog drains at 3/s
  const auto back = model.step(t, 60);
  ASSERT_TRUE(finite(back));
  double stranded = 0, stranded_wait = 0;
  for (const auto& p : back.parts)
    if (p.weight > 5000) {
      stranded = p.weight;
      stranded_wait = p.shift_s;
    }
  EXPECT_NEAR(stranded, 9 * 600, 1e-6);
  EXPECT_GE(stranded_wait, 300.0);  // they arrived on average 300 s before servers came back
  for (t += 60; t < 1200 + 1800 + 60; t += 60)
    ASSERT_TRUE(finite(model.step(t, 60)));
  EXPECT_EQ(model.backlog(), 0.0);  // 5,400 requests at 3/s take 1,800 s
}

/// summary.json without its wall time, which is the one field that may differ.
nlohmann::json summary_of(const std::filesystem::path& dir) {
  auto summary = nlohmann::json::parse(read_text(dir / "summary.json"));
  summary.erase("wall_time_s");
  return summary;
}

TEST(FluidBenchmark, RunsAreByteIdenticalAndRowsDoNotChangeTheRunPercentiles) {
  const std::string file = kSource + "/bench/scenarios/fluid-3y-100.yaml";
  std::vector<std::filesystem::path> dirs;
  for (const std::string interval : {"1d", "1d", "1h"}) {
    dirs.push_back(stratus::testing::temp_dir("fluid-bench-" + interval + std::to_string(dirs.size())));
    const auto cli = run_command(
        stratus_cmd("run " + file + " --quiet --param duration=10d --param sample_interval=" + interval +
                    " --out " + dirs.back().string()));
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
  }
  EXPECT_EQ(summary_of(dirs[0]), summary_of(dirs[1]));
  EXPECT_EQ(read_text(dirs[0] / "timeseries.csv"), read_text(dirs[1] / "timeseries.csv"));
  // Hourly rows split no step that daily rows do not (one-minute steps): the same laws reach the
  // run's mixture, merged in another order.
  const auto daily = summary_of(dirs[0]), hourly = summary_of(dirs[2]);
  EXPECT_EQ(daily["requests"], hourly["requests"]);
  for (const char* key : {"mean", "p50", "p95", "p99"}) {
    const double d = daily["latency_s"][key].get<double>();
    EXPECT_NEAR(hourly["latency_s"][key].get<double>(), d, 1e-9 * d) << key;
  }
}

}  // namespace
