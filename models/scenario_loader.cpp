#include "models/scenario_loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/azure_trace.hpp"
#include "models/capacity/capacity_loader.hpp"
#include "models/demand_loader.hpp"
#include "models/failure_loader.hpp"
#include "models/hybrid_loader.hpp"
#include "models/keep_alive.hpp"
#include "models/load_balancer.hpp"
#include "models/placement.hpp"
#include "models/resource_estimate.hpp"
#include "models/scaling_limit.hpp"
#include "models/scaling_loader.hpp"
#include "sim/calendar.hpp"
#include "sim/distribution_config.hpp"
#include "sim/number_format.hpp"
#include "sim/suggest.hpp"
#include "sim/units.hpp"

namespace stratus::models {

namespace {

using sim::ConfigNode;
using sim::Quantity;

constexpr int kFormatVersion = 1;

std::vector<std::string> keys_of(const auto& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map)
    out.push_back(k);
  return out;
}

long long integer_at_least(const ConfigNode& node, long long minimum, long long fallback) {
  const long long v = node.present() ? node.as_integer(fallback) : fallback;
  if (node.present() && v < minimum)
    node.error("'" + node.key() + "' must be at least " + std::to_string(minimum) + ", got " +
               std::to_string(v));
  return v;
}

// A duration given on the command line (--until, or --set simulation.duration) that ends the
// run inside the file's warm-up is the user's short run, not an error in the file: say so there.
void report_warmup_too_long(const ConfigNode& node, const SimulationSpec& sim) {
  const ConfigNode duration = node["duration"];
  if (duration.where().file != node.where().file) {
    const sim::SourceLocation warmup = node["warmup"].where();
    duration.error("the run is to end at " + sim::format_duration(sim.duration_s) +
                   " (--until or --set simulation.duration), within the scenario's warm-up of " +
                   sim::format_duration(sim.warmup_s) + " (" + warmup.file + ":" +
                   std::to_string(warmup.line) + "), so it would measure nothing; ask for more than " +
                   sim::format_duration(sim.warmup_s) + ", or add --set simulation.warmup=0s");
    return;
  }
  node["warmup"].error("'warmup' must be shorter than the duration");
}

void read_simulation(const ConfigNode& node, SimulationSpec& sim) {
  node.expect_keys(
      {"duration", "sample_interval", "warmup", "start", "fidelity", "fluid_step", "from", "hybrid"});
  if (node["start"].present()) {
    const auto start = sim::parse_datetime(node["start"].as_string());
    if (start)
      sim.start_epoch_s = *start;
    else
      node["start"].error(
          "'start' must be a date or date-time such as 2027-01-04 or 2027-01-04T08:00:00Z, got '" +
          node["start"].scalar() + "'");
  }
  if (node["duration"].require())
    sim.duration_s = node["duration"].positive_quantity_or(Quantity::duration, 3600.0);
  sim.sample_interval_s = node["sample_interval"].positive_quantity_or(Quantity::duration, 60.0);
  sim.warmup_s = node["warmup"].quantity_or(Quantity::duration, 0.0);
  if (sim.warmup_s >= sim.duration_s) report_warmup_too_long(node, sim);
  const std::string fidelity =
      node["fidelity"].choice_or("fidelity", {"discrete", "fluid", "hybrid"}, "discrete");
  if (fidelity == "fluid") sim.fidelity = SimulationSpec::Fidelity::fluid;
  if (fidelity == "hybrid") sim.fidelity = SimulationSpec::Fidelity::hybrid;
  sim.fluid_step_s = node["fluid_step"].positive_quantity_or(Quantity::duration, 60.0);
  if (node["from"].present()) {
    sim.from_s = read_instant(node["from"], sim.start_epoch_s, 0.0);
    if (sim.from_s < 0) node["from"].error("'from' must not be before the scenario's start");
    if (sim.fidelity != SimulationSpec::Fidelity::discrete)
      node["from"].error("'from' (a window of the scenario) needs 'fidelity: discrete'");
  }
  // `hybrid:` is read whatever the fidelity, so that `--set simulation.fidelity=fluid` keeps it.
  sim.hybrid = read_hybrid(node["hybrid"], sim.start_epoch_s);
}

bool rate_based(const SimulationSpec& sim) {
  return sim.fidelity == SimulationSpec::Fidelity::fluid || sim.fidelity == SimulationSpec::Fidelity::hybrid;
}

/// Behind a central queue, requests beyond an instance's vCPUs share them (processor sharing),
/// and the queue hands the next request to the slot freed last, so the busy instances fill
/// up first: mmc.yaml with concurrency 4 on one vCPU waits 2.84 s on average, where a pooled
/// M/M/c gives 1.67 s (c = instances × vCPUs) or 1.00 s (c = instances × concurrency). The
/// fluid model has no such dispatch, so it refuses the case rather than misstate it.
void check_fluid_concurrency(const ConfigNode& service, const ServiceSpec& s, const ScenarioSpec& spec,
                             const char* which) {
  const auto type = spec.instance_types.find(s.instance_type);
  if (s.load_balancer != "central-fifo" || type == spec.instance_types.end()) return;
  const int vcpus = type->second.vcpus;
  if (s.concurrency <= vcpus) return;
  service["concurrency"].error(std::string(which) + " fidelity cannot model concurrency " +
                               std::to_string(s.concurrency) + " above " + s.instance_type + "'s " +
                               std::to_string(vcpus) +
                               " vCPU(s) behind central-fifo: the requests beyond the vCPUs share them, "
                               "which the fluid queue does not represent; use a concurrency of at most " +
                               std::to_string(vcpus) + ", or 'fidelity: discrete'");
}

/// The fluid fidelity (and the fluid part of a hybrid run) models fixed fleets only: an
/// autoscaler reacts to per-request metrics.
void check_fluid_services(const ConfigNode& services, const ScenarioSpec& spec) {
  if (!rate_based(spec.simulation)) return;
  const char* which = spec.simulation.fidelity == SimulationSpec::Fidelity::hybrid ? "hybrid" : "fluid";
  for (std::size_t i = 0; i < spec.services.size() && i < services.size(); ++i) {
    if (spec.services[i].scaling.enabled)
      services[i]["scaling"].error(std::string(which) + " fidelity does not support autoscaled services yet");
    check_fluid_concurrency(services[i], spec.services[i], spec, which);
  }
}

sim::LinkSpec read_link(const ConfigNode& node, sim::LinkSpec fallback) {
  if (!node.present()) return fallback;
  node.expect_keys({"bandwidth", "latency"});
  fallback.bandwidth = node["bandwidth"].positive_quantity_or(Quantity::bandwidth, fallback.bandwidth);
  fallback.latency = node["latency"].quantity_or(Quantity::duration, fallback.latency);
  return fallback;
}

/// Zone, service and function names become part of column names in timeseries.csv
/// (web.instances.az-a, fn.resize.invocations), which are never quoted: a name must not be
/// empty, nor hold a character CSV would have to quote. `what`: "zone", "service", "function".
void check_column_name(const ConfigNode& node, const std::string& name, const std::string& what) {
  if (name.empty())
    node.error("a " + what + " name must not be empty");
  else if (name.find_first_of(",\"\r\n") != std::string::npos)
    node.error("a " + what +
               " name must not contain a comma, a double quote or a line break: it becomes part of "
               "column names in timeseries.csv");
}

void read_platform(const ConfigNode& node, ScenarioSpec& spec, double memory_budget_bytes) {
  node.expect_keys({"region", "host_types", "zones", "network", "cpu_overcommit"});
  sim::TopologySpec& topo = spec.topology;
  topo.region = node["region"].string_or("region");
  spec.cpu_overcommit = node["cpu_overcommit"].number_or(1.0);
  if (!(spec.cpu_overcommit > 0)) node["cpu_overcommit"].error("'cpu_overcommit' must be positive");

  std::map<std::string, std::size_t> type_index;
  const ConfigNode types = node["host_types"];
  if (types.require()) {
    if (!types.is_map() || types.size() == 0)
      types.error("'host_types' must map type names to {cores, core_speed, memory}");
    for (const auto& name : types.keys()) {
      const ConfigNode t = types[name];
      t.expect_keys({"cores", "core_speed", "memory", "power", "disk"});
      sim::HostTypeSpec h;
      h.name = name;
      if (t["cores"].require()) h.cores = static_cast<int>(integer_at_least(t["cores"], 1, 1));
      h.core_speed = t["core_speed"].positive_quantity_or(Quantity::compute_speed, 1e9);
      if (t["memory"].require()) h.memory_bytes = t["memory"].positive_quantity_or(Quantity::data_size, 1.0);
      if (t["power"].present()) {
        const ConfigNode p = t["power"];
        p.expect_keys({"idle", "peak"});
        h.power.idle_watts = p["idle"].quantity_or(Quantity::power, 0.0);
        h.power.peak_watts = p["peak"].quantity_or(Quantity::power, h.power.idle_watts);
        if (h.power.peak_watts < h.power.idle_watts) p["peak"].error("'peak' power must not be below 'idle'");
      }
      if (t["disk"].present()) {
        const ConfigNode d = t["disk"];
        d.expect_keys({"read", "write", "capacity"});
        sim::DiskSpec disk;
        disk.read_bps = d["read"].positive_quantity_or(Quantity::bandwidth, 500e6);
        disk.write_bps = d["write"].positive_quantity_or(Quantity::bandwidth, disk.read_bps);
        disk.capacity_bytes = d["capacity"].positive_quantity_or(Quantity::data_size, 1e12);
        h.disk = disk;
      }
      type_index[name] = topo.host_types.size();
      topo.host_types.push_back(h);
    }
  }

  const ConfigNode zones = node["zones"];
  if (zones.require()) {
    if (!zones.is_sequence() || zones.size() == 0)
      zones.error("'zones' must be a list of availability zones");
    std::map<std::string, int> seen;
    double platform_hosts = 0;
    for (const ConfigNode& z : zones.items()) {
      z.expect_keys({"name", "racks", "hosts_per_rack", "host_type"});
      sim::ZoneSpec zone;
      if (z["name"].require()) {
        zone.name = z["name"].as_string();
        if (z["name"].is_scalar()) check_column_name(z["name"], zone.name, "zone");
      }
      if (!zone.name.empty() && seen[zone.name]++ > 0)
        z["name"].error("duplicate zone name '" + zone.name + "'");
      const long long racks = z["racks"].require() ? integer_at_least(z["racks"], 1, 1) : 1;
      const long long per_rack =
          z["hosts_per_rack"].require() ? integer_at_least(z["hosts_per_rack"], 1, 1) : 1;
      std::size_t type = 0;
      if (z["host_type"].require() && !type_index.empty()) {
        const std::string name =
            z["host_type"].as_choice("host type", keys_of(type_index), type_index.begin()->first);
        type = type_index.count(name) ? type_index.at(name) : 0;
      }
      // Checked before the hosts are listed, so that a typo of 10^9 hosts is an answer, not a hang.
      platform_hosts += static_cast<double>(racks) * static_cast<double>(per_rack);
      if (platform_hosts * kBytesPerHost > memory_budget_bytes) {
        z["racks"].error("zone '" + zone.name + "' brings the platform to " +
                         sim::format_number(platform_hosts) + " hosts, about " +
                         format_bytes(platform_hosts * kBytesPerHost) +
                         " of memory for them alone, more than the " + format_bytes(memory_budget_bytes) +
                         " allowed (the machine's memory, or --max-memory); lower 'racks' or "
                         "'hosts_per_rack', or run with --force");
        return;
      }
      char buf[64];
      for (long long r = 0; r < racks; ++r) {
        sim::RackSpec rack;
        std::snprintf(buf, sizeof buf, "-r%02lld", r);
        rack.name = zone.name + buf;
        for (long long h = 0; h < per_rack; ++h) {
          std::snprintf(buf, sizeof buf, "-h%02lld", h);
          rack.hosts.emplace_back(rack.name + buf, type);
        }
        zone.racks.push_back(std::move(rack));
      }
      topo.zones.push_back(std::move(zone));
    }
  }

  const ConfigNode net = node["network"];
  if (net.present()) net.expect_keys({"host_link", "rack_uplink", "inter_zone"});
  topo.host_link = read_link(net["host_link"], sim::LinkSpec{25e9 / 8, 5e-6});
  topo.rack_uplink = read_link(net["rack_uplink"], sim::LinkSpec{100e9 / 8, 10e-6});
  topo.inter_zone = read_link(net["inter_zone"], sim::LinkSpec{400e9 / 8, 1e-3});
}

void read_instance_types(const ConfigNode& node, ScenarioSpec& spec) {
  spec.instance_types = builtin_instance_types();
  if (!node.present()) return;
  if (!node.is_map()) {
    node.error("'instance_types' must map type names to {vcpus, memory, price}");
    return;
  }
  for (const auto& name : node.keys()) {
    const ConfigNode t = node[name];
    t.expect_keys({"vcpus", "memory", "price"});
    InstanceType type;
    type.name = name;
    if (t["vcpus"].require()) type.vcpus = static_cast<int>(integer_at_least(t["vcpus"], 1, 1));
    if (t["memory"].require()) type.memory_bytes = t["memory"].positive_quantity_or(Quantity::data_size, 1.0);
    if (t["price"].require()) type.price_per_s = t["price"].as_quantity(Quantity::price_rate, 0.0);
    spec.instance_types[name] = type;
  }
}

// A trace's cell is data in a stated convention: a bare number is seconds there (a file a user
// writes by hand needs units, see sim/units.hpp).
double arrival_time_cell(const std::string& cell) {
  try {
    const double t = sim::parse_quantity(cell, Quantity::number);
    if (t < 0) throw sim::UnitError("a duration cannot be negative, got '" + cell + "'");
    return t;
  } catch (const sim::UnitError&) {
    return sim::parse_quantity(cell, Quantity::duration);
  }
}

std::vector<double> read_trace_file(const ConfigNode& node, const std::string& scenario_file) {
  namespace fs = std::filesystem;
  fs::path path = node.as_string();
  if (path.is_relative()) path = fs::path(scenario_file).parent_path() / path;
  std::ifstream in(path);
  std::vector<double> times;
  if (!in) {
    node.error("cannot read arrival trace '" + path.string() + "'");
    return times;
  }
  // One arrival time (seconds, or with a duration unit) in the first column; a header
  // line that is not a number is skipped.
  std::string line;
  int line_no = 0;
  sim::Diagnostics& diags = node.diagnostics();
  while (std::getline(in, line)) {
    ++line_no;
    const std::string cell = line.substr(0, line.find(','));
    if (cell.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const double t = arrival_time_cell(cell);
      if (!times.empty() && t < times.back()) {
        diags.error({path.string(), line_no, 1}, "arrival times must not decrease");
        break;
      }
      times.push_back(t);
    } catch (const sim::UnitError& e) {
      if (line_no == 1) continue;  // header
      diags.error({path.string(), line_no, 1}, e.what());
      break;
    }
  }
  return times;
}

/// `start_epoch_s` (UNIX time of simulated time 0) places the demand process's dates.
ArrivalSpec read_arrivals(const ConfigNode& node, const std::string& scenario_file, double start_epoch_s) {
  ArrivalSpec a;
  if (!node.require()) return a;
  static const std::vector<std::string> processes = {"batch", "demand", "diurnal", "poisson", "trace"};
  const std::string process = node["process"].as_choice("arrival process", processes, "poisson");
  if (process == "poisson") {
    node.expect_keys({"process", "rate"});
    a.kind = ArrivalSpec::Kind::poisson;
    if (node["rate"].require()) a.rate_per_s = node["rate"].positive_quantity_or(Quantity::rate, 1.0);
  } else if (process == "diurnal") {
    node.expect_keys({"process", "rate", "amplitude", "peak_at", "period", "weekend", "surges"});
    a.kind = ArrivalSpec::Kind::diurnal;
    if (node["rate"].require()) a.rate_per_s = node["rate"].positive_quantity_or(Quantity::rate, 1.0);
    a.amplitude = node["amplitude"].quantity_or(Quantity::fraction, 0.5);
    if (a.amplitude > 1.0) node["amplitude"].error("'amplitude' must be between 0 and 1");
    a.peak_time_s = node["peak_at"].quantity_or(Quantity::duration, 14 * 3600.0);
    a.period_s = node["period"].positive_quantity_or(Quantity::duration, 86400.0);
    a.weekend_factor = node["weekend"].quantity_or(Quantity::fraction, 1.0);
    if (a.weekend_factor < 0) node["weekend"].error("'weekend' must not be negative");
    a.surges = read_surges(node["surges"], start_epoch_s);
  } else if (process == "batch") {
    node.expect_keys({"process", "count", "at"});
    a.kind = ArrivalSpec::Kind::batch;
    if (node["count"].require()) a.batch_count = integer_at_least(node["count"], 1, 1);
    a.batch_at_s = node["at"].quantity_or(Quantity::duration, 0.0);
  } else if (process == "demand") {
    a.kind = ArrivalSpec::Kind::demand;
    a.demand = std::make_shared<const DemandSpec>(read_demand(node, start_epoch_s));
  } else {
    node.expect_keys({"process", "file"});
    a.kind = ArrivalSpec::Kind::trace;
    if (node["file"].require()) a.trace_times_s = read_trace_file(node["file"], scenario_file);
  }
  return a;
}

void read_services(const ConfigNode& node, ScenarioSpec& spec) {
  // A scenario needs something to simulate: services, serverless functions, or both.
  if (!node.present() && spec.serverless.enabled) return;
  if (!node.require()) return;
  if (!node.is_sequence() || node.size() == 0) {
    node.error("'services' must be a list of services");
    return;
  }
  std::vector<std::string> zone_names;
  for (const auto& z : spec.topology.zones)
    zone_names.push_back(z.name);
  std::map<std::string, int> seen;
  for (const ConfigNode& s : node.items()) {
    s.expect_keys({"name", "instance_type", "instances", "placement", "zones", "load_balancer", "concurrency",
                   "queue_capacity", "arrivals", "work", "latency_slo", "scaling", "health_check",
                   "profile"});
    ServiceSpec svc;
    if (s["name"].require()) {
      svc.name = s["name"].as_string();
      if (s["name"].is_scalar()) check_column_name(s["name"], svc.name, "service");
    }
    if (!svc.name.empty() && seen[svc.name]++ > 0)
      s["name"].error("duplicate service name '" + svc.name + "'");
    if (s["instance_type"].require())
      svc.instance_type = s["instance_type"].as_choice("instance type", keys_of(spec.instance_types), "");
    // An autoscaled service gives its capacity in `scaling:` (min, max, desired) instead.
    // `scaling: null` (or --set services.x.scaling=null) means a fixed fleet, as if absent.
    const bool scaled = s["scaling"].present() && !s["scaling"].is_null();
    if (scaled) {
      if (s["instances"].present() && !s["instances"].is_null())
        s["instances"].error(
            "'instances' and 'scaling' both set the fleet's size: give 'scaling.desired' instead");
    } else if (s["instances"].require()) {
      svc.instances = static_cast<int>(integer_at_least(s["instances"], 1, 1));
    }
    svc.placement = s["placement"].choice_or("placement policy", placement_policies().names(), "spread");
    svc.load_balancer =
        s["load_balancer"].choice_or("load balancer", load_balancers().names(), "least-outstanding");
    const ConfigNode zones = s["zones"];
    if (zones.present()) {
      if (!zones.is_sequence()) zones.error("'zones' must be a list of zone names");
      for (const ConfigNode& z : zones.items())
        svc.zones.push_back(z.as_choice("zone", zone_names, ""));
    }
    svc.concurrency = static_cast<int>(integer_at_least(s["concurrency"], 0, 0));
    svc.queue_capacity = integer_at_least(s["queue_capacity"], -1, -1);
    const ConfigNode arrivals = s["arrivals"];
    if (arrivals.present() && arrivals.is_map() && arrivals["bucket"].present()) {
      // Served from a bucket's uploads: the very arrivals the bucket's functions see.
      arrivals.expect_keys({"bucket"});
      std::vector<std::string> names;
      for (const auto& b : spec.serverless.buckets)
        names.push_back(b.name);
      const std::string bucket = arrivals["bucket"].as_choice("bucket", names, "");
      for (const auto& b : spec.serverless.buckets)
        if (b.name == bucket) {
          svc.arrivals = b.puts;
          svc.arrival_stream = "bucket." + b.name;
        }
    } else {
      svc.arrivals = read_arrivals(arrivals, spec.file, spec.simulation.start_epoch_s);
    }
    svc.arrivals.first_weekday = sim::weekday_of(spec.simulation.start_epoch_s);
    if (s["work"].require())
      svc.work = sim::read_distribution(s["work"], Quantity::duration, sim::Distribution::constant(0.01));
    const ConfigNode slo = s["latency_slo"];
    if (slo.is_map()) {
      slo.expect_keys({"latency", "percentile"});
      if (slo["latency"].require())
        svc.latency_slo_s = slo["latency"].positive_quantity_or(Quantity::duration, 1.0);
      svc.slo_percentile = slo["percentile"].quantity_or(Quantity::fraction, 0.99);
      if (!(svc.slo_percentile > 0 && svc.slo_percentile < 1))
        slo["percentile"].error("'percentile' must be between 0 and 1 (0.99 or 99%)");
    } else {
      svc.latency_slo_s = slo.quantity_or(Quantity::duration, 0.0);
    }
    if (spec.instance_types.count(svc.instance_type) > 0)
      svc.price_per_s = spec.instance_types.at(svc.instance_type).price_per_s;
    read_service_profile(s["profile"], svc.name, spec.capacity);
    read_service_scaling(s["scaling"], svc);
    // A fixed fleet's balancer checks its targets too (the autoscaled form has it in `scaling:`).
    if (s["health_check"].present() && !s["health_check"].is_null() && scaled)
      s["health_check"].error("an autoscaled service gives its health check in 'scaling.health_check'");
    else
      read_health_check(s["health_check"], svc.scaling.health_check);
    spec.services.push_back(std::move(svc));
  }
}

constexpr double kLambdaMinMemoryMb = 128.0;
constexpr double kLambdaMaxMemoryMb = 10240.0;

/// A function's memory in MB, within Lambda's range; a value outside is an error at its line.
/// Lambda sizes are written in MB as the console shows them (1769MB = one vCPU): the number is
/// kept as written, whatever the unit's strict meaning.
double lambda_memory_mb(const ConfigNode& node, double fallback_mb) {
  if (!node.present() || node.is_null()) return fallback_mb;
  const double mb = node.quantity_or(Quantity::data_size, fallback_mb * 1e6) / 1e6;
  if (mb < kLambdaMinMemoryMb - 1e-9 || mb > kLambdaMaxMemoryMb + 1e-9) {
    node.error("'" + node.key() + "' must be between 128MB and 10240MB (Lambda's range), got " +
               std::to_string(static_cast<long long>(mb)) + "MB");
    return fallback_mb;
  }
  return mb;
}

/// A trace's memory column is data, not the user's file: sizes outside Lambda's range are
/// brought into it, and each kind of change is reported with its count.
void report_memory_adjustments(const ConfigNode& dir, std::size_t raised, std::size_t lowered,
                               ScenarioSpec& spec) {
  if (raised > 0)
    spec.adjustments.push_back({dir.where(), "trace_memory_raised_to_128mb", raised,
                                std::to_string(raised) +
                                    " trace function(s) with less than 128 MB of memory run with 128 MB, "
                                    "Lambda's minimum"});
  if (lowered > 0)
    spec.adjustments.push_back(
        {dir.where(), "trace_memory_lowered_to_10240mb", lowered,
         std::to_string(lowered) +
             " trace function(s) with more than 10,240 MB of memory run with 10,240 MB, "
             "Lambda's maximum"});
}

/// A price written as a plain number of dollars: a negative one would pay the user for running
/// and is an error at its line.
double price_or(const ConfigNode& node, double fallback) {
  const double v = node.number_or(fallback);
  if (node.present() && !node.is_null() && v < 0) {
    node.error("'" + node.key() + "' must not be negative, got " + sim::format_readable(v));
    return fallback;
  }
  return v;
}

/// A fraction in [0, 1] (or [0, 1) when `one_excluded`); a value outside is reported at its
/// line and the fallback kept.
double fraction_within(const ConfigNode& node, double fallback, bool one_excluded) {
  const double v = node.quantity_or(Quantity::fraction, fallback);
  if (!node.present() || node.is_null()) return fallback;
  if (!(v >= 0 && (one_excluded ? v < 1 : v <= 1))) {
    node.error("'" + node.key() + "' must be between 0 and 100%" + (one_excluded ? " (excluded)" : "") +
               ", got " + sim::format_readable(v * 100) + "%");
    return fallback;
  }
  return v;
}

// The hybrid-histogram's bins are one counter each: a million of them (a day in 100 ms bins)
// is already more than the policy needs to be useful.
constexpr double kMaxHistogramBins = 1e6;

/// The keep-alive block's parameters, each checked against the range the policy accepts, so
/// that a bad one is an input error at its line rather than a failed run.
KeepAliveParams read_keep_alive_params(const ConfigNode& ka) {
  KeepAliveParams p;
  p.ttl_s = ka["ttl"].positive_quantity_or(Quantity::duration, p.ttl_s);
  p.histogram_range_s = ka["range"].positive_quantity_or(Quantity::duration, p.histogram_range_s);
  p.bin_s = ka["bin"].positive_quantity_or(Quantity::duration, p.bin_s);
  if (p.histogram_range_s / p.bin_s > kMaxHistogramBins) {
    ka["bin"].error("'range' / 'bin' makes " +
                    std::to_string(static_cast<long long>(std::ceil(p.histogram_range_s / p.bin_s))) +
                    " bins; at most " + std::to_string(static_cast<long long>(kMaxHistogramBins)) +
                    " are allowed");
    p.bin_s = KeepAliveParams{}.bin_s;
    p.histogram_range_s = KeepAliveParams{}.histogram_range_s;
  }
  p.head_percentile = fraction_within(ka["head_percentile"], p.head_percentile, false);
  p.tail_percentile = fraction_within(ka["tail_percentile"], p.tail_percentile, false);
  if (p.head_percentile > p.tail_percentile) {
    const ConfigNode where = ka["head_percentile"].present() ? ka["head_percentile"] : ka["tail_percentile"];
    where.error("'head_percentile' (" + sim::format_readable(p.head_percentile * 100) +
                "%) must not be above 'tail_percentile' (" + sim::format_readable(p.tail_percentile * 100) +
                "%)");
    p.head_percentile = std::min(KeepAliveParams{}.head_percentile, p.tail_percentile);
  }
  p.margin = fraction_within(ka["margin"], p.margin, true);
  // expiry: exact (the default: reclaimed the instant the window ends) or {reaper: 60s}
  // (reclaimed at the first sweep of a reaper passing every 60 s).
  const ConfigNode expiry = ka["expiry"];
  if (expiry.present() && !expiry.is_null()) {
    if (expiry.is_scalar()) {
      expiry.as_choice("keep-alive expiry", {"exact"}, "exact");
    } else if (expiry.expect_map()) {
      expiry.expect_keys({"reaper"});
      if (expiry["reaper"].require())
        p.reaper_s = expiry["reaper"].as_positive_quantity(Quantity::duration, 0.0);
    }
  }
  return p;
}

FunctionSpec read_function(const ConfigNode& f, const std::vector<std::string>& buckets,
                           const std::vector<std::string>& queues, const std::string& scenario_file,
                           double start_epoch_s) {
  f.expect_keys({"name", "runtime", "memory", "architecture", "work", "wait", "cold_start", "cold_duration",
                 "keep_alive", "concurrency", "reserved_concurrency", "provisioned_concurrency", "payload",
                 "image", "triggers"});
  FunctionSpec fn;
  if (f["name"].require()) {
    fn.name = f["name"].as_string();
    if (f["name"].is_scalar()) check_column_name(f["name"], fn.name, "function");
  }
  fn.runtime = f["runtime"].choice_or("runtime", known_runtimes(), "python");
  // Lambda sizes are written in MB as the console shows them (1769MB = one vCPU): keep the
  // number as written, whatever the unit's strict meaning.
  fn.memory_mb = lambda_memory_mb(f["memory"], kLambdaMinMemoryMb);
  fn.arm = f["architecture"].choice_or("architecture", {"arm", "x86"}, "x86") == "arm";
  fn.work = sim::read_distribution(f["work"], Quantity::duration, sim::Distribution::constant(0.1));
  fn.wait = sim::read_distribution(f["wait"], Quantity::duration, sim::Distribution::constant(0.0));
  fn.cold_start = sim::read_distribution(f["cold_start"], Quantity::duration, default_cold_start(fn.runtime));
  if (f["cold_duration"].present())
    fn.cold_duration =
        sim::read_distribution(f["cold_duration"], Quantity::duration, sim::Distribution::constant(1.0));
  const ConfigNode ka = f["keep_alive"];
  if (ka.present()) {
    ka.expect_keys(
        {"policy", "ttl", "range", "bin", "head_percentile", "tail_percentile", "margin", "expiry"});
    fn.keep_alive = ka["policy"].choice_or("keep-alive policy", keep_alive_policies().names(), "fixed");
    fn.keep_alive_params = read_keep_alive_params(ka);
  }
  fn.sandbox_concurrency = static_cast<int>(integer_at_least(f["concurrency"], 1, 1));
  fn.reserved_concurrency = static_cast<std::size_t>(integer_at_least(f["reserved_concurrency"], 0, 0));
  fn.provisioned_concurrency = static_cast<std::size_t>(integer_at_least(f["provisioned_concurrency"], 0, 0));
  const ConfigNode payload = f["payload"];
  if (payload.present()) {
    payload.expect_keys({"in", "out"});
    fn.payload_in_bytes = payload["in"].quantity_or(Quantity::data_size, 0.0);
    fn.payload_out_bytes = payload["out"].quantity_or(Quantity::data_size, 0.0);
  }
  fn.image_bytes = f["image"].quantity_or(Quantity::data_size, 0.0);

  const ConfigNode triggers = f["triggers"];
  if (triggers.require()) {
    if (!triggers.is_sequence() || triggers.size() == 0)
      triggers.error("'triggers' must be a list of triggers");
    static const std::vector<std::string> kinds = {"bucket", "http", "queue", "timer"};
    for (const ConfigNode& t : triggers.items()) {
      TriggerSpec trig;
      const std::string type = t["type"].as_choice("trigger type", kinds, "http");
      if (type == "http") {
        t.expect_keys({"type", "arrivals"});
        trig.kind = TriggerSpec::Kind::http;
        trig.arrivals = read_arrivals(t["arrivals"], scenario_file, start_epoch_s);
      } else if (type == "bucket") {
        t.expect_keys({"type", "bucket"});
        trig.kind = TriggerSpec::Kind::bucket;
        if (t["bucket"].require()) trig.source = t["bucket"].as_choice("bucket", buckets, "");
      } else if (type == "queue") {
        t.expect_keys({"type", "queue", "batch_size", "batch_window"});
        trig.kind = TriggerSpec::Kind::queue;
        if (t["queue"].require()) trig.source = t["queue"].as_choice("queue", queues, "");
        trig.batch_size = static_cast<int>(integer_at_least(t["batch_size"], 1, 1));
        trig.batch_window_s = t["batch_window"].quantity_or(Quantity::duration, 0.0);
      } else {
        t.expect_keys({"type", "every", "offset"});
        trig.kind = TriggerSpec::Kind::timer;
        if (t["every"].require()) trig.every_s = t["every"].positive_quantity_or(Quantity::duration, 60.0);
        trig.offset_s = t["offset"].quantity_or(Quantity::duration, 0.0);
      }
      fn.triggers.push_back(std::move(trig));
    }
  }
  return fn;
}

/// `trace:` replays the Azure Functions 2019 trace: one function per row, fired at the
/// trace's per-minute counts, running for durations drawn from its percentiles (as a wait:
/// the trace gives wall time, not CPU time), with the app's memory.
void read_trace(const ConfigNode& node, ScenarioSpec& spec) {
  if (!node.present()) return;
  node.expect_keys(
      {"dir", "spreading", "max_functions", "min_invocations", "runtime", "keep_alive", "memory"});
  ServerlessSpec& sl = spec.serverless;
  if (!node["dir"].require()) return;
  namespace fs = std::filesystem;
  fs::path dir = node["dir"].as_string();
  if (dir.is_relative()) dir = fs::path(spec.file).parent_path() / dir;
  sl.trace_spreading =
      node["spreading"].choice_or("minute spreading", {"equidistant", "uniform"}, "uniform") == "uniform"
          ? MinuteSpreading::uniform_random
          : MinuteSpreading::equidistant;
  TraceLoadOptions options;
  options.max_functions = static_cast<std::size_t>(integer_at_least(node["max_functions"], 0, 0));
  options.min_invocations = static_cast<std::uint64_t>(integer_at_least(node["min_invocations"], 0, 0));
  try {
    sl.trace = std::make_shared<const AzureTrace>(load_azure_trace_dir(dir.string(), options));
  } catch (const sim::InputError& e) {
    for (const auto& d : e.diagnostics())
      node.diagnostics().error(d.where, d.message);
    return;
  } catch (const std::exception& e) {
    node["dir"].error(std::string("cannot load the trace: ") + e.what());
    return;
  }
  const std::string runtime = node["runtime"].choice_or("runtime", known_runtimes(), "node");
  const double default_mb = lambda_memory_mb(node["memory"], 256.0);
  FunctionSpec base;
  const ConfigNode ka = node["keep_alive"];
  if (ka.present()) {
    ka.expect_keys({"policy", "ttl"});
    base.keep_alive = ka["policy"].choice_or("keep-alive policy", keep_alive_policies().names(), "fixed");
    base.keep_alive_params.ttl_s = ka["ttl"].positive_quantity_or(Quantity::duration, 600.0);
  }
  std::size_t raised = 0, lowered = 0;
  for (std::size_t i = 0; i < sl.trace->functions.size(); ++i) {
    const TraceFunction& tf = sl.trace->functions[i];
    FunctionSpec fn = base;
    fn.name = "f" + std::to_string(i) + "-" + tf.function.substr(0, 8);
    fn.runtime = runtime;
    fn.cold_start = default_cold_start(runtime);
    const double trace_mb = tf.memory_mb.value_or(default_mb);
    raised += trace_mb < kLambdaMinMemoryMb;
    lowered += trace_mb > kLambdaMaxMemoryMb;
    fn.memory_mb = std::clamp(trace_mb, kLambdaMinMemoryMb, kLambdaMaxMemoryMb);
    fn.work = sim::Distribution::constant(0.0);
    fn.wait = tf.average_s ? duration_sampler(tf).to_distribution() : sim::Distribution::constant(1.0);
    TriggerSpec trigger;
    trigger.kind = TriggerSpec::Kind::trace;
    trigger.trace_index = i;
    fn.triggers.push_back(trigger);
    sl.functions.push_back(std::move(fn));
  }
  report_memory_adjustments(node["dir"], raised, lowered, spec);
}

/// AWS keeps 100 of the account's concurrency unreserved: reported at the reservation that
/// takes the running sum of reservations past the account limit minus 100.
void check_unreserved_pool(const ConfigNode& reservation, std::size_t reserved_so_far, double account_limit) {
  if (!reservation.present() ||
      static_cast<double>(reserved_so_far + kMinUnreservedConcurrency) <= account_limit)
    return;
  const auto limit = static_cast<long long>(account_limit);
  reservation.error("reserved concurrency adds up to " + std::to_string(reserved_so_far) +
                    " of the account's " + std::to_string(limit) + ": at least " +
                    std::to_string(kMinUnreservedConcurrency) +
                    " must stay unreserved, so reservations may total at most " +
                    std::to_string(std::max(0LL, limit - static_cast<long long>(kMinUnreservedConcurrency))));
}

void read_serverless(const ConfigNode& node, ScenarioSpec& spec) {
  if (!node.present()) return;
  node.expect_keys({"workers", "placement", "scaling", "account_concurrency", "max_event_age",
                    "async_backoff", "billing", "buckets", "queues", "functions", "trace", "gateway"});
  ServerlessSpec& sl = spec.serverless;
  sl.enabled = true;
  std::vector<std::string> zone_names;
  for (const auto& z : spec.topology.zones)
    zone_names.push_back(z.name);
  const ConfigNode workers = node["workers"];
  if (workers.present()) {
    workers.expect_keys({"zones"});
    for (const ConfigNode& z : workers["zones"].items())
      sl.worker_zones.push_back(z.as_choice("zone", zone_names, ""));
  }
  sl.placement = node["placement"].choice_or("placement policy", placement_policies().names(), "spread");
  if (node["gateway"].present()) {
    // The host where requests enter and images are served from, by name.
    std::vector<std::string> hosts;
    for (const auto& z : spec.topology.zones)
      for (const auto& r : z.racks)
        for (const auto& h : r.hosts)
          hosts.push_back(h.first);
    const std::string name = node["gateway"].as_choice("host", hosts, "");
    const auto it = std::find(hosts.begin(), hosts.end(), name);
    if (it != hosts.end()) sl.gateway_host = static_cast<std::uint32_t>(it - hosts.begin());
  }
  sl.scaling = node["scaling"].choice_or("scaling limit", scaling_limits().names(), "per-function-rate");
  sl.limits.account_concurrency = static_cast<double>(integer_at_least(
      node["account_concurrency"], 1, static_cast<long long>(sl.limits.account_concurrency)));
  sl.max_event_age_s = node["max_event_age"].positive_quantity_or(Quantity::duration, 6 * 3600.0);
  if (sl.max_event_age_s < 60 || sl.max_event_age_s > 6 * 3600.0)
    node["max_event_age"].error("'max_event_age' must be between 60s and 6h (Lambda's range)");
  sl.async_backoff.first_s = node["async_backoff"].positive_quantity_or(Quantity::duration, 1.0);
  const ConfigNode billing = node["billing"];
  if (billing.present()) {
    billing.expect_keys({"granularity", "free_tier", "init", "price_per_gb_s", "arm_price_per_gb_s",
                         "price_per_million_requests"});
    sl.pricing.granularity_s = billing["granularity"].positive_quantity_or(Quantity::duration, 0.001);
    sl.pricing.free_tier = billing["free_tier"].bool_or(false);
    // `free`: the rule before August 2025, when managed runtimes' INIT phase was not billed.
    sl.pricing.bill_init =
        billing["init"].choice_or("INIT billing", {"billed", "free"}, "billed") == "billed";
    sl.pricing.x86_per_gb_s = price_or(billing["price_per_gb_s"], sl.pricing.x86_per_gb_s);
    sl.pricing.arm_per_gb_s = price_or(billing["arm_price_per_gb_s"], sl.pricing.arm_per_gb_s);
    sl.pricing.per_million_requests =
        price_or(billing["price_per_million_requests"], sl.pricing.per_million_requests);
  }
  std::vector<std::string> bucket_names, queue_names;
  for (const ConfigNode& b : node["buckets"].items()) {
    b.expect_keys({"name", "puts"});
    BucketSpec bucket;
    if (b["name"].require()) bucket.name = b["name"].as_string();
    bucket.puts = read_arrivals(b["puts"], spec.file, spec.simulation.start_epoch_s);
    bucket_names.push_back(bucket.name);
    sl.buckets.push_back(std::move(bucket));
  }
  for (const ConfigNode& q : node["queues"].items()) {
    q.expect_keys({"name", "messages", "retention"});
    QueueSpec queue;
    if (q["name"].require()) queue.name = q["name"].as_string();
    queue.retention_s = q["retention"].positive_quantity_or(Quantity::duration, queue.retention_s);
    queue.messages = read_arrivals(q["messages"], spec.file, spec.simulation.start_epoch_s);
    queue_names.push_back(queue.name);
    sl.queues.push_back(std::move(queue));
  }
  read_trace(node["trace"], spec);
  const ConfigNode functions = node["functions"];
  if (!functions.present() && sl.trace) return;
  if (functions.require()) {
    if (!functions.is_sequence() || functions.size() == 0)
      functions.error("'functions' must be a list of functions");
    std::map<std::string, int> seen;
    std::size_t reserved = 0;
    for (const ConfigNode& f : functions.items()) {
      FunctionSpec fn = read_function(f, bucket_names, queue_names, spec.file, spec.simulation.start_epoch_s);
      if (!fn.name.empty() && seen[fn.name]++ > 0)
        f["name"].error("duplicate function name '" + fn.name + "'");
      reserved += fn.reserved_concurrency;
      check_unreserved_pool(f["reserved_concurrency"], reserved, sl.limits.account_concurrency);
      sl.functions.push_back(std::move(fn));
    }
  }
}

ScenarioSpec read_document(const sim::ConfigDocument& doc, const std::string& file_name,
                           double memory_budget_bytes) {
  ScenarioSpec spec;
  spec.file = file_name;
  const ConfigNode root = doc.root();
  if (!doc.syntax_ok()) return spec;  // a syntax error leaves nothing sound to check
  if (!root.is_map()) {
    root.error("a scenario must be a map with keys such as 'stratus', 'platform' and 'services'");
    return spec;
  }
  root.expect_keys({"stratus", "name", "description", "seed", "params", "simulation", "platform",
                    "instance_types", "services", "serverless", "failures", "variants", "capacity"});
  const ConfigNode version = root["stratus"];
  if (version.require() && version.as_integer(kFormatVersion) != kFormatVersion)
    version.error("unsupported scenario format version " + version.scalar() +
                  "; this Stratus reads version 1");
  spec.name = root["name"].string_or(std::filesystem::path(file_name).stem().string());
  spec.description = root["description"].string_or("");
  spec.seed = static_cast<std::uint64_t>(integer_at_least(root["seed"], 0, 1));
  for (const auto& p : doc.params())
    spec.params[p.name] = p.value_text;

  if (root["simulation"].require()) read_simulation(root["simulation"], spec.simulation);
  if (root["platform"].require()) read_platform(root["platform"], spec, memory_budget_bytes);
  read_instance_types(root["instance_types"], spec);
  read_serverless(root["serverless"], spec);
  read_services(root["services"], spec);
  check_fluid_services(root["services"], spec);
  read_capacity(root["capacity"], spec);
  read_failures(root["failures"], spec);
  // Fluid steps have no instances to lose: failures need request-level (discrete) runs.
  // Every hint must lead to something that runs: a capacity plan is fluid-only, so sending it
  // to hybrid (which refuses capacity) would go in a circle.
  if (spec.failures.enabled() && spec.simulation.fidelity == SimulationSpec::Fidelity::fluid)
    root["failures"].error(
        spec.capacity.enabled
            ? "a capacity plan runs under the fluid fidelity, which does not simulate failures yet: remove "
              "'failures:' here, and study the outages in a discrete scenario of the day concerned "
              "(scenarios/az-outage.yaml shows one)"
            : "fluid fidelity does not support failures yet; use 'fidelity: discrete', or 'fidelity: hybrid' "
              "to run each outage request by request inside a fluid run");
  if (rate_based(spec.simulation) && spec.serverless.enabled)
    root["serverless"].error("fluid and hybrid fidelities do not support serverless functions yet");
  if (spec.simulation.from_s > 0 && spec.serverless.enabled)
    root["simulation"]["from"].error("'from' does not support serverless functions yet");
  spec.variants = read_variants(root["variants"]);
  return spec;
}

ScenarioSpec finish(const sim::ConfigDocument& doc, const std::string& file_name,
                    const LoadOptions& options) {
  const double budget = options.memory_budget_bytes.value_or(physical_memory_bytes());
  ScenarioSpec spec = read_document(doc, file_name, budget > 0 ? budget : INFINITY);
  const sim::Diagnostics& diags = doc.diagnostics();
  if (diags.has_errors()) throw sim::InputError(diags.all());
  return spec;
}

}  // namespace

namespace {

/// The variant's overrides first, the command line's after them (so they win).
LoadOptions with_variant(const sim::ConfigDocument& doc, const LoadOptions& options) {
  const std::vector<VariantSpec> variants = read_variants(doc.root()["variants"]);
  if (doc.diagnostics().has_errors()) throw sim::InputError(doc.diagnostics().all());
  std::vector<std::string> names;
  for (const auto& v : variants) {
    names.push_back(v.name);
    if (v.name != options.variant) continue;
    LoadOptions merged;
    merged.params = v.params;
    merged.params.insert(merged.params.end(), options.params.begin(), options.params.end());
    merged.sets = v.sets;
    merged.sets.insert(merged.sets.end(), options.sets.begin(), options.sets.end());
    return merged;
  }
  sim::Diagnostic d;
  d.where = sim::SourceLocation{"--variant", 0, 0};
  d.message = names.empty() ? "the scenario has no 'variants' to choose '" + options.variant + "' from"
                            : sim::unknown_name_message("variant", options.variant, names);
  throw sim::InputError({d});
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const LoadOptions& options) {
  if (!options.variant.empty()) {
    const auto base = sim::ConfigDocument::load_file(path, options.params, options.sets);
    if (!base.syntax_ok()) throw sim::InputError(base.diagnostics().all());
    const LoadOptions merged = with_variant(base, options);
    ScenarioSpec spec =
        finish(sim::ConfigDocument::load_file(path, merged.params, merged.sets), path, options);
    spec.variant = options.variant;
    return spec;
  }
  const auto doc = sim::ConfigDocument::load_file(path, options.params, options.sets);
  return finish(doc, path, options);
}

ScenarioSpec parse_scenario(std::string_view text, const std::string& file_name, const LoadOptions& options) {
  const auto doc = sim::ConfigDocument::parse(text, file_name, options.params, options.sets);
  return finish(doc, file_name, options);
}

std::vector<sim::ParamSpec> scenario_params(const std::string& path) {
  const auto doc = sim::ConfigDocument::load_file(path, {}, {});
  return doc.params();
}

}  // namespace stratus::models
