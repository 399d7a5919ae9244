#include "cli/sweep/stats_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "cli/sweep/statistics.hpp"

namespace stratus::cli::sweep {

namespace {

std::string number(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string interval_text(const Interval& i) {
  if (i.n == 0) return "-";
  return number(i.mean) + " ± " + number(i.half_width);
}

std::string point_label(const PlannedRun& run) {
  std::string text;
  for (const auto& [k, v] : run.point)
    text += (text.empty() ? "" : " ") + k + "=" + v;
  return text.empty() ? "-" : text;
}

/// A metric's values over the replicates of one variant at one grid point, indexed by
/// replicate (NaN where a run is missing or failed), so that pairs line up.
using Series = std::vector<double>;

}  // namespace

std::vector<std::string> default_report_metrics(const MetricValues& values) {
  std::vector<std::string> out;
  for (const char* name : {"latency_s.mean", "latency_s.p99", "cost_usd.total", "requests.rejected"})
    for (const auto& [key, metrics] : values)
      if (metrics.count(name)) {
        out.push_back(name);
        break;
      }
  return out;
}

void print_statistics(std::ostream& out, const SweepSpec& spec, const std::vector<PlannedRun>& plan,
                      const MetricValues& values, const std::vector<std::string>& metrics,
                      const std::string& baseline) {
  // series[point][variant][metric] by replicate; points in plan order.
  std::vector<std::string> points;
  std::map<std::string, std::map<std::string, std::map<std::string, Series>>> series;
  std::vector<std::string> variants;
  for (const PlannedRun& run : plan) {
    const std::string point = point_label(run);
    if (std::find(points.begin(), points.end(), point) == points.end()) points.push_back(point);
    if (std::find(variants.begin(), variants.end(), run.variant) == variants.end())
      variants.push_back(run.variant);
    const auto found = values.find(run.key);
    for (const auto& m : metrics) {
      Series& s = series[point][run.variant][m];
      s.resize(static_cast<std::size_t>(spec.replicates), NAN);
      if (found != values.end()) {
        const auto v = found->second.find(m);
        if (v != found->second.end()) s[static_cast<std::size_t>(run.replicate)] = v->second;
      }
    }
  }
  auto present = [](const Series& s) {
    Series kept;
    for (double v : s)
      if (!std::isnan(v)) kept.push_back(v);
    return kept;
  };
  bool showed_pairing = false;
  for (const auto& m : metrics) {
    out << "\n" << m << " (mean ± 95 % CI over " << spec.replicates << " replicate(s))\n";
    std::vector<std::vector<std::string>> rows = {
        {"point", "variant", "n", "mean ± CI",
         "Δ vs " + (baseline.empty() ? std::string("-") : baseline) + " (paired)", "Δ unpaired"}};
    for (const auto& point : points) {
      for (const auto& variant : variants) {
        const Series& s = series[point][variant][m];
        const Series kept = present(s);
        std::vector<std::string> row = {point,
                                        variant.empty() ? "-" : variant,
                                        std::to_string(kept.size()),
                                        interval_text(mean_interval(kept)),
                                        "",
                                        ""};
        if (!baseline.empty() && variant != baseline) {
          const Series& b = series[point][baseline][m];
          Series pa, pb;  // replicates present in both
          for (std::size_t r = 0; r < s.size() && r < b.size(); ++r)
            if (!std::isnan(s[r]) && !std::isnan(b[r])) {
              pa.push_back(s[r]);
              pb.push_back(b[r]);
            }
          row[4] = interval_text(paired_difference(pa, pb));
          row[5] = interval_text(unpaired_difference(kept, present(b)));
          showed_pairing = true;
        }
        rows.push_back(row);
      }
    }
    if (spec.grid.empty())  // one point only: no column for it
      for (auto& row : rows)
        row.erase(row.begin());
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows)
      for (std::size_t c = 0; c < row.size(); ++c)
        width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (baseline.empty() && c + 2 >= row.size()) break;  // no differences to show
        out << (c == 0 ? "  " : "  ") << std::left << std::setw(static_cast<int>(width[c])) << row[c];
      }
      out << std::right << "\n";
    }
  }
  if (showed_pairing)
    out << "\npaired: replicate r of a variant minus replicate r of the baseline, which ran on the same seed "
           "(common random numbers), so the noise they share cancels; unpaired (Welch): the same means taken "
           "as independent samples. The narrower paired interval is the one to use.\n";
}

}  // namespace stratus::cli::sweep
