#include "models/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <simgrid/s4u/Actor.hpp>
#include <sstream>

#include "models/failures.hpp"
#include "models/fleet.hpp"
#include "models/fluid_run.hpp"
#include "models/resource_estimate.hpp"
#include "models/serverless_conservation.hpp"
#include "models/serverless_runtime.hpp"
#include "sim/atomic_file.hpp"
#include "sim/calendar.hpp"
#include "sim/histogram.hpp"
#include "sim/metrics.hpp"
#include "sim/number_format.hpp"
#include "sim/platform.hpp"
#include "sim/random.hpp"
#include "sim/topology.hpp"

namespace stratus::models {

namespace sg4 = simgrid::s4u;
using nlohmann::json;

namespace {

json wait_json(const ServiceTotals& t) {
  const double n = static_cast<double>(t.started);
  return json{{"mean", sim::json_number(n > 0 ? t.wait_sum_s / n : NAN)},
              {"p_wait", sim::json_number(n > 0 ? static_cast<double>(t.waited) / n : NAN)}};
}

json requests_json(const ServiceTotals& t) {
  return json{{"arrived", t.arrived},
              {"completed", t.completed},
              {"rejected", t.rejected},
              {"failed", t.failed},
              {"in_flight", t.in_flight}};
}

json fleet_json(const FleetTotals& f, const ServiceSpec& s) {
  const double observed = f.observed_s > 0 ? f.observed_s : NAN;
  json out{{"instance_hours", f.instance_seconds_billed / 3600.0},
           {"launches", f.launches},
           {"terminations", f.terminations},
           {"scaling_actions", f.scaling_actions},
           {"over_provisioned_instances", sim::json_number(f.over_provisioned_instance_s / observed)},
           {"under_provisioned_instances", sim::json_number(f.under_provisioned_instance_s / observed)}};
  if (s.latency_slo_s > 0)
    out["slo"] = json{{"latency_s", s.latency_slo_s},
                      {"percentile", s.slo_percentile},
                      {"violation_minutes", f.slo_violation_s / 60.0}};
  if (f.instances_lost > 0 || f.spot_interruptions > 0 || s.scaling.spot.enabled)
    out["failures"] =
        json{{"instances_lost", f.instances_lost},
             {"spot_interruptions", f.spot_interruptions},
             {"recoveries", f.recoveries},
             {"time_to_recover_s",
              json{{"mean", sim::json_number(f.recoveries > 0 ? f.recovery_s_sum / f.recoveries : NAN)},
                   {"max", sim::json_number(f.recoveries > 0 ? f.recovery_s_max : NAN)}}},
             {"recovering_at_end", f.recovering_at_end}};
  if (s.scaling.spot.enabled)
    out["spot"] = json{{"instance_hours", f.spot_seconds_billed / 3600.0}, {"cost_usd", f.spot_cost_usd}};
  if (s.scaling.enabled) {
    out["policies"] = s.policy_names;
    out["min"] = s.scaling.min_capacity;
    out["max"] = s.scaling.max_capacity;
  }
  return out;
}

json held_json(const HeldRequests& h) {
  return json{{"executing", h.executing},
              {"queued_on_instances", h.queued_on_instances},
              {"central_queue", h.central_queue},
              {"at_balancer", h.at_balancer},
              {"on_draining_instances", h.on_draining_instances}};
}

/// The timeline as services apply it: which hosts go down or come back, which zones are cut
/// off from the region's front end (where the balancers are) and restored.
std::vector<PlatformChange> platform_changes(const FailureTimeline& timeline) {
  std::vector<PlatformChange> changes;
  for (const FailureEvent& e : timeline.events) {
    PlatformChange c;
    c.time_s = e.time_s;
    switch (e.kind) {
      case FailureEventKind::host_down:
      case FailureEventKind::host_up:
        if (e.hosts.empty()) continue;  // every host was already down (or still is)
        c.kind = e.kind == FailureEventKind::host_down ? PlatformChange::Kind::hosts_down
                                                       : PlatformChange::Kind::hosts_up;
        c.hosts.assign(e.hosts.begin(), e.hosts.end());
        break;
      case FailureEventKind::partition_start:
      case FailureEventKind::partition_end:
        if (e.cut_links.empty()) continue;  // an overlapping partition of the same zone
        c.kind = e.kind == FailureEventKind::partition_start ? PlatformChange::Kind::zone_cut
                                                             : PlatformChange::Kind::zone_restored;
        c.zone = e.domain_index;
        break;
    }
    changes.push_back(std::move(c));
  }
  return changes;
}

}  // namespace

json check_cost_column(const sim::MetricsRecorder& metrics, sim::MetricsRecorder::Id column,
                       double bill_usd) {
  const double rows_usd = metrics.counter_total(column);
  if (!(std::abs(rows_usd - bill_usd) <= 1e-9 * std::max(1.0, std::abs(bill_usd))))
    throw std::logic_error("cost column '" + metrics.counter_name(column) + "' adds up to " +
                           sim::format_number(rows_usd) + " USD, the bill to " +
                           sim::format_number(bill_usd));
  return json{{"rows_usd", rows_usd}, {"bill_usd", bill_usd}};
}

json summary_preamble(const ScenarioSpec& spec, const sim::Topology& topology) {
  json summary;
  summary["stratus_version"] = "0.1.0";
  summary["scenario"] = spec.name;
  summary["scenario_file"] = spec.file;
  if (!spec.variant.empty()) summary["variant"] = spec.variant;
  summary["seed"] = spec.seed;
  summary["params"] = spec.params;
  summary["start"] = sim::format_datetime(spec.simulation.start_epoch_s);  // the calendar of time 0
  summary["platform"] = json{
      {"hosts", topology.host_count()}, {"racks", topology.rack_count()}, {"zones", topology.zone_count()}};
  if (spec.simulation.from_s > 0)  // a window of a longer scenario; its times are scenario times
    summary["window"] =
        json{{"from_s", spec.simulation.from_s},
             {"from", sim::format_datetime(spec.simulation.start_epoch_s + spec.simulation.from_s)},
             {"duration_s", spec.simulation.duration_s}};
  for (const InputAdjustment& a : spec.adjustments)  // what the loader changed in the input's data
    summary["input_adjustments"][a.key] = a.count;
  return summary;
}

RunResult run_scenario(const ScenarioSpec& spec, const RunOptions& options) {
  if (spec.simulation.fidelity == SimulationSpec::Fidelity::fluid) return run_fluid(spec, options);
  if (spec.simulation.fidelity == SimulationSpec::Fidelity::hybrid)
    throw std::logic_error(
        "hybrid runs are driven by `stratus run` (cli/hybrid_run.cpp): one process per window");
  sim::Engine engine(options.engine);
  const sim::Topology topology(spec.topology);
  sim::Platform platform(topology);
  auto fleets = place_fleets(spec, topology, platform);
  platform.seal();
  std::vector<double> memory_taken(topology.host_count(), 0.0);
  for (std::size_t i = 0; i < fleets.size(); ++i)
    for (const InstanceSlot& slot : fleets[i])
      memory_taken[slot.physical_host] += spec.instance_types.at(spec.services[i].instance_type).memory_bytes;

  const double end = spec.simulation.duration_s;
  const sim::RandomStreams streams(spec.seed);
  sim::MetricsRecorder metrics(spec.simulation.sample_interval_s);

  RunResult result;
  // A window of a longer scenario (`simulation.from`) runs from simulated time 0 but reports
  // scenario time in its rows and events.
  const double from = spec.simulation.from_s;
  metrics.set_reported_time_offset(from);
  auto record_event = [&result, observer = options.observer, from](sim::SimEvent event) {
    event.time_s += from;
    result.events.push_back(event);
    if (observer != nullptr) observer->on_event(event);
  };
  std::vector<std::unique_ptr<ServiceRuntime>> services;
  for (std::size_t i = 0; i < spec.services.size(); ++i)
    services.push_back(std::make_unique<ServiceRuntime>(
        spec.services[i], std::move(fleets[i]), streams, metrics, engine, end, spec.simulation.warmup_s,
        spec.simulation.start_epoch_s + from, record_event, from));

  // Failures are drawn before the run, from their own streams: variants that differ only in
  // how they are deployed lose the same hosts at the same times.
  FailureTimeline failure_timeline;
  std::vector<PlatformChange> changes;
  if (spec.failures.enabled()) {
    failure_timeline = build_failure_timeline(spec.failures, topology, streams, end, from);
    changes = platform_changes(failure_timeline);
    for (auto& service : services)
      service->set_platform_changes(&changes);
  }

  std::unique_ptr<ServerlessRuntime> serverless;
  if (spec.serverless.enabled)
    serverless = std::make_unique<ServerlessRuntime>(
        spec.serverless, topology, platform, streams, metrics, engine, end, memory_taken,
        spec.simulation.start_epoch_s + from, spec.simulation.warmup_s);

  // Cost as it accrues, added to each row as it closes: the instances' running
  // instance-seconds and the billing's rounding as each instance is billed, and the serverless
  // platform's accrued cost. The last row closes after the run, once the instances still
  // running are billed. The bills are kept apart and compared with the columns at the end.
  const auto cost_counter = metrics.counter("instances.cost_usd");
  metrics.accrue(cost_counter, [&services](double row_end_s) {
    double cost = 0.0;
    for (auto& service : services)
      cost += service->accrued_cost_usd(row_end_s);
    return cost;
  });
  std::optional<sim::MetricsRecorder::Id> serverless_cost_counter;
  if (serverless) {
    serverless_cost_counter = metrics.counter("serverless.cost_usd");
    metrics.accrue(*serverless_cost_counter, [runtime = serverless.get()](double row_end_s) {
      return runtime->accrued_cost_usd(row_end_s);
    });
  }
  metrics.set_last_row_end(end);

  if (options.observer != nullptr) {
    metrics.on_row([&](const sim::MetricsRow& row) { options.observer->on_row(metrics.columns(), row); });
  }

  sg4::Host* control_host = platform.host(0);
  for (auto& service : services) {
    ServiceRuntime* runtime = service.get();
    sg4::Actor::create(runtime->spec().name + "-dispatcher", control_host, [runtime] { runtime->run(); });
  }
  if (serverless) {
    ServerlessRuntime* runtime = serverless.get();
    sg4::Actor::create("serverless-platform", control_host, [runtime] { runtime->run(); });
  }
  if (spec.failures.enabled()) {
    // Reports each failure as its time comes, so that observers see it live and events.csv
    // stays in time order.
    sg4::Actor::create("failure-reporter", control_host, [&, events = failure_sim_events(failure_timeline)] {
      for (const auto& event : events) {
        if (event.time_s >= end) break;
        sg4::this_actor::sleep_until(event.time_s);
        record_event(event);
      }
    });
  }
  // The sampler closes one timeseries row per interval, reading gauges at the row's end,
  // and has each service account the interval (its SLO and provisioning).
  sg4::Actor::create("metrics-sampler", control_host, [&] {
    double last = 0.0;
    for (double t = spec.simulation.sample_interval_s;; t += spec.simulation.sample_interval_s) {
      const double tick = std::min(t, end);
      sg4::this_actor::sleep_until(tick);
      for (auto& service : services)
        service->close_interval(tick, tick - last);
      last = tick;
      if (tick >= end) break;
      metrics.advance(tick);
    }
  });

  engine.set_work_profile(expected_work_profile(spec));
  const sim::RunStatus status = engine.run(end, options.observer);
  const double sim_end = std::min(end, sim::Engine::now());
  result.stopped = status == sim::RunStatus::stopped;
  if (result.stopped) {
    // Actors still blocked end with the engine, after the runtimes; none waits on anything that
    // refuses to be destroyed first (sim/activity_crew.hpp parks idle actors by suspending them).
    for (auto& service : services)
      service->settle_in_flight();
    if (serverless) serverless->settle_stopped(sim_end);
  }
  for (auto& service : services)
    service->bill_remaining(result.stopped ? sim_end : end);
  metrics.finish(result.stopped ? sim_end : end);

  // Totals over every service; latency percentiles from the merged histograms.
  ServiceTotals all;
  sim::Histogram latency;
  json per_service = json::object();
  json cost_by_service = json::object();
  json held_by_service = json::object();
  double total_cost = 0.0;
  double slo_violation_s = 0.0;  // summed over services
  for (std::size_t i = 0; i < services.size(); ++i) {
    const auto& rt = *services[i];
    const auto& t = rt.totals();
    const ServiceSpec& s = spec.services[i];
    const InstanceType& type = spec.instance_types.at(s.instance_type);
    rt.check_conservation();
    all.arrived += t.arrived;
    all.completed += t.completed;
    all.rejected += t.rejected;
    all.in_flight += t.in_flight;
    all.held_at_end += t.held_at_end;
    all.failed += t.failed;
    all.waited += t.waited;
    all.started += t.started;
    all.wait_sum_s += t.wait_sum_s;
    const sim::Histogram& h = metrics.run_histogram(rt.latency_histogram());
    latency.merge(h);

    const FleetTotals& fleet = services[i]->fleet_totals();
    const double billed_s = fleet.instance_seconds_billed;
    const double cost = fleet.cost_usd;
    total_cost += cost;
    cost_by_service[s.name] = cost;
    const double on_demand_s = billed_s - fleet.spot_seconds_billed;
    result.bill.push_back(BillLine{s.name, "instance-hours " + type.name, on_demand_s / 3600.0, "h",
                                   type.price_per_s * 3600.0, cost - fleet.spot_cost_usd});
    if (s.scaling.spot.enabled)
      result.bill.push_back(
          BillLine{s.name, "spot instance-hours " + type.name, fleet.spot_seconds_billed / 3600.0, "h",
                   type.price_per_s * (1.0 - s.scaling.spot.discount) * 3600.0, fleet.spot_cost_usd});
    slo_violation_s += fleet.slo_violation_s;

    per_service[s.name] = json{{"requests", requests_json(t)}, {"latency_s", sim::histogram_summary(h)},
                               {"wait_s", wait_json(t)},       {"instances", s.instances},
                               {"instance_type", type.name},   {"load_balancer", s.load_balancer},
                               {"placement", s.placement},     {"cost_usd", cost},
                               {"fleet", fleet_json(fleet, s)}};
    held_by_service[s.name] = held_json(t.held_at_end);
  }

  double serverless_cost = 0.0;
  if (serverless) {
    serverless_cost = serverless->cost_usd();
    for (const auto& line : serverless->bill())
      result.bill.push_back(line);
    const std::string imbalance = invocation_imbalance(serverless->function_names(), serverless->totals());
    if (!imbalance.empty()) throw std::logic_error(imbalance);
  }

  json summary = summary_preamble(spec, topology);
  summary["status"] = result.stopped ? "stopped" : "completed";
  summary["sim_time_s"] = result.stopped ? sim_end : end;
  summary["wall_time_s"] = engine.wall_time_s();
  summary["events"] = engine.events();
  summary["requests"] = requests_json(all);
  summary["latency_s"] = sim::histogram_summary(latency);
  summary["wait_s"] = wait_json(all);
  summary["cost_usd"] = json{{"total", total_cost + serverless_cost},
                             {"instances", total_cost},
                             {"serverless", serverless_cost},
                             {"by_service", cost_by_service}};
  if (serverless) summary["serverless"] = serverless->summary();
  // Availability as users see it: the share of requests that got an answer (in-flight ones
  // at the end excluded), and the minutes some service violated its latency SLO.
  const double answered_or_lost = static_cast<double>(all.completed + all.rejected + all.failed);
  summary["availability"] = json{
      {"success_fraction",
       sim::json_number(answered_or_lost > 0 ? static_cast<double>(all.completed) / answered_or_lost : NAN)},
      {"slo_violation_minutes", slo_violation_s / 60.0}};
  if (spec.failures.enabled()) summary.update(failure_summary_json(failure_timeline));
  json cost_rows{{"instances", check_cost_column(metrics, cost_counter, total_cost)}};
  if (serverless)
    cost_rows["serverless"] = check_cost_column(metrics, *serverless_cost_counter, serverless_cost);
  // Each service was checked above (a mismatch ends the run); this is what was counted.
  summary["conservation"] =
      json{{"requests_balanced", all.arrived == all.completed + all.rejected + all.failed + all.in_flight},
           {"held_at_end", held_json(all.held_at_end)},
           {"held_at_end_by_service", held_by_service},
           {"cost_columns", cost_rows}};
  summary["services"] = per_service;
  summary["metrics"] = metrics.summary();
  result.summary = std::move(summary);
  result.timeseries_csv = metrics.timeseries_csv();
  return result;
}

std::string events_csv(const std::vector<sim::SimEvent>& events) {
  // Details are free text: quote them, doubling quotes, as RFC 4180 says.
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  };
  std::ostringstream out;
  out << "time_s,kind,subject,hosts,detail\n";
  for (const auto& e : events)
    out << sim::format_number(e.time_s) << ',' << e.kind << ',' << e.subject << ',' << e.hosts << ','
        << quoted(e.detail) << '\n';
  return out.str();
}

std::string bill_csv(const std::vector<BillLine>& bill) {
  std::ostringstream out;
  out << "service,item,quantity,unit,unit_price_usd,cost_usd\n";
  double total = 0.0;
  for (const auto& line : bill) {
    out << line.service << ',' << line.item << ',' << sim::format_number(line.quantity) << ',' << line.unit
        << ',' << sim::format_number(line.unit_price) << ',' << sim::format_number(line.cost_usd) << '\n';
    total += line.cost_usd;
  }
  out << "total,,,,," << sim::format_number(total) << '\n';
  return out.str();
}

void write_results(const RunResult& result, const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  sim::write_file_atomically(out_dir / "timeseries.csv", result.timeseries_csv);
  sim::write_file_atomically(out_dir / "bill.csv", bill_csv(result.bill));
  sim::write_file_atomically(out_dir / "events.csv", events_csv(result.events));
  if (!result.capacity_csv.empty()) sim::write_file_atomically(out_dir / "capacity.csv", result.capacity_csv);
  // The summary goes last: its presence says the folder is complete.
  sim::write_file_atomically(out_dir / "summary.json", result.summary.dump(2) + "\n");
}

}  // namespace stratus::models
