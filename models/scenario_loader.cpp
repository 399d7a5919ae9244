#include "models/scenario_loader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/load_balancer.hpp"
#include "models/placement.hpp"
#include "sim/distribution_config.hpp"
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

double positive_quantity(const ConfigNode& node, Quantity q, double fallback) {
  const double v = node.quantity_or(q, fallback);
  if (node.present() && !(v > 0)) node.error("'" + node.key() + "' must be positive");
  return v;
}

long long integer_at_least(const ConfigNode& node, long long minimum, long long fallback) {
  const long long v = node.present() ? node.as_integer(fallback) : fallback;
  if (node.present() && v < minimum)
    node.error("'" + node.key() + "' must be at least " + std::to_string(minimum) + ", got " +
               std::to_string(v));
  return v;
}

void read_simulation(const ConfigNode& node, SimulationSpec& sim) {
  node.expect_keys({"duration", "sample_interval", "warmup"});
  if (node["duration"].require())
    sim.duration_s = positive_quantity(node["duration"], Quantity::duration, 3600.0);
  sim.sample_interval_s = positive_quantity(node["sample_interval"], Quantity::duration, 60.0);
  sim.warmup_s = node["warmup"].quantity_or(Quantity::duration, 0.0);
  if (sim.warmup_s >= sim.duration_s) node["warmup"].error("'warmup' must be shorter than the duration");
}

sim::LinkSpec read_link(const ConfigNode& node, sim::LinkSpec fallback) {
  if (!node.present()) return fallback;
  node.expect_keys({"bandwidth", "latency"});
  fallback.bandwidth = positive_quantity(node["bandwidth"], Quantity::bandwidth, fallback.bandwidth);
  fallback.latency = node["latency"].quantity_or(Quantity::duration, fallback.latency);
  return fallback;
}

void read_platform(const ConfigNode& node, ScenarioSpec& spec) {
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
      h.core_speed = positive_quantity(t["core_speed"], Quantity::compute_speed, 1e9);
      if (t["memory"].require()) h.memory_bytes = positive_quantity(t["memory"], Quantity::data_size, 1.0);
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
        disk.read_bps = positive_quantity(d["read"], Quantity::bandwidth, 500e6);
        disk.write_bps = positive_quantity(d["write"], Quantity::bandwidth, disk.read_bps);
        disk.capacity_bytes = positive_quantity(d["capacity"], Quantity::data_size, 1e12);
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
    for (const ConfigNode& z : zones.items()) {
      z.expect_keys({"name", "racks", "hosts_per_rack", "host_type"});
      sim::ZoneSpec zone;
      if (z["name"].require()) zone.name = z["name"].as_string();
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
    if (t["memory"].require()) type.memory_bytes = positive_quantity(t["memory"], Quantity::data_size, 1.0);
    if (t["price"].require()) type.price_per_s = t["price"].as_quantity(Quantity::price_rate, 0.0);
    spec.instance_types[name] = type;
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
      const double t = sim::parse_quantity(cell, Quantity::duration);
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

ArrivalSpec read_arrivals(const ConfigNode& node, const std::string& scenario_file) {
  ArrivalSpec a;
  if (!node.require()) return a;
  static const std::vector<std::string> processes = {"batch", "diurnal", "poisson", "trace"};
  const std::string process = node["process"].as_choice("arrival process", processes, "poisson");
  if (process == "poisson") {
    node.expect_keys({"process", "rate"});
    a.kind = ArrivalSpec::Kind::poisson;
    if (node["rate"].require()) a.rate_per_s = positive_quantity(node["rate"], Quantity::rate, 1.0);
  } else if (process == "diurnal") {
    node.expect_keys({"process", "rate", "amplitude", "peak_at", "period"});
    a.kind = ArrivalSpec::Kind::diurnal;
    if (node["rate"].require()) a.rate_per_s = positive_quantity(node["rate"], Quantity::rate, 1.0);
    a.amplitude = node["amplitude"].quantity_or(Quantity::fraction, 0.5);
    if (a.amplitude > 1.0) node["amplitude"].error("'amplitude' must be between 0 and 1");
    a.peak_time_s = node["peak_at"].quantity_or(Quantity::duration, 14 * 3600.0);
    a.period_s = positive_quantity(node["period"], Quantity::duration, 86400.0);
  } else if (process == "batch") {
    node.expect_keys({"process", "count", "at"});
    a.kind = ArrivalSpec::Kind::batch;
    if (node["count"].require()) a.batch_count = integer_at_least(node["count"], 1, 1);
    a.batch_at_s = node["at"].quantity_or(Quantity::duration, 0.0);
  } else {
    node.expect_keys({"process", "file"});
    a.kind = ArrivalSpec::Kind::trace;
    if (node["file"].require()) a.trace_times_s = read_trace_file(node["file"], scenario_file);
  }
  return a;
}

void read_services(const ConfigNode& node, ScenarioSpec& spec) {
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
                   "queue_capacity", "arrivals", "work", "latency_slo"});
    ServiceSpec svc;
    if (s["name"].require()) svc.name = s["name"].as_string();
    if (!svc.name.empty() && seen[svc.name]++ > 0)
      s["name"].error("duplicate service name '" + svc.name + "'");
    if (s["instance_type"].require())
      svc.instance_type = s["instance_type"].as_choice("instance type", keys_of(spec.instance_types), "");
    if (s["instances"].require()) svc.instances = static_cast<int>(integer_at_least(s["instances"], 1, 1));
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
    svc.arrivals = read_arrivals(s["arrivals"], spec.file);
    if (s["work"].require())
      svc.work = sim::read_distribution(s["work"], Quantity::duration, sim::Distribution::constant(0.01));
    svc.latency_slo_s = s["latency_slo"].quantity_or(Quantity::duration, 0.0);
    spec.services.push_back(std::move(svc));
  }
}

ScenarioSpec read_document(const sim::ConfigDocument& doc, const std::string& file_name) {
  ScenarioSpec spec;
  spec.file = file_name;
  const ConfigNode root = doc.root();
  if (!doc.syntax_ok()) return spec;  // a syntax error leaves nothing sound to check
  if (!root.is_map()) {
    root.error("a scenario must be a map with keys such as 'stratus', 'platform' and 'services'");
    return spec;
  }
  root.expect_keys({"stratus", "name", "description", "seed", "params", "simulation", "platform",
                    "instance_types", "services"});
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
  if (root["platform"].require()) read_platform(root["platform"], spec);
  read_instance_types(root["instance_types"], spec);
  read_services(root["services"], spec);
  return spec;
}

ScenarioSpec finish(const sim::ConfigDocument& doc, const std::string& file_name) {
  ScenarioSpec spec = read_document(doc, file_name);
  const sim::Diagnostics& diags = doc.diagnostics();
  if (diags.has_errors()) throw sim::InputError(diags.all());
  return spec;
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const LoadOptions& options) {
  const auto doc = sim::ConfigDocument::load_file(path, options.params, options.sets);
  return finish(doc, path);
}

ScenarioSpec parse_scenario(std::string_view text, const std::string& file_name, const LoadOptions& options) {
  const auto doc = sim::ConfigDocument::parse(text, file_name, options.params, options.sets);
  return finish(doc, file_name);
}

std::vector<sim::ParamSpec> scenario_params(const std::string& path) {
  const auto doc = sim::ConfigDocument::load_file(path, {}, {});
  return doc.params();
}

}  // namespace stratus::models
