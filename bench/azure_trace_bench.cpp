// Loading a full-size day of the Azure Functions 2019 trace. Writes a synthetic day in the public
// schema (46,000 functions × 1,440 minutes by default, about 150 MB like the real file) into the
// temporary folder, then times load_azure_trace on the invocations file alone and on all three
// files. Prints one JSON object; peak_rss_mb is the process's high-water mark, which the
// generator (one row buffer at a time) does not raise.
//
// Usage: azure_trace_bench [functions] [--keep]   (--keep leaves the files for other tools)
#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/azure_trace.hpp"
#include "sim/random.hpp"

namespace {

using stratus::sim::RandomStream;
namespace fs = std::filesystem;

constexpr int kMinutes = 1440;
constexpr std::size_t kApps = 20000;  // the real day files hold about 20,000 apps

class Output {
 public:
  explicit Output(const fs::path& path) : file_(std::fopen(path.c_str(), "wb")) {
    if (!file_) throw std::runtime_error("cannot write " + path.string());
  }
  ~Output() { std::fclose(file_); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  void write(const std::string& row) { std::fwrite(row.data(), 1, row.size(), file_); }

 private:
  std::FILE* file_;
};

std::string hex_hash(RandomStream& rng) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (char& c : out)
    c = kDigits[rng.below(16)];
  return out;
}

void append(std::string& row, double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
  row.append(buffer, end);
}

void append(std::string& row, std::uint64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  row.append(buffer, end);
}

/// Poisson by multiplication for small means (the common case: most cells are 0), by a rounded
/// normal for large ones, where the difference does not matter for timing a parser.
std::uint64_t poisson(RandomStream& rng, double mean) {
  if (mean > 30.0)
    return static_cast<std::uint64_t>(
        std::max(0.0, std::round(mean + std::sqrt(mean) * rng.standard_normal())));
  const double limit = std::exp(-mean);
  std::uint64_t k = 0;
  for (double product = rng.uniform01(); product > limit; product *= rng.uniform01())
    ++k;
  return k;
}

struct App {
  std::string owner, app;
};

struct Generated {
  std::uint64_t invocations = 0;
};

/// Writes the three files. Rates follow the paper's skew: the per-minute mean is log-normal with
/// about 45% of functions invoked at most once an hour and 85% at most once a minute; timers fire
/// on a fixed period; a diurnal swing modulates the rest.
Generated generate(const fs::path& dir, std::size_t functions) {
  RandomStream rng(2019);
  std::vector<App> apps(kApps);
  for (App& a : apps) {
    a.owner = hex_hash(rng);
    a.app = hex_hash(rng);
  }
  static constexpr const char* kTriggers[] = {"http",    "timer",         "queue", "event",
                                              "storage", "orchestration", "others"};
  static constexpr double kTriggerShare[] = {0.55, 0.16, 0.15, 0.02, 0.03, 0.07, 0.02};

  Output invocations(dir / "invocations_per_function_md.anon.d01.csv");
  Output durations(dir / "function_durations_percentiles.anon.d01.csv");
  std::string row = "HashOwner,HashApp,HashFunction,Trigger";
  for (int m = 1; m <= kMinutes; ++m)
    row += "," + std::to_string(m);
  invocations.write(row + "\n");
  durations.write(
      "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_"
      "1,"
      "percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,"
      "percentile_Average_100\n");

  Generated out;
  for (std::size_t i = 0; i < functions; ++i) {
    const App& app = apps[i < kApps ? i : rng.below(kApps)];
    const std::string function = hex_hash(rng);
    double pick = rng.uniform01();
    std::size_t trigger = 0;
    while (trigger + 1 < std::size(kTriggers) && pick > kTriggerShare[trigger])
      pick -= kTriggerShare[trigger++];

    row.clear();
    row += app.owner + "," + app.app + "," + function + "," + kTriggers[trigger];
    const double rate = std::pow(10.0, -1.5 + 1.4 * rng.standard_normal());  // mean invocations per minute
    const std::uint64_t period = std::uint64_t{1} << rng.below(7);           // timers: every 1..64 minutes
    const std::uint64_t phase = rng.below(period);
    std::uint64_t total = 0;
    for (int m = 0; m < kMinutes; ++m) {
      std::uint64_t count = 0;
      if (trigger == 1) {
        count = (static_cast<std::uint64_t>(m) % period == phase) ? 1 : 0;
      } else {
        const double diurnal = 1.0 + 0.5 * std::sin(2.0 * std::numbers::pi * m / kMinutes);
        count = poisson(rng, rate * diurnal);
      }
      total += count;
      row += ',';
      append(row, count);
    }
    row += '\n';
    invocations.write(row);
    out.invocations += total;

    if (total == 0 || rng.uniform01() < 0.05) continue;  // like the real files, some functions have no row
    const double average_ms = std::pow(10.0, 2.5 + rng.standard_normal());
    row.clear();
    row += app.owner + "," + app.app + "," + function + ",";
    append(row, average_ms);
    row += ',';
    append(row, total);
    // Minimum, Maximum, then percentiles 0, 1, 25, 50, 75, 99, 100 as multiples of the average.
    for (const double factor : {0.1, 12.0, 0.2, 0.25, 0.6, 0.9, 1.5, 4.0, 6.0}) {
      row += ',';
      append(row, average_ms * factor);
    }
    durations.write(row + "\n");
  }

  Output memory(dir / "app_memory_percentiles.anon.d01.csv");
  memory.write(
      "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,"
      "AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,"
      "AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n");
  for (const App& a : apps) {
    const double mb = 100.0 + 300.0 * rng.uniform01();
    row = a.owner + "," + a.app + ",";
    append(row, std::uint64_t{1000} + rng.below(20000));
    for (const double factor : {1.0, 0.7, 0.8, 0.9, 1.0, 1.05, 1.2, 1.3, 1.4}) {
      row += ',';
      append(row, mb * factor);
    }
    memory.write(row + "\n");
  }
  return out;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

template <class Load>
double seconds_to(Load&& load) {
  const auto start = std::chrono::steady_clock::now();
  load();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t functions = 46000;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--keep")
      keep = true;
    else
      functions = std::stoul(std::string(arg));
  }
  const fs::path dir = fs::temp_directory_path() / "stratus_azure_trace_bench";
  fs::create_directories(dir);
  const Generated generated = generate(dir, functions);
  const fs::path invocations = dir / "invocations_per_function_md.anon.d01.csv";
  const double file_mb = static_cast<double>(fs::file_size(invocations)) / (1024.0 * 1024.0);

  using stratus::models::AzureTrace;
  AzureTrace trace;
  const double load_s =
      seconds_to([&] { trace = stratus::models::load_azure_trace(invocations.string(), "", ""); });
  std::uint64_t loaded = 0;
  for (const auto& f : trace.functions)
    loaded += f.total_invocations;
  const std::size_t loaded_functions = trace.functions.size();
  trace = {};
  const double rss_mb = peak_rss_mb();

  std::size_t with_durations = 0, with_memory = 0;
  const double load_all_s = seconds_to([&] { trace = stratus::models::load_azure_trace_dir(dir.string()); });
  for (const auto& f : trace.functions) {
    with_durations += f.average_s.has_value();
    with_memory += f.memory_mb.has_value();
  }
  if (!keep) fs::remove_all(dir);

  // Printing the totals keeps the loads observable and checks them against what was written.
  std::cout << "{\"functions\":" << loaded_functions << ",\"minutes\":" << trace.minutes
            << ",\"file_mb\":" << file_mb << ",\"invocations\":" << loaded << ",\"load_s\":" << load_s
            << ",\"load_all_s\":" << load_all_s << ",\"with_durations\":" << with_durations
            << ",\"with_memory\":" << with_memory << ",\"peak_rss_mb\":" << std::max(rss_mb, peak_rss_mb())
            << "}\n";
  return loaded == generated.invocations && loaded_functions == functions ? 0 : 1;
}
