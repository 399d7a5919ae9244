#include "models/capacity/capacity_planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/calendar.hpp"
#include "sim/number_format.hpp"

namespace stratus::models {

using nlohmann::json;

namespace {

constexpr double kHour = 3600.0;
/// The plan forecast samples λ this often (or at the fluid step, if longer): a daily peak is
/// then missed by at most 1 − cos(π·5 min / 12 h) ≈ 0.05 %.
constexpr double kForecastSampleS = 300.0;

std::string iso_date(double unix_s) {
  return sim::format_datetime(unix_s).substr(0, 10);
}

std::string money(double usd) {
  return "$" + sim::format_readable(usd, 6);
}

}  // namespace

struct CapacityPlanner::Month {
  int index = 0;
  HostTotals installed_end;
  double demand_vcpus_peak = 0.0;  // λ·E[work] summed over services
  Resources need_peak;             // sized at the target utilisation, with stored bytes
  double utilisation_area = 0.0, seconds = 0.0;
  int racks_ordered = 0, racks_delivered = 0, racks_installed = 0;
  double capital_usd = 0.0, energy_j = 0.0, power_usd = 0.0;
  double slo_s = 0.0, short_s = 0.0;
  CloudMonthCost cloud;
};

CapacityPlanner::CapacityPlanner(const ScenarioSpec& spec, std::vector<FluidService*> services)
    : spec_(spec),
      cap_(spec.capacity),
      services_(std::move(services)),
      fleet_(spec.topology, spec.cpu_overcommit, spec.capacity),
      calendar_(spec.simulation.start_epoch_s),
      policy_(procurement_policies().create(spec.capacity.procurement.policy, spec.capacity.procurement)),
      trend_(spec.capacity.procurement.trend_window_s),
      stored_(services_.size()),
      stored_requests_(services_.size(), 0.0) {
  for (const ServiceSpec& s : spec.services) {
    types_.push_back(&spec.instance_types.at(s.instance_type));
    const auto it = cap_.profiles.find(s.name);
    profiles_.push_back(it == cap_.profiles.end() ? ResourceProfile{} : it->second);
  }
  if (cap_.cloud.enabled)
    cloud_ = std::make_unique<CloudComparison>(cap_.cloud, spec.instance_types.at(cap_.cloud.instance_type));
}

CapacityPlanner::~CapacityPlanner() = default;

void CapacityPlanner::emit(double t, std::string kind, std::string subject, std::string detail,
                           long long hosts) {
  sim::SimEvent e;
  e.time_s = t;
  e.kind = std::move(kind);
  e.subject = std::move(subject);
  e.detail = std::move(detail);
  e.hosts = hosts;
  events_.push_back(std::move(e));
}

CapacityPlanner::Month& CapacityPlanner::month_at(double t) {
  if (months_.empty() || t >= next_month_s_) {
    if (!months_.empty()) close_month(months_.back());
    Month m;
    m.index = calendar_.month_of(t);
    months_.push_back(m);
    next_month_s_ = calendar_.month_start_s(m.index + 1);
  }
  return months_.back();
}

void CapacityPlanner::close_month(Month& m) {
  m.installed_end = fleet_.installed();
  m.capital_usd = fleet_.capital_in_month(m.index, [this](double s) { return calendar_.month_of(s); });
  m.power_usd = m.energy_j / 3.6e6 * cap_.datacenter.price_per_kwh;
  if (cloud_) m.cloud = cloud_->close_month();
}

Resources CapacityPlanner::need_at(double t) const {
  Resources need;
  for (std::size_t i = 0; i < services_.size(); ++i)
    need += size_service(services_[i]->rate_at(t), spec_.services[i].work.mean(), *types_[i], profiles_[i],
                         cap_.target_utilisation)
                .resources;
  return need;
}

/// Bytes stored at `at` if arrivals follow the plan: each service's requests of the last
/// retention period (hourly midpoints), or, kept for ever, what is stored now plus what
/// arrives until then.
Resources CapacityPlanner::stored_at_plan(double at) const {
  Resources r;
  const double now = at;  // for readability below: integrate up to `at`
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const ResourceProfile& p = profiles_[i];
    if (p.storage_per_request_bytes <= 0) continue;
    const double retention = p.storage_retention_s;
    double from = retention > 0 ? std::max(0.0, now - retention) : 0.0;
    double requests = 0.0;
    if (retention <= 0) {
      requests = stored_requests_[i];
      from = std::floor(now / kHour) * kHour;  // the ledger's open hour onwards is planned
    }
    for (double a = from; a < now; a += kHour) {
      const double len = std::min(kHour, now - a);
      requests += services_[i]->rate_at(a + len / 2) * len;
    }
    r.storage_bytes += requests * p.storage_per_request_bytes;
  }
  return r;
}

Resources CapacityPlanner::forecast_peak(double now) const {
  const ProcurementSpec& p = cap_.procurement;
  // A rack ordered at the next review serves from next review + lead + install: until then
  // only what is serving or ordered now can.
  const double until = now + p.review_period_s + p.lead_time_s + cap_.rack.install_s;
  if (p.forecast == ProcurementSpec::Forecast::trend) return trend_.forecast(now, until);
  const double dt = std::max(kForecastSampleS, spec_.simulation.fluid_step_s);
  Resources peak;
  for (double t = now; t <= until; t += dt)
    peak = Resources::max(peak, need_at(t));
  Resources stored_now;
  for (std::size_t i = 0; i < services_.size(); ++i)
    stored_now.storage_bytes += stored_requests_[i] * profiles_[i].storage_per_request_bytes;
  // Stored bytes grow towards the horizon's end unless demand falls; take the larger.
  peak.storage_bytes = std::max(stored_now.storage_bytes, stored_at_plan(until).storage_bytes);
  return peak;
}

void CapacityPlanner::review(double now) {
  ProcurementView view;
  view.now_s = now;
  for (std::uint32_t z = 0; z < fleet_.zone_count(); ++z) {
    ZoneCapacityView zone;
    zone.name = fleet_.zone_name(z);
    zone.installed = fleet_.installed(z).resources;
    zone.on_order = fleet_.on_order(z).resources;
    view.zones.push_back(zone);
  }
  view.rack = fleet_.rack().resources;
  view.forecast_peak = forecast_peak(now);
  for (const RackRequest& r : policy_->review(view))
    place_order(now, r);
}

void CapacityPlanner::place_order(double now, const RackRequest& request) {
  const DatacenterLimits& dc = cap_.datacenter;
  const std::uint32_t z = request.zone;
  int granted = request.racks;
  std::string reason;
  auto limit = [&](double allowed, const char* why) {
    if (allowed < granted) {
      granted = std::max(0, static_cast<int>(std::floor(allowed + 1e-9)));
      reason = why;
    }
  };
  const int racks_there = fleet_.installed(z).racks + fleet_.on_order(z).racks;
  limit(static_cast<double>(dc.max_racks) - racks_there, "space");
  const double rack_w = fleet_.rack().peak_w * dc.pue;
  if (std::isfinite(dc.power_budget_w) && rack_w > 0)
    limit((dc.power_budget_w - fleet_.provisioned_power_w(z)) / rack_w, "power");
  const int year = calendar_.year(calendar_.month_of(now)) - calendar_.year(0);
  if (year_spent_.size() <= static_cast<std::size_t>(year)) year_spent_.resize(year + 1, 0.0);
  const double budget = cap_.procurement.budget_per_year_usd;
  if (std::isfinite(budget) && cap_.rack.price_usd > 0)
    limit((budget - year_spent_[year]) / cap_.rack.price_usd, "budget");
  const std::string& zone = fleet_.zone_name(z);
  if (granted < request.racks) {
    Refusal r;
    r.at_s = now;
    r.zone = z;
    r.racks = request.racks - granted;
    r.reason = reason;
    refusals_.push_back(r);
    emit(now, "rack_order_refused", zone,
         std::to_string(r.racks) + " racks refused: the zone's " + reason + " limit", 0);
  }
  if (granted <= 0) return;
  const RackPurchase& p = fleet_.order(now, z, granted);
  year_spent_[year] += p.cost_usd;
  month_at(now).racks_ordered += granted;
  const double epoch = spec_.simulation.start_epoch_s;
  emit(now, "rack_ordered", zone,
       std::to_string(granted) + " racks, " + money(p.cost_usd) + ", delivered " +
           iso_date(epoch + p.delivered_s) + ", serving " + iso_date(epoch + p.installed_s),
       static_cast<long long>(granted) * cap_.rack.hosts);
}

void CapacityPlanner::install(double now) {
  const auto& purchases = fleet_.purchases();
  delivered_.resize(purchases.size(), false);
  for (std::size_t i = 0; i < purchases.size(); ++i)
    if (!delivered_[i] && purchases[i].delivered_s <= now) {
      delivered_[i] = true;
      months_.back().racks_delivered += purchases[i].racks;
    }
  for (const std::size_t i : fleet_.install_due(now)) {
    const RackPurchase& p = purchases[i];
    months_.back().racks_installed += p.racks;
    emit(now, "rack_installed", fleet_.zone_name(p.zone), std::to_string(p.racks) + " racks serving",
         static_cast<long long>(p.racks) * cap_.rack.hosts);
  }
}

void CapacityPlanner::before_step(double t, double h) {
  Month* m = &month_at(t);
  install(t);
  while (t >= next_review_s_) {
    review(t);
    next_review_s_ += cap_.procurement.review_period_s;
  }
  m = &month_at(t);

  const double mid = t + h / 2;
  std::vector<ServiceNeed> needs;
  Resources need;
  double load_vcpus = 0.0;
  int cloud_instances = 0;
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const double lambda = services_[i]->rate_at(mid);
    const double work = spec_.services[i].work.mean();
    needs.push_back(size_service(lambda, work, *types_[i], profiles_[i], cap_.target_utilisation));
    need += needs.back().resources;
    load_vcpus += needs.back().busy_vcpus;
    if (cloud_)
      cloud_instances +=
          size_service(lambda, work, cloud_->type(), profiles_[i], cap_.target_utilisation).instances;
    // Stored requests: this step's arrivals, less the hours that left the retention.
    const ResourceProfile& p = profiles_[i];
    if (p.storage_per_request_bytes <= 0) continue;
    auto& buckets = stored_[i];
    const auto hour = static_cast<long long>(std::floor(t / kHour));
    if (buckets.empty() || buckets.back().hour != hour) buckets.push_back(StoredBucket{hour, 0.0});
    buckets.back().requests += lambda * h;
    stored_requests_[i] += lambda * h;
    while (p.storage_retention_s > 0 && !buckets.empty() &&
           (buckets.front().hour + 1) * kHour <= t - p.storage_retention_s) {
      stored_requests_[i] -= buckets.front().requests;
      buckets.pop_front();
    }
    need.storage_bytes += stored_requests_[i] * p.storage_per_request_bytes;
  }
  trend_.observe(t, need);

  // What the installed fleet can give: everyone's right size, or a proportional share of it.
  const HostTotals have = fleet_.installed();
  double share = 1.0;
  if (need.vcpus > have.resources.vcpus) share = std::min(share, have.resources.vcpus / need.vcpus);
  if (need.memory_bytes > have.resources.memory_bytes)
    share = std::min(share, have.resources.memory_bytes / need.memory_bytes);
  const bool storage_short =
      have.resources.storage_bytes > 0 && need.storage_bytes > have.resources.storage_bytes;
  if (share < 1.0 || storage_short) {
    m->short_s += h;
    if (exhausted_at_s_ < 0) {
      exhausted_at_s_ = t;
      emit(t, "capacity_exhausted", topology_region(),
           "demand needs " + sim::format_readable(need.vcpus) + " vCPUs, " +
               sim::format_readable(have.resources.vcpus) + " installed" +
               (storage_short ? " (storage short)" : ""),
           have.hosts);
    }
  }
  double served_vcpus = 0.0;
  for (std::size_t i = 0; i < services_.size(); ++i) {
    int n = needs[i].instances;
    if (share < 1.0) n = std::max(1, static_cast<int>(std::floor(n * share)));
    services_[i]->set_instances(n);
    served_vcpus += std::min(needs[i].busy_vcpus, static_cast<double>(n) * types_[i]->vcpus);
  }
  const double utilisation =
      have.resources.vcpus > 0 ? std::min(1.0, served_vcpus / have.resources.vcpus) : 0.0;
  const double energy = fleet_.power_w(utilisation) * h;
  energy_j_ += energy;
  m->energy_j += energy;
  m->utilisation_area += utilisation * h;
  m->seconds += h;
  m->demand_vcpus_peak = std::max(m->demand_vcpus_peak, load_vcpus);
  m->need_peak = Resources::max(m->need_peak, need);
  peak_hosts_ = std::max(peak_hosts_, have.hosts);
  if (cloud_) cloud_->add(cloud_instances, h);
}

const std::string& CapacityPlanner::topology_region() const {
  return spec_.topology.region;
}

void CapacityPlanner::note_slo(double row_start_s, double total_violation_s) {
  const double added = total_violation_s - slo_seen_s_;
  slo_seen_s_ = total_violation_s;
  const int index = calendar_.month_of(row_start_s);
  for (auto it = months_.rbegin(); it != months_.rend(); ++it)
    if (it->index == index) {
      it->slo_s += added;
      return;
    }
}

void CapacityPlanner::finish(RunResult& result) {
  if (!months_.empty()) close_month(months_.back());
  const double epoch = spec_.simulation.start_epoch_s;

  std::string csv =
      "month,hosts,cores,vcpus,memory_gb,storage_tb,demand_vcpus,need_vcpus,need_memory_gb,need_storage_tb,"
      "utilisation,headroom,racks_ordered,racks_delivered,racks_installed,capital_usd,energy_mwh,power_usd,"
      "slo_minutes,short_minutes";
  if (cloud_) csv += ",cloud_instance_hours,cloud_usd";
  csv += "\n";
  double capital = 0.0, power = 0.0, slo_s = 0.0, short_s = 0.0;
  CloudMonthCost cloud_total;
  for (const Month& m : months_) {
    const Resources& have = m.installed_end.resources;
    const double cells[] = {static_cast<double>(m.installed_end.hosts),
                            m.installed_end.cores,
                            have.vcpus,
                            have.memory_bytes / 1e9,
                            have.storage_bytes / 1e12,
                            m.demand_vcpus_peak,
                            m.need_peak.vcpus,
                            m.need_peak.memory_bytes / 1e9,
                            m.need_peak.storage_bytes / 1e12,
                            m.seconds > 0 ? m.utilisation_area / m.seconds : 0.0,
                            have.vcpus > 0 ? 1.0 - m.need_peak.vcpus / have.vcpus : 0.0,
                            static_cast<double>(m.racks_ordered),
                            static_cast<double>(m.racks_delivered),
                            static_cast<double>(m.racks_installed),
                            m.capital_usd,
                            m.energy_j / 3.6e9,
                            m.power_usd,
                            m.slo_s / 60.0,
                            m.short_s / 60.0};
    csv += calendar_.label(m.index);
    for (const double c : cells) {
      csv += ',';
      sim::append_number(csv, c);
    }
    if (cloud_) {
      csv += ',';
      sim::append_number(csv, m.cloud.instance_hours);
      csv += ',';
      sim::append_number(csv, m.cloud.total_usd());
    }
    csv += '\n';
    capital += m.capital_usd;
    power += m.power_usd;
    slo_s += m.slo_s;
    short_s += m.short_s;
    cloud_total.instance_hours += m.cloud.instance_hours;
    cloud_total.reserved_usd += m.cloud.reserved_usd;
    cloud_total.spot_hours += m.cloud.spot_hours;
    cloud_total.spot_usd += m.cloud.spot_usd;
    cloud_total.on_demand_hours += m.cloud.on_demand_hours;
    cloud_total.on_demand_usd += m.cloud.on_demand_usd;
  }
  result.capacity_csv = std::move(csv);

  json purchases = json::array(), refused = json::array();
  long long hosts_purchased = 0;
  int racks_purchased = 0;
  for (const RackPurchase& p : fleet_.purchases()) {
    purchases.push_back(json{{"ordered", iso_date(epoch + p.ordered_s)},
                             {"delivered", iso_date(epoch + p.delivered_s)},
                             {"installed", iso_date(epoch + p.installed_s)},
                             {"in_service", p.in_service},
                             {"zone", fleet_.zone_name(p.zone)},
                             {"racks", p.racks},
                             {"cost", p.cost_usd}});
    racks_purchased += p.racks;
    hosts_purchased += static_cast<long long>(p.racks) * cap_.rack.hosts;
  }
  for (const Refusal& r : refusals_)
    refused.push_back(json{{"at", iso_date(epoch + r.at_s)},
                           {"zone", fleet_.zone_name(r.zone)},
                           {"racks", r.racks},
                           {"reason", r.reason}});
  json& summary = result.summary;
  summary["capacity"] =
      json{{"policy", cap_.procurement.policy},
           {"forecast", cap_.procurement.forecast == ProcurementSpec::Forecast::plan ? "plan" : "trend"},
           {"static_stability", cap_.procurement.static_stability},
           {"exhausted_at",
            exhausted_at_s_ >= 0 ? json(sim::format_datetime(epoch + exhausted_at_s_)) : json(nullptr)},
           {"short_minutes", short_s / 60.0},
           {"slo_violation_minutes", slo_s / 60.0},
           {"peak_hosts", peak_hosts_},
           {"hosts_at_end", fleet_.installed().hosts},
           {"hosts_purchased", hosts_purchased},
           {"racks_purchased", racks_purchased},
           {"energy_mwh", energy_j_ / 3.6e9},
           {"purchases", purchases},
           {"refused", refused}};
  json& cost = summary["cost_usd"];
  cost["capital"] = capital;
  cost["power"] = power;
  cost["total"] = cost.value("total", 0.0) + capital + power;
  if (cloud_) {
    const double cloud_usd = cloud_total.reserved_usd + cloud_total.spot_usd + cloud_total.on_demand_usd;
    summary["cloud_comparison"] = json{
        {"instance_type", cloud_->type().name},
        {"on_premises_usd", capital + power},
        {"cloud_usd", cloud_usd},
        {"instance_hours", cloud_total.instance_hours},
        {"by_market", json{{"reserved", json{{"usd", cloud_total.reserved_usd}}},
                           {"spot", json{{"hours", cloud_total.spot_hours}, {"usd", cloud_total.spot_usd}}},
                           {"on_demand", json{{"hours", cloud_total.on_demand_hours},
                                              {"usd", cloud_total.on_demand_usd}}}}}};
  }
  result.events.insert(result.events.end(), events_.begin(), events_.end());
  std::stable_sort(result.events.begin(), result.events.end(),
                   [](const sim::SimEvent& a, const sim::SimEvent& b) { return a.time_s < b.time_s; });
}

}  // namespace stratus::models
