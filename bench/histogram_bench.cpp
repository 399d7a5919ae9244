// Throughput of Histogram::add, the cost every recorded latency pays on the simulator's hot
// path. Values are drawn up front (a log-normal spread over several decades, like request
// latencies) so the timing covers only add(). Prints one JSON object.

#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <vector>

#include "sim/histogram.hpp"

int main() {
  constexpr std::uint64_t kAdds = 10'000'000;
  constexpr std::size_t kDistinct = 1 << 16;  // fits in L2, so memory does not dominate

  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> lognormal(-3.0, 1.5);
  std::vector<double> values(kDistinct);
  for (double& value : values)
    value = lognormal(rng);

  stratus::sim::Histogram histogram;
  for (const double value : values)
    histogram.add(value);  // warm-up: buckets allocated
  histogram.clear();

  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < kAdds; ++i)
    histogram.add(values[i & (kDistinct - 1)]);
  const auto stop = std::chrono::steady_clock::now();

  const double seconds = std::chrono::duration<double>(stop - start).count();
  // Printing results keeps the loop observable, so the compiler cannot drop it.
  std::cout << "{\"adds\":" << kAdds << ",\"seconds\":" << seconds
            << ",\"adds_per_s\":" << static_cast<double>(kAdds) / seconds
            << ",\"ns_per_add\":" << seconds * 1e9 / static_cast<double>(kAdds)
            << ",\"p99\":" << histogram.quantile(0.99) << "}\n";
  return 0;
}
