#include "models/demand_loader.hpp"

#include <limits>
#include <string>

#include "sim/calendar.hpp"
#include "sim/units.hpp"

namespace stratus::models {

namespace {

using sim::ConfigNode;
using sim::Quantity;

constexpr double kDay = 86400.0;

/// "'factor'", or "'months[3]'" for an item of a list (which has no key of its own).
std::string quoted_key(const ConfigNode& node) {
  if (!node.key().empty()) return "'" + node.key() + "'";
  const std::string path = node.path();
  return "'" + path.substr(path.rfind('.') + 1) + "'";
}

bool is_bare_date(const std::string& text) {
  return text.size() == 10 && sim::parse_datetime(text).has_value();
}

/// A quantity that may be negative ("-10%" for a drop): the units parser refuses signs.
double signed_quantity(const ConfigNode& node, Quantity q, double fallback) {
  if (!node.is_scalar()) return node.as_quantity(q, fallback);
  const std::string& text = node.scalar();
  if (text.empty() || text.front() != '-') return node.as_quantity(q, fallback);
  try {
    return -sim::parse_quantity(std::string_view(text).substr(1), q);
  } catch (const sim::UnitError& e) {
    node.error(quoted_key(node) + ": " + e.what());
    return fallback;
  }
}

/// A multiplier: 2, 0.7 or 160%; never negative.
double read_factor(const ConfigNode& node, double fallback) {
  if (!node.present() || node.is_null()) return fallback;
  const std::string& text = node.scalar();
  double v = fallback;
  if (!node.is_scalar()) {
    node.error(quoted_key(node) + " must be a factor such as 2, 0.7 or 160%");
    return fallback;
  }
  try {
    v = !text.empty() && text.back() == '%' ? sim::parse_quantity(text, Quantity::fraction)
                                            : sim::parse_quantity(text, Quantity::number);
  } catch (const sim::UnitError&) {
    node.error(quoted_key(node) + " must be a factor such as 2, 0.7 or 160%, got '" + text + "'");
    return fallback;
  }
  if (v < 0) {
    node.error(quoted_key(node) + " must not be negative, got '" + text + "'");
    return fallback;
  }
  return v;
}

template <std::size_t N>
std::array<double, N> read_factors(const ConfigNode& node, const std::string& what) {
  std::array<double, N> out;
  out.fill(1.0);
  if (!node.is_sequence() || node.size() != N) {
    node.error(quoted_key(node) + " must be a list of " + std::to_string(N) + " factors, " + what);
    return out;
  }
  for (std::size_t i = 0; i < N; ++i)
    out[i] = read_factor(node[i], 1.0);
  return out;
}

bool expect_list(const ConfigNode& node, const std::string& shape) {
  if (!node.present() || node.is_null()) return false;
  if (node.is_sequence()) return true;
  node.error(quoted_key(node) + " must be a list of " + shape);
  return false;
}

std::vector<DemandStep> read_steps(const ConfigNode& node, double start_epoch_s) {
  std::vector<DemandStep> steps;
  if (!expect_list(node, "{at, add, ramp}")) return steps;
  for (const ConfigNode& n : node.items()) {
    n.expect_keys({"at", "add", "ramp"});
    DemandStep step;
    if (n["at"].require()) step.at_s = read_instant(n["at"], start_epoch_s, 0.0);
    step.ramp_s = n["ramp"].quantity_or(Quantity::duration, 0.0);
    const ConfigNode add = n["add"];
    if (add.require() && add.is_scalar()) {
      // The unit says which kind: a percentage scales the rate, a rate is added to it. A bare
      // number is refused: 0.3 could mean +30% or 0.3 requests per second.
      const std::string& text = add.scalar();
      step.relative = !text.empty() && text.back() == '%';
      bool bare = true;
      try {
        sim::parse_quantity(text, Quantity::number);
      } catch (const sim::UnitError&) {
        bare = false;
      }
      if (bare) {
        add.error(
            "'add' must be a percentage (30%, -10%) for a relative step or a rate (500/s) for an "
            "absolute one, got '" +
            text + "'");
      } else {
        step.add = signed_quantity(add, step.relative ? Quantity::fraction : Quantity::rate, 0.0);
        if (step.relative && step.add <= -1.0)
          add.error("a relative step must be above -100%, got '" + text + "'");
      }
    } else if (add.present()) {
      add.error("'add' must be a percentage (30%) or a rate (500/s)");
    }
    steps.push_back(step);
  }
  return steps;
}

void read_daily(const ConfigNode& node, Seasonality& s) {
  if (!node.present()) return;
  node.expect_keys({"amplitude", "peak_at"});
  if (node["amplitude"].require()) s.daily_amplitude = node["amplitude"].as_quantity(Quantity::fraction, 0.0);
  if (s.daily_amplitude > 1.0) node["amplitude"].error("'amplitude' must be between 0 and 100%");
  s.daily_peak_s = node["peak_at"].quantity_or(Quantity::duration, 14 * 3600.0);
  if (s.daily_peak_s >= kDay) node["peak_at"].error("'peak_at' must be a time of day, under 24h");
}

void read_weekly(const ConfigNode& node, Seasonality& s) {
  if (!node.present()) return;
  node.expect_keys({"weekend", "days"});
  if (node["weekend"].present() && node["days"].present()) {
    node["days"].error("give either 'weekend' or 'days', not both");
    return;
  }
  if (node["days"].present()) {
    s.weekday_factors = read_factors<7>(node["days"], "Monday first");
  } else if (node["weekend"].require()) {
    const double weekend = read_factor(node["weekend"], 1.0);
    s.weekday_factors[5] = s.weekday_factors[6] = weekend;
  }
}

void read_yearly(const ConfigNode& node, Seasonality& s, double start_epoch_s) {
  if (!node.present()) return;
  node.expect_keys({"amplitude", "peak_at", "months"});
  if (node["months"].present()) {
    if (node["amplitude"].present()) node["amplitude"].error("give either 'months' or 'amplitude', not both");
    s.month_factors = read_factors<12>(node["months"], "January first");
    return;
  }
  if (node["amplitude"].require())
    s.yearly_amplitude = node["amplitude"].as_quantity(Quantity::fraction, 0.0);
  if (s.yearly_amplitude > 1.0) node["amplitude"].error("'amplitude' must be between 0 and 100%");
  if (node["peak_at"].require()) s.yearly_peak_s = read_instant(node["peak_at"], start_epoch_s, 0.0);
}

std::vector<Holiday> read_holidays(const ConfigNode& node, double start_epoch_s) {
  std::vector<Holiday> holidays;
  if (!expect_list(node, "{date, factor} or {from, to, factor}")) return holidays;
  for (const ConfigNode& n : node.items()) {
    n.expect_keys({"date", "from", "to", "factor"});
    Holiday h;
    if (n["date"].present()) {
      if (n["from"].present() || n["to"].present()) n["date"].error("give either 'date' or 'from' and 'to'");
      h.start_s = read_instant(n["date"], start_epoch_s, 0.0);
      h.end_s = h.start_s + kDay;
    } else {
      if (n["from"].require()) h.start_s = read_instant(n["from"], start_epoch_s, 0.0);
      if (n["to"].require()) {
        // A date names a whole day, so `to: 2027-11-29` includes the 29th.
        h.end_s = read_instant(n["to"], start_epoch_s, 0.0);
        if (n["to"].is_scalar() && is_bare_date(n["to"].scalar())) h.end_s += kDay;
        if (h.end_s <= h.start_s) n["to"].error("'to' must be after 'from'");
      }
    }
    if (n["factor"].require()) h.factor = read_factor(n["factor"], 1.0);
    holidays.push_back(h);
  }
  return holidays;
}

Seasonality read_seasonality(const ConfigNode& node, double start_epoch_s) {
  Seasonality s;
  if (!node.present() || node.is_null()) return s;
  node.expect_keys({"daily", "weekly", "yearly", "holidays"});
  read_daily(node["daily"], s);
  read_weekly(node["weekly"], s);
  read_yearly(node["yearly"], s, start_epoch_s);
  s.holidays = read_holidays(node["holidays"], start_epoch_s);
  return s;
}

std::vector<Launch> read_launches(const ConfigNode& node, double start_epoch_s) {
  std::vector<Launch> launches;
  if (!expect_list(node, "{at, players, per_player, ramp, hold, decay}")) return launches;
  for (const ConfigNode& n : node.items()) {
    n.expect_keys({"at", "players", "per_player", "ramp", "hold", "decay"});
    Launch launch;
    if (n["at"].require()) launch.at_s = read_instant(n["at"], start_epoch_s, 0.0);
    if (n["players"].require()) {
      // NaN: as_number has already reported a value that is not a number.
      launch.players = n["players"].as_number(std::numeric_limits<double>::quiet_NaN());
      if (launch.players <= 0)
        n["players"].error("'players' must be positive, got '" + n["players"].scalar() + "'");
    }
    if (n["per_player"].require())
      launch.per_player_per_s = n["per_player"].positive_quantity_or(Quantity::rate, 0.0);
    launch.ramp_s = n["ramp"].positive_quantity_or(Quantity::duration, 3600.0);
    launch.hold_s = n["hold"].quantity_or(Quantity::duration, 0.0);
    launch.decay_s = n["decay"].positive_quantity_or(Quantity::duration, 6 * 3600.0);
    launches.push_back(launch);
  }
  return launches;
}

DemandNoise read_noise(const ConfigNode& node) {
  DemandNoise noise;
  if (!node.present() || node.is_null()) return noise;
  node.expect_keys({"cv", "period"});
  if (node["cv"].require()) noise.cv = node["cv"].as_quantity(Quantity::fraction, 0.0);
  noise.period_s = node["period"].positive_quantity_or(Quantity::duration, 3600.0);
  return noise;
}

}  // namespace

double read_instant(const ConfigNode& node, double start_epoch_s, double fallback) {
  const std::string expected =
      " must be a date (2028-04-01), a date-time (2028-04-01T18:00) or a duration "
      "from the start (90d)";
  if (!node.is_scalar()) {
    node.error(quoted_key(node) + expected);
    return fallback;
  }
  const std::string& text = node.scalar();
  if (const auto epoch = sim::parse_datetime(text)) return *epoch - start_epoch_s;
  try {
    return sim::parse_quantity(text, Quantity::duration);
  } catch (const sim::UnitError&) {
    node.error(quoted_key(node) + expected + ", got '" + text + "'");
    return fallback;
  }
}

std::vector<Surge> read_surges(const ConfigNode& node, double start_epoch_s) {
  std::vector<Surge> surges;
  if (!expect_list(node, "{at, rate, ramp, hold, decay}")) return surges;
  for (const ConfigNode& n : node.items()) {
    n.expect_keys({"at", "rate", "ramp", "hold", "decay"});
    Surge surge;
    if (n["at"].require()) surge.start_s = read_instant(n["at"], start_epoch_s, 0.0);
    if (n["rate"].require()) surge.rate_per_s = n["rate"].positive_quantity_or(Quantity::rate, 0.0);
    surge.ramp_s = n["ramp"].positive_quantity_or(Quantity::duration, 3600.0);
    surge.hold_s = n["hold"].quantity_or(Quantity::duration, 0.0);
    surge.decay_s = n["decay"].positive_quantity_or(Quantity::duration, 6 * 3600.0);
    surges.push_back(surge);
  }
  return surges;
}

DemandSpec read_demand(const ConfigNode& node, double start_epoch_s) {
  node.expect_keys({"process", "rate", "growth", "steps", "seasonality", "launches", "surges", "noise"});
  DemandSpec d;
  d.start_epoch_s = start_epoch_s;
  if (node["rate"].require()) {
    d.rate_per_s = node["rate"].as_quantity(Quantity::rate, 1.0);
    if (d.rate_per_s < 0) node["rate"].error("'rate' must not be negative");
  }
  if (node["growth"].present() && !node["growth"].is_null()) {
    d.growth = signed_quantity(node["growth"], Quantity::fraction, 0.0);
    if (d.growth <= -1.0) node["growth"].error("'growth' must be above -100% a year");
  }
  d.steps = read_steps(node["steps"], start_epoch_s);
  d.seasonality = read_seasonality(node["seasonality"], start_epoch_s);
  d.launches = read_launches(node["launches"], start_epoch_s);
  d.surges = read_surges(node["surges"], start_epoch_s);
  d.noise = read_noise(node["noise"]);
  return d;
}

}  // namespace stratus::models
