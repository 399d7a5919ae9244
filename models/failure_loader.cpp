#include "models/failure_loader.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/distribution_config.hpp"
#include "sim/units.hpp"

namespace stratus::models {

namespace {

using sim::ConfigNode;
using sim::Distribution;
using sim::Quantity;

constexpr double kHour = 3600.0;

/// A distribution block's mean must be positive: a process whose up and repair times are both
/// zero would never let time pass.
Distribution checked_block(const ConfigNode& node, const Distribution& fallback) {
  const Distribution d = sim::read_distribution(node, Quantity::duration, fallback);
  if (!(d.mean() > 0)) {
    node.error("'" + node.key() + (node.is_map() ? "' must have a positive mean" : "' must be positive"));
    return fallback;
  }
  return d;
}

/// `up: exponential | weibull` with `mtbf` (and `shape` for Weibull), or `up:` a distribution block.
Distribution read_up_time(const ConfigNode& node) {
  const ConfigNode up = node["up"], mtbf = node["mtbf"], shape = node["shape"];
  const Distribution fallback = Distribution::exponential(1000 * kHour);
  if (up.is_map()) {
    if (mtbf.present())
      mtbf.error(
          "give the up time either as 'mtbf' (with 'up' naming its distribution) or as an 'up' "
          "distribution block, not both");
    if (shape.present()) shape.error("with an 'up' distribution block, 'shape' goes inside it");
    return checked_block(up, fallback);
  }
  const std::size_t errors_before = node.diagnostics().size();
  const std::string kind = up.choice_or("up-time distribution", {"exponential", "weibull"}, "exponential");
  const bool known_kind = node.diagnostics().size() == errors_before;
  const double mean =
      mtbf.require() ? mtbf.as_positive_quantity(Quantity::duration, fallback.mean()) : fallback.mean();
  if (!known_kind) return Distribution::exponential(mean);  // 'shape' may be right for what was meant
  if (kind != "weibull") {
    if (shape.present()) shape.error("'shape' applies to 'up: weibull' only");
    return Distribution::exponential(mean);
  }
  if (!shape.require()) return Distribution::exponential(mean);
  const double k = shape.as_number(1.0);
  if (!(k > 0)) {
    shape.error("'shape' must be positive");
    return Distribution::exponential(mean);
  }
  // The scale η for which the mean up time η·Γ(1 + 1/k) is the MTBF.
  return Distribution::weibull(k, mean / std::tgamma(1.0 + 1.0 / k));
}

/// `repair: exponential | constant | lognormal | gamma` with `mttr` (and `repair_cv` for the
/// last two), or `repair:` a distribution block.
Distribution read_repair_time(const ConfigNode& node) {
  const ConfigNode repair = node["repair"], mttr = node["mttr"], cv = node["repair_cv"];
  const Distribution fallback = Distribution::exponential(10 * kHour);
  if (repair.is_map()) {
    if (mttr.present())
      mttr.error(
          "give the repair time either as 'mttr' (with 'repair' naming its distribution) or as a "
          "'repair' distribution block, not both");
    if (cv.present()) cv.error("with a 'repair' distribution block, give its 'cv' inside it");
    return checked_block(repair, fallback);
  }
  const std::size_t errors_before = node.diagnostics().size();
  const std::string kind = repair.choice_or("repair-time distribution",
                                            {"constant", "exponential", "gamma", "lognormal"}, "exponential");
  const bool known_kind = node.diagnostics().size() == errors_before;
  const double mean =
      mttr.require() ? mttr.as_positive_quantity(Quantity::duration, fallback.mean()) : fallback.mean();
  if (!known_kind) return Distribution::exponential(mean);  // 'repair_cv' may be right for what was meant
  if (kind == "lognormal" || kind == "gamma") {
    double c = cv.present() ? cv.as_number(1.0) : 1.0;
    if (!(c > 0)) {
      cv.error("'repair_cv' must be positive");
      c = 1.0;
    }
    return kind == "lognormal" ? Distribution::lognormal(mean, c) : Distribution::gamma(mean, c);
  }
  if (cv.present()) cv.error("'repair_cv' applies to 'repair: lognormal' or 'repair: gamma' only");
  return kind == "constant" ? Distribution::constant(mean) : Distribution::exponential(mean);
}

void read_host_failures(const ConfigNode& node, HostFailureSpec& hosts) {
  if (!node.present() || node.is_null()) return;
  node.expect_keys({"mtbf", "mttr", "up", "shape", "repair", "repair_cv"});
  hosts.enabled = true;
  hosts.up = read_up_time(node);
  hosts.repair = read_repair_time(node);
}

/// A date ("2027-03-01T14:00") or a duration from the start ("36h"), in simulated seconds; it
/// must fall inside the run, or the outage would silently never happen.
double read_start_time(const ConfigNode& at, const SimulationSpec& simulation) {
  if (!at.is_scalar()) {
    at.error("'at' must be a date such as 2027-03-01T14:00 or a duration from the start such as 36h");
    return 0.0;
  }
  double t = 0.0;
  if (const auto date = sim::parse_datetime(at.scalar())) {
    t = *date - simulation.start_epoch_s;
  } else {
    try {
      t = sim::parse_quantity(at.scalar(), Quantity::duration);
    } catch (const sim::UnitError&) {
      at.error(
          "'at' must be a date such as 2027-03-01T14:00 or a duration from the start such as 36h, got '" +
          at.scalar() + "'");
      return 0.0;
    }
  }
  const auto date = [&](double s) { return sim::format_datetime(simulation.start_epoch_s + s); };
  if (t < 0)
    at.error("'at' (" + date(t) + ") is before the simulation starts (" + date(0) + ")");
  else if (t >= simulation.duration_s && simulation.from_s == 0)  // a window need not hold every outage
    at.error("'at' (" + date(t) + ") is not before the simulation ends (" + date(simulation.duration_s) +
             "): the outage would never happen");
  return t;
}

/// `domain: name` or `domains: [names]`, checked against the platform's racks or zones.
std::vector<std::string> read_domain_names(const ConfigNode& node, const std::string& what,
                                           const std::vector<std::string>& known) {
  const ConfigNode one = node["domain"], many = node["domains"];
  std::vector<std::string> names;
  if (one.present() && many.present()) {
    many.error("give 'domain' (one " + what + ") or 'domains' (a list), not both");
    return names;
  }
  if (one.present()) {
    names.push_back(one.as_choice(what, known, ""));
  } else if (many.present()) {
    if (!many.is_sequence() || many.size() == 0) {
      many.error("'domains' must be a non-empty list of " + what + " names");
      return names;
    }
    std::map<std::string, int> seen;
    for (const ConfigNode& item : many.items()) {
      names.push_back(item.as_choice(what, known, ""));
      if (!names.back().empty() && seen[names.back()]++ > 0)
        item.error(what + " '" + names.back() + "' is listed twice");
    }
  }
  std::erase(names, std::string());  // unknown names, already reported
  return names;
}

DomainFailureSpec read_domain_entry(const ConfigNode& node, const ScenarioSpec& spec) {
  node.expect_keys({"level", "rate", "at", "domain", "domains", "duration"});
  DomainFailureSpec entry;
  static const std::map<std::string, FailureCause> levels = {
      {"partition", FailureCause::partition}, {"rack", FailureCause::rack}, {"zone", FailureCause::zone}};
  if (node["level"].require())
    entry.level =
        levels.at(node["level"].as_choice("failure domain level", {"partition", "rack", "zone"}, "rack"));

  // Racks are named by rack, zones and partitions (of a zone from the region) by zone.
  std::vector<std::string> known;
  for (const auto& zone : spec.topology.zones) {
    if (entry.level != FailureCause::rack) known.push_back(zone.name);
    for (const auto& rack : zone.racks)
      if (entry.level == FailureCause::rack) known.push_back(rack.name);
  }
  const std::string what = entry.level == FailureCause::rack ? "rack" : "zone";
  const std::size_t errors_before = node.diagnostics().size();
  entry.domains = read_domain_names(node, what, known);

  const ConfigNode rate = node["rate"], at = node["at"];
  if (rate.present() && at.present()) {
    at.error("a failure entry has either 'rate' (random outages) or 'at' (one scheduled outage), not both");
  } else if (at.present()) {
    entry.scheduled = true;
    entry.at_s = read_start_time(at, spec.simulation);
    if (entry.domains.empty() && node.diagnostics().size() == errors_before)
      node.error("a scheduled outage needs 'domain': the " + what + " that goes down");
  } else if (rate.present()) {
    entry.rate_per_s = rate.as_quantity(Quantity::rate, 0.0);
    if (!(entry.rate_per_s > 0))
      rate.error("'rate' must be positive, such as 2/y (outages per " + what + ")");
  } else {
    node.error("a failure entry needs 'rate' (random outages, such as 2/y) or 'at' (one scheduled outage)");
  }
  if (node["duration"].require()) entry.duration = checked_block(node["duration"], entry.duration);
  return entry;
}

}  // namespace

void read_failures(const ConfigNode& node, ScenarioSpec& spec) {
  if (!node.present() || node.is_null()) return;
  node.expect_keys({"hosts", "domains"});
  FailureSpec& failures = spec.failures;
  read_host_failures(node["hosts"], failures.hosts);
  const ConfigNode domains = node["domains"];
  if (domains.present() && !domains.is_null()) {
    if (!domains.is_sequence()) {
      domains.error("'domains' must be a list of failure entries, each with a 'level'");
    } else {
      for (const ConfigNode& entry : domains.items())
        failures.domains.push_back(read_domain_entry(entry, spec));
    }
  }
}

}  // namespace stratus::models
