#include "cli/report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "sim/number_format.hpp"
#include "sim/units.hpp"

namespace stratus::cli {

namespace {

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string latency(const nlohmann::json& v) {
  if (!v.is_number()) return "-";
  const double s = v.get<double>();
  char buf[32];
  if (s < 1e-3)
    std::snprintf(buf, sizeof buf, "%.0fus", s * 1e6);
  else if (s < 1.0)
    std::snprintf(buf, sizeof buf, "%.1fms", s * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.2fs", s);
  return buf;
}

std::string dollars(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.2f", v);
  return buf;
}

std::string row(const std::vector<std::string>& cells, const std::vector<int>& widths) {
  std::string out = " ";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string cell = cells[i];
    const auto pad = static_cast<std::size_t>(std::max(0, widths[i] - static_cast<int>(cell.size())));
    out += ' ';
    out += i == 0 ? cell + std::string(pad, ' ') : std::string(pad, ' ') + cell;
  }
  return out + "\n";
}

std::vector<std::string> service_cells(const std::string& name, const nlohmann::json& s,
                                       const nlohmann::json& cost) {
  const auto& r = s["requests"];
  return {name,
          grouped(r["arrived"].get<std::uint64_t>()),
          grouped(r["completed"].get<std::uint64_t>()),
          grouped(r["rejected"].get<std::uint64_t>()),
          grouped(r["in_flight"].get<std::uint64_t>()),
          latency(s["latency_s"]["p50"]),
          latency(s["latency_s"]["p95"]),
          latency(s["latency_s"]["p99"]),
          dollars(cost.get<double>())};
}

std::string serverless_table(const nlohmann::json& sl) {
  const std::vector<std::string> header = {"function", "invocations", "cold",     "P(cold)", "throttled",
                                           "avg inst", "warm p50",    "cold p50", "p99",     "cost"};
  std::vector<std::vector<std::string>> rows;
  auto cells = [](const std::string& name, const nlohmann::json& f) {
    char p_cold[32], inst[32];
    std::snprintf(p_cold, sizeof p_cold, "%.4f", f["cold_start_probability"].get<double>());
    std::snprintf(inst, sizeof inst, "%.2f", f["avg_instances"].get<double>());
    return std::vector<std::string>{name,
                                    grouped(f["invocations"].get<std::uint64_t>()),
                                    grouped(f["cold_starts"].get<std::uint64_t>()),
                                    p_cold,
                                    grouped(f["throttled"].get<std::uint64_t>()),
                                    inst,
                                    latency(f["latency_s"]["warm"]["p50"]),
                                    latency(f["latency_s"]["cold"]["p50"]),
                                    latency(f["latency_s"]["all"]["p99"]),
                                    dollars(f["cost_usd"].get<double>())};
  };
  for (const auto& [name, f] : sl["functions"].items())
    rows.push_back(cells(name, f));
  if (sl["functions"].size() > 1) rows.push_back(cells("total", sl));
  std::vector<int> widths(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    widths[i] = static_cast<int>(header[i].size());
    for (const auto& r : rows)
      widths[i] = std::max(widths[i], static_cast<int>(r[i].size()));
  }
  std::string out = "\n";
  out += row(header, widths);
  for (const auto& r : rows)
    out += row(r, widths);
  return out;
}

}  // namespace

std::string summary_table(const nlohmann::json& summary, const std::filesystem::path& out_dir) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%s (seed %llu): simulated %s in %.2f s of wall time, %s events\n",
                summary["scenario"].get<std::string>().c_str(),
                static_cast<unsigned long long>(summary["seed"].get<std::uint64_t>()),
                sim::format_duration(summary["sim_time_s"].get<double>()).c_str(),
                summary["wall_time_s"].get<double>(),
                grouped(summary["events"].get<std::uint64_t>()).c_str());
  out << line << "\n";

  const std::vector<std::string> header = {"service", "arrived", "completed", "rejected", "in flight",
                                           "p50",     "p95",     "p99",       "cost"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, s] : summary["services"].items())
    rows.push_back(service_cells(name, s, s["cost_usd"]));
  if (summary["services"].size() > 1) {
    nlohmann::json total{{"requests", summary["requests"]}, {"latency_s", summary["latency_s"]}};
    rows.push_back(service_cells("total", total, summary["cost_usd"]["total"]));
  }
  std::vector<int> widths(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    widths[i] = static_cast<int>(header[i].size());
    for (const auto& r : rows)
      widths[i] = std::max(widths[i], static_cast<int>(r[i].size()));
  }
  const bool has_services = !rows.empty();
  if (has_services) {
    out << row(header, widths);
    for (const auto& r : rows)
      out << row(r, widths);
    const auto& req = summary["requests"];
    std::snprintf(
        line, sizeof line, "\n  mean latency %s, mean wait %s, %.1f%% of requests waited\n",
        latency(summary["latency_s"]["mean"]).c_str(), latency(summary["wait_s"]["mean"]).c_str(),
        summary["wait_s"]["p_wait"].is_number() ? 100.0 * summary["wait_s"]["p_wait"].get<double>() : 0.0);
    out << line;
    out << "  conservation: arrived " << grouped(req["arrived"].get<std::uint64_t>())
        << " = completed + rejected + failed + in flight"
        << (summary["conservation"]["requests_balanced"].get<bool>() ? " (balanced)" : " (NOT BALANCED)")
        << "\n";
    for (const auto& [name, s] : summary["services"].items()) {
      const auto& fleet = s["fleet"];
      if (!fleet.contains("policies")) continue;
      out << "  " << name << ": " << fleet["scaling_actions"].get<std::uint64_t>() << " scaling actions, "
          << fleet["launches"].get<std::uint64_t>() << " launches, "
          << sim::format_readable(fleet["instance_hours"].get<double>())
          << " instance-hours (events.csv lists them)\n";
      if (fleet.contains("slo"))
        out << "  " << name << ": " << sim::format_readable(fleet["slo"]["violation_minutes"].get<double>())
            << " minutes in violation of the latency SLO\n";
    }
  }
  if (summary.contains("serverless")) {
    const auto& sl = summary["serverless"];
    out << serverless_table(sl);
    out << "\n  conservation: invocations " << grouped(sl["invocations"].get<std::uint64_t>())
        << " = completed + failed + in flight (balanced)\n";
  }
  if (summary.contains("failures")) {
    const auto& f = summary["failures"];
    out << "  failures: " << f["host_failures"].get<std::uint64_t>() << " host failures, "
        << f["domain_outages"].get<std::uint64_t>() << " rack/zone outages, "
        << f["partitions"].get<std::uint64_t>() << " partitions; hosts up "
        << sim::format_readable(100.0 * summary["hosts"]["availability"].get<double>()) << "% of the time\n";
  }
  if (summary.contains("availability") && summary["availability"]["success_fraction"].is_number())
    out << "  availability: "
        << sim::format_readable(100.0 * summary["availability"]["success_fraction"].get<double>())
        << "% of requests answered; "
        << sim::format_readable(summary["availability"]["slo_violation_minutes"].get<double>())
        << " minutes in violation of an SLO\n";
  if (summary.contains("capacity") && summary["capacity"].contains("exhausted_at")) {
    const auto& c = summary["capacity"];
    out << "  capacity: "
        << (c["exhausted_at"].is_null() ? std::string("never exhausted")
                                        : "exhausted at " + c["exhausted_at"].get<std::string>())
        << "\n";
  }
  out << "  bill: " << dollars(summary["cost_usd"]["total"].get<double>()) << " (bill.csv itemises it)\n";
  out << "\nOutputs in " << out_dir.string() << "/: summary.json, timeseries.csv, bill.csv, events.csv"
      << (summary.contains("capacity") ? ", capacity.csv" : "") << "\n";
  return out.str();
}

}  // namespace stratus::cli
