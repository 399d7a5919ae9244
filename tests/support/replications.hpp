#pragma once
// Independent replications of one scenario for statistical validation: `stratus run --seed s`
// once per seed, each in a child process of its own (SimGrid runs one simulation per process),
// read back from its summary.json and timeseries.csv. The spread of a figure over the seeds is
// the simulation's own statistical error; the seeds are fixed lists (1, 2, 3, ...), never chosen
// for the result they give.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "process.hpp"
#include "queueing.hpp"

namespace stratus::testing {

/// A number as a command-line value without losing precision (std::to_string keeps 6 decimals).
inline std::string exact(double value) {
  std::ostringstream s;
  s << std::setprecision(17) << value;
  return s.str();
}

struct Replication {
  std::uint64_t seed = 0;
  nlohmann::json summary;
  std::map<std::string, std::vector<double>> rows;  // timeseries.csv by column
};

/// Runs `file` once per seed with the given extra arguments (`--param k=v`, `--set p=v`).
/// Throws std::runtime_error with the run's output when a run fails.
inline std::vector<Replication> run_replications(const std::string& file,
                                                 const std::vector<std::uint64_t>& seeds,
                                                 const std::string& arguments) {
  std::vector<Replication> runs;
  for (const std::uint64_t seed : seeds) {
    const auto dir = temp_dir("seed-" + std::to_string(seed));
    const auto cli = run_command(stratus_cmd("run " + file + " --quiet --seed " + std::to_string(seed) +
                                             " --out " + dir.string() + " " + arguments));
    if (cli.exit_code != 0)
      throw std::runtime_error("seed " + std::to_string(seed) + " failed (" + std::to_string(cli.exit_code) +
                               "): " + cli.output);
    Replication r;
    r.seed = seed;
    r.summary = nlohmann::json::parse(read_text(dir / "summary.json"));
    r.rows = parse_csv(read_text(dir / "timeseries.csv"));
    runs.push_back(std::move(r));
    std::filesystem::remove_all(dir);
  }
  return runs;
}

/// One figure over independent replications: its mean, spread, and the standard error of the
/// mean (sd / √k, the sd itself estimated from the k replications).
struct Spread {
  double mean = 0, sd = 0, min = 0, max = 0;
  std::size_t n = 0;
  double se() const { return n > 0 ? sd / std::sqrt(static_cast<double>(n)) : NAN; }
};

inline Spread spread(const std::vector<double>& values) {
  Spread s;
  s.n = values.size();
  if (values.empty()) return s;
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  for (const double v : values)
    s.mean += v;
  s.mean /= static_cast<double>(s.n);
  if (s.n > 1) {
    double ss = 0;
    for (const double v : values)
      ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  }
  return s;
}

}  // namespace stratus::testing
