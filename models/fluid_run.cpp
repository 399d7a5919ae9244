#include "models/fluid_run.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "models/capacity/capacity_planner.hpp"
#include "models/fluid_service.hpp"
#include "sim/metrics.hpp"
#include "sim/number_format.hpp"
#include "sim/random.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A service's metrics, declared in the discrete run's column order so timeseries.csv
/// has the same columns; latency columns are gauges fed from the step mixtures.
struct FluidChannel {
  std::unique_ptr<FluidService> model;
  sim::MetricsRecorder::Id arrived, completed, rejected, started, waited, wait_time, in_flight, queued,
      utilisation, instances;
  std::array<double, 4> latency{kNaN, kNaN, kNaN, kNaN};  // mean, p50, p95, p99 of the open row
  // Bounded summaries of the steps' response-time laws (sim/response_mixture.hpp): the open
  // row's, merged into the run's when the row closes.
  std::optional<sim::ResponseMixture> row_latency, run_latency;
  // The open row's counts, added to the recorder when it closes (one call per row, not per step);
  // the requests started and their waits come from row_latency.
  double row_arrived = 0, row_completed = 0, row_rejected = 0;
  double measured = 0, waited_sum = 0, wait_time_sum = 0;  // after the warm-up
  double demand = 0;                                       // λ at the open row's end, read when it closes
  double lambda = 0;                                       // this step's arrival rate
  double slo_violation_s = 0;
};

// Quantile error from pooling laws in bins 2^(1/b) wide: at most about 0.6/b² for percentiles
// up to p99 (tests/fluid_accuracy_test.cpp): 0.06 % for the run's, 0.9 % for a row's, which is
// solved more coarsely because it is solved at every row of every service.
constexpr int kRunBinsPerOctave = 32;
constexpr int kRowBinsPerOctave = 8;
constexpr std::array<double, 3> kPercentiles{0.50, 0.95, 0.99};

json latency_json(std::span<const sim::ResponseMixture* const> mixtures) {
  double count = 0, time_sum = 0;
  for (const auto* m : mixtures) {
    count += m->weight();
    if (m->weight() > 0) time_sum += m->weight() * m->mean();
  }
  const std::vector<double> q = sim::pooled_quantiles(mixtures, kPercentiles);
  return json{
      {"count", std::llround(count)},  {"mean", sim::json_number(count > 0 ? time_sum / count : kNaN)},
      {"p50", sim::json_number(q[0])}, {"p95", sim::json_number(q[1])},
      {"p99", sim::json_number(q[2])}, {"max", nullptr}};  // a fluid run has no largest request
}

/// A run's or a service's expected counts: the totals of the timeseries columns, and the
/// requests present at the end as the model holds them.
struct FluidCounts {
  double arrived = 0, completed = 0, rejected = 0, held = 0;
  FluidCounts& operator+=(const FluidCounts& o) {
    arrived += o.arrived;
    completed += o.completed;
    rejected += o.rejected;
    held += o.held;
    return *this;
  }
};

/// Throws std::logic_error naming the service unless the columns' totals and the requests
/// present at the end account for every arrival, to floating-point rounding.
void check_conservation(const std::string& service, const FluidCounts& c) {
  const double accounted = c.completed + c.rejected + c.held;
  if (std::abs(c.arrived - accounted) <= 1e-9 * std::max(1.0, c.arrived)) return;
  throw std::logic_error(
      "request conservation violated in service '" + service + "': " + sim::format_number(c.arrived) +
      " arrived, but " + sim::format_number(c.completed) + " completed + " + sim::format_number(c.rejected) +
      " rejected + " + sim::format_number(c.held) + " present at the end = " + sim::format_number(accounted));
}

/// Whole requests: completed, completed + rejected and completed + rejected + in flight are
/// each rounded, and the counts are their differences, so that the integers add up to the
/// rounded arrivals when the counts they stand for do, and not when they do not.
json requests_json(const FluidCounts& c) {
  const auto completed = std::llround(c.completed);
  const auto answered = std::llround(c.completed + c.rejected);
  const auto accounted = std::llround(c.completed + c.rejected + c.held);
  return json{{"arrived", std::llround(c.arrived)},
              {"completed", completed},
              {"rejected", answered - completed},
              {"failed", 0},
              {"in_flight", accounted - answered}};
}

json wait_json(double measured, double wait_time, double waited) {
  return json{{"mean", sim::json_number(measured > 0 ? wait_time / measured : kNaN)},
              {"p_wait", sim::json_number(measured > 0 ? waited / measured : kNaN)}};
}

}  // namespace

RunResult run_fluid(const ScenarioSpec& spec, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (spec.serverless.enabled)
    throw ScenarioError("fluid fidelity does not support serverless functions yet");
  for (const auto& s : spec.services)
    if (s.scaling.enabled)
      throw ScenarioError("service '" + s.name +
                          "': fluid fidelity does not support autoscaled services yet");

  const double end = spec.simulation.duration_s;
  const double warmup = spec.simulation.warmup_s;
  const sim::RandomStreams streams(spec.seed);
  sim::MetricsRecorder metrics(spec.simulation.sample_interval_s);
  std::vector<FluidChannel> channels(spec.services.size());
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const ServiceSpec& s = spec.services[i];
    FluidChannel& ch = channels[i];
    const std::string stream = s.arrival_stream.empty() ? s.name + ".arrivals" : s.arrival_stream;
    ch.model =
        std::make_unique<FluidService>(s, spec.instance_types.at(s.instance_type), streams.stream(stream));
    ch.row_latency.emplace(ch.model->mu(), ch.model->exponential_service(), kRunBinsPerOctave);
    ch.run_latency.emplace(ch.model->mu(), ch.model->exponential_service(), kRunBinsPerOctave);
    const std::string& n = s.name;
    ch.arrived = metrics.counter(n + ".requests_arrived");
    ch.completed = metrics.counter(n + ".requests_completed");
    ch.rejected = metrics.counter(n + ".requests_rejected");
    ch.started = metrics.counter(n + ".requests_started");
    ch.waited = metrics.counter(n + ".requests_waited");
    ch.wait_time = metrics.counter(n + ".wait_time_s");
    ch.in_flight = metrics.level(n + ".in_flight");
    ch.queued = metrics.level(n + ".queued");
    ch.utilisation = metrics.level(n + ".cpu_utilisation");
    ch.instances = metrics.level(n + ".instances", s.instances);
    const char* suffix[] = {"_mean", "_p50", "_p95", "_p99"};
    for (std::size_t k = 0; k < 4; ++k)
      metrics.gauge(n + ".latency_s" + suffix[k], [&ch, k] { return ch.latency[k]; });
    metrics.gauge(n + ".demand_per_s", [&ch] { return ch.demand; });
  }
  const auto cost_counter = metrics.counter("instances.cost_usd");
  // `capacity:` sizes every service from the racks installed, step by step (models/capacity/).
  std::unique_ptr<CapacityPlanner> planner;
  if (spec.capacity.enabled) {
    std::vector<FluidService*> models;
    for (FluidChannel& ch : channels)
      models.push_back(ch.model.get());
    planner = std::make_unique<CapacityPlanner>(spec, std::move(models));
  }
  if (options.observer != nullptr)
    metrics.on_row([&](const sim::MetricsRow& row) { options.observer->on_row(metrics.columns(), row); });

  // Steps end at the step length, at every row boundary and at the end, so rows are exact.
  const double h = spec.simulation.fluid_step_s;
  double t = 0.0, row_start = 0.0;
  std::uint64_t steps = 0;
  bool stopped = false;
  while (t < end) {
    const double step_end = std::min({t + h, metrics.next_row_time_s(), end});
    const double len = step_end - t;
    // Requests arriving before the warm-up ends are not measured (as in discrete runs).
    const double measured_share = std::clamp((step_end - warmup) / len, 0.0, 1.0);
    if (planner) planner->before_step(t, len);
    // λ and Erlang C for every service first: independent of each other, they overlap in the
    // processor when computed in a row (10 % faster than one service after the other).
    for (FluidChannel& ch : channels)
      ch.lambda = ch.model->step_rate(t, len);
    for (FluidChannel& ch : channels)
      ch.model->prepare(ch.lambda);
    for (FluidChannel& ch : channels) {
      const FluidStep r = ch.model->step(t, len, ch.lambda);
      metrics.set(ch.in_flight, t, r.in_system);
      metrics.set(ch.queued, t, r.queued);
      const double vcpus = ch.model->total_vcpus();
      metrics.set(ch.utilisation, t, vcpus > 0 ? std::min(1.0, r.busy_vcpus / vcpus) : 0.0);
      ch.row_arrived += r.arrived;
      ch.row_completed += r.completed;
      ch.row_rejected += r.rejected;
      // Requests are measured when their wait is known: the step's laws, weighted by them.
      for (ResponseComponent part : r.parts) {
        part.weight *= measured_share;
        if (part.weight > 0) ch.row_latency->add(part);
      }
    }
    t = step_end;
    ++steps;
    if (t >= metrics.next_row_time_s() || t >= end) {
      double cost = 0.0;
      for (std::size_t i = 0; i < channels.size(); ++i) {
        FluidChannel& ch = channels[i];
        const ServiceSpec& s = spec.services[i];
        cost += s.instances * s.price_per_s * (t - row_start);
        const bool slo = s.latency_slo_s > 0;
        const std::array<double, 4> qs{kPercentiles[0], kPercentiles[1], kPercentiles[2], s.slo_percentile};
        const std::vector<double> q =
            ch.row_latency->quantiles(std::span<const double>(qs.data(), slo ? 4 : 3), kRowBinsPerOctave);
        ch.latency = {ch.row_latency->mean(), q[0], q[1], q[2]};
        if (slo && ch.row_latency->weight() > 0 && q[3] > s.latency_slo_s)
          ch.slo_violation_s += t - row_start;
        const sim::ResponseMixture& row = *ch.row_latency;
        for (const auto& [id, count] :
             {std::pair{ch.arrived, ch.row_arrived}, std::pair{ch.completed, ch.row_completed},
              std::pair{ch.rejected, ch.row_rejected}, std::pair{ch.started, row.weight()},
              std::pair{ch.waited, row.waited()}, std::pair{ch.wait_time, row.wait_time_s()}})
          metrics.add(id, count);
        ch.row_arrived = ch.row_completed = ch.row_rejected = 0.0;
        ch.measured += row.weight();
        ch.waited_sum += row.waited();
        ch.wait_time_sum += row.wait_time_s();
        ch.run_latency->merge(row);
        ch.row_latency->clear();
        ch.demand = ch.model->rate_at(t);
      }
      metrics.add(cost_counter, cost);
      if (planner) {
        double slo_s = 0.0;
        for (const FluidChannel& ch : channels)
          slo_s += ch.slo_violation_s;
        planner->note_slo(row_start, slo_s);
      }
      row_start = t;
      if (t < end) metrics.advance(t);
      if (options.observer != nullptr) {
        sim::Progress p;
        p.sim_time_s = t;
        p.end_time_s = end;
        p.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        p.events = steps;
        p.eta_s = kNaN;
        options.observer->on_progress(p);
        if (options.observer->stop_requested()) {
          stopped = true;
          break;
        }
      }
    }
  }
  // The billing's rounding (whole seconds, 60 s minimum) lands in the last row, as in discrete runs.
  double rounding_usd = 0.0;
  for (const ServiceSpec& s : spec.services)
    rounding_usd += s.instances * s.price_per_s * (std::max(60.0, std::ceil(t)) - t);
  metrics.add(cost_counter, rounding_usd);
  metrics.finish(t);

  RunResult result;
  result.stopped = stopped;
  json per_service = json::object(), cost_by_service = json::object();
  std::vector<const sim::ResponseMixture*> all_latency;
  FluidCounts all;
  json held_by_service = json::object();
  double measured = 0, waited = 0, wait_time = 0, total_cost = 0;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const FluidChannel& ch = channels[i];
    const ServiceSpec& s = spec.services[i];
    const InstanceType& type = spec.instance_types.at(s.instance_type);
    // What the rows received, against what the model holds at the end.
    const FluidCounts counts{metrics.counter_total(ch.arrived), metrics.counter_total(ch.completed),
                             metrics.counter_total(ch.rejected), ch.model->in_system()};
    check_conservation(s.name, counts);
    all += counts;
    held_by_service[s.name] = json{{"in_system", counts.held}};
    measured += ch.measured;
    waited += ch.waited_sum;
    wait_time += ch.wait_time_sum;
    all_latency.push_back(&*ch.run_latency);
    // A fixed fleet launched at 0 and billed per second with the 60 s minimum, as discrete.
    const double billed_s = s.instances * std::max(60.0, std::ceil(t));
    const double cost = billed_s * type.price_per_s;
    total_cost += cost;
    cost_by_service[s.name] = cost;
    result.bill.push_back(BillLine{s.name, "instance-hours " + type.name, billed_s / 3600.0, "h",
                                   type.price_per_s * 3600.0, cost});
    json fleet{{"instance_hours", billed_s / 3600.0},
               {"launches", s.instances},
               {"terminations", 0},
               {"scaling_actions", 0}};
    if (s.latency_slo_s > 0)
      fleet["slo"] = json{{"latency_s", s.latency_slo_s},
                          {"percentile", s.slo_percentile},
                          {"violation_minutes", ch.slo_violation_s / 60.0}};
    per_service[s.name] = json{
        {"requests", requests_json(counts)},
        {"latency_s", latency_json(std::span<const sim::ResponseMixture* const>(&all_latency.back(), 1))},
        {"wait_s", wait_json(ch.measured, ch.wait_time_sum, ch.waited_sum)},
        {"instances", s.instances},
        {"instance_type", type.name},
        {"load_balancer", s.load_balancer},
        {"placement", s.placement},
        {"cost_usd", cost},
        {"fleet", fleet},
        {"fluid", json{{"servers", ch.model->servers()}, {"backlog_at_end", ch.model->backlog()}}}};
  }
  const sim::Topology topology(spec.topology);
  json summary = summary_preamble(spec, topology);
  summary["fidelity"] = "fluid";
  summary["status"] = stopped ? "stopped" : "completed";
  summary["sim_time_s"] = t;
  summary["wall_time_s"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary["events"] = steps;  // fluid steps, not request events
  summary["requests"] = requests_json(all);
  summary["latency_s"] = latency_json(all_latency);
  summary["wait_s"] = wait_json(measured, wait_time, waited);
  summary["cost_usd"] = json{
      {"total", total_cost}, {"instances", total_cost}, {"serverless", 0.0}, {"by_service", cost_by_service}};
  // Each service was checked above (a mismatch ends the run); this is what was counted.
  summary["conservation"] =
      json{{"requests_balanced", true},
           {"held_at_end", json{{"in_system", all.held}}},
           {"held_at_end_by_service", held_by_service},
           {"cost_columns", json{{"instances", check_cost_column(metrics, cost_counter, total_cost)}}}};
  summary["services"] = per_service;
  summary["metrics"] = metrics.summary();
  result.summary = std::move(summary);
  result.timeseries_csv = metrics.timeseries_csv();
  if (planner) planner->finish(result);
  return result;
}

}  // namespace stratus::models
