#include "cli/sweep/plan.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/sweep/sha256.hpp"

namespace stratus::cli::sweep {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// The run's identity: what it simulates (the file's contents, variant, overrides, grid
/// point) and with which seed. Two sweeps that share a run share its key, so a database
/// extended with --force reuses it.
std::string run_key(const SweepSpec& spec, const PlannedRun& run) {
  nlohmann::json id;
  id["scenario_sha256"] = spec.scenario_sha256;
  id["variant"] = run.variant;
  id["params"] = spec.params;
  id["sets"] = spec.sets;
  nlohmann::json point = nlohmann::json::array();
  for (const auto& [k, v] : run.point)
    point.push_back({k, v});
  id["point"] = point;
  id["replicate"] = run.replicate;
  id["seed"] = run.seed;
  return sha256_hex(id.dump());
}

}  // namespace

std::string PlannedRun::label() const {
  std::string text = "#" + std::to_string(index);
  if (!variant.empty()) text += " variant=" + variant;
  for (const auto& [k, v] : point)
    text += " " + k + "=" + v;
  return text + " replicate=" + std::to_string(replicate);
}

std::uint64_t replicate_seed(std::uint64_t sweep_seed, int replicate) {
  // Replicate 0 is the plain run (`stratus run` with the same seed), so that a sweep's or a
  // comparison's first replicate is the run a user already knows.
  if (replicate == 0) return sweep_seed & ~(std::uint64_t{1} << 63);
  return splitmix64(sweep_seed ^ splitmix64(static_cast<std::uint64_t>(replicate))) >> 1;
}

std::vector<PlannedRun> plan_runs(const SweepSpec& spec) {
  const std::vector<std::string> variants =
      spec.variants.empty() ? std::vector<std::string>{""} : spec.variants;
  std::size_t points = 1;
  for (const auto& axis : spec.grid)
    points *= axis.values.size();
  std::vector<PlannedRun> plan;
  plan.reserve(variants.size() * points * static_cast<std::size_t>(spec.replicates));
  for (const auto& variant : variants) {
    for (std::size_t p = 0; p < points; ++p) {
      // Mixed-radix digits of p, the last axis varying fastest.
      std::vector<std::pair<std::string, std::string>> point(spec.grid.size());
      std::size_t rest = p;
      for (std::size_t a = spec.grid.size(); a-- > 0;) {
        const auto& axis = spec.grid[a];
        point[a] = {axis.key, axis.values[rest % axis.values.size()]};
        rest /= axis.values.size();
      }
      for (int r = 0; r < spec.replicates; ++r) {
        PlannedRun run;
        run.index = plan.size();
        run.variant = variant;
        run.replicate = r;
        run.seed = replicate_seed(spec.sweep_seed, r);
        run.point = point;
        run.key = run_key(spec, run);
        plan.push_back(std::move(run));
      }
    }
  }
  return plan;
}

std::string spec_json(const SweepSpec& spec) {
  nlohmann::json j;
  j["scenario_sha256"] = spec.scenario_sha256;
  j["variants"] = spec.variants;
  nlohmann::json grid = nlohmann::json::array();
  for (const auto& axis : spec.grid)
    grid.push_back({{"key", axis.key}, {"kind", axis.is_param ? "param" : "set"}, {"values", axis.values}});
  j["grid"] = grid;
  j["replicates"] = spec.replicates;
  j["sweep_seed"] = spec.sweep_seed;
  j["params"] = spec.params;
  j["sets"] = spec.sets;
  return j.dump();
}

std::vector<bool> parse_run_filter(const std::string& filter, std::size_t plan_size) {
  std::vector<bool> chosen(plan_size, false);
  auto number = [&](const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
      throw std::invalid_argument("--runs: expected run numbers and ranges like 0,3,5-9, got '" + filter +
                                  "'");
    const std::size_t n = std::stoul(text);
    if (n >= plan_size)
      throw std::invalid_argument("--runs: run " + text + " is beyond the plan's " +
                                  std::to_string(plan_size) + " runs (0-" +
                                  std::to_string(plan_size == 0 ? 0 : plan_size - 1) + ")");
    return n;
  };
  std::size_t start = 0;
  while (start <= filter.size()) {
    const std::size_t comma = filter.find(',', start);
    const std::string item =
        filter.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t dash = item.find('-');
    const std::size_t lo = number(item.substr(0, dash));
    const std::size_t hi = dash == std::string::npos ? lo : number(item.substr(dash + 1));
    if (hi < lo) throw std::invalid_argument("--runs: empty range '" + item + "'");
    for (std::size_t i = lo; i <= hi; ++i)
      chosen[i] = true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return chosen;
}

std::vector<std::string> child_arguments(const SweepSpec& spec, const PlannedRun& run,
                                         const std::filesystem::path& out) {
  std::vector<std::string> args = {"run",   spec.file,   "--quiet", "--seed", std::to_string(run.seed),
                                   "--out", out.string()};
  args.insert(args.end(), spec.run_flags.begin(), spec.run_flags.end());
  if (!run.variant.empty()) {
    args.push_back("--variant");
    args.push_back(run.variant);
  }
  for (const auto& p : spec.params) {
    args.push_back("--param");
    args.push_back(p);
  }
  for (const auto& s : spec.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  // The grid's values come last, so that they win over a fixed override of the same key.
  for (std::size_t a = 0; a < run.point.size(); ++a) {
    args.push_back(spec.grid[a].is_param ? "--param" : "--set");
    args.push_back(run.point[a].first + "=" + run.point[a].second);
  }
  return args;
}

}  // namespace stratus::cli::sweep
