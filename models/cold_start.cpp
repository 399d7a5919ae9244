#include <map>

#include "models/serverless_spec.hpp"

namespace stratus::models {

namespace {
// Median init durations (seconds) and their spread, from published AWS Lambda measurements
// of hello-world functions at 1 GB (e.g. the "Lambda cold starts" benchmarks by runtime, and
// maxday.github.io/lambda-perf): compiled runtimes start fastest, the JVM slowest.
struct InitDuration {
  double mean_s;
  double cv;
};
const std::map<std::string, InitDuration>& table() {
  static const std::map<std::string, InitDuration> t = {
      {"rust", {0.015, 0.3}},   {"go", {0.050, 0.3}},   {"python", {0.090, 0.3}}, {"node", {0.130, 0.3}},
      {"dotnet", {0.180, 0.3}}, {"java", {0.230, 0.3}}, {"ruby", {0.120, 0.3}},   {"custom", {0.100, 0.3}},
  };
  return t;
}
}  // namespace

const std::vector<std::string>& known_runtimes() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, d] : table())
      out.push_back(name);
    return out;
  }();
  return names;
}

sim::Distribution default_cold_start(const std::string& runtime) {
  const auto it = table().find(runtime);
  const InitDuration d = it == table().end() ? InitDuration{0.1, 0.3} : it->second;
  return sim::Distribution::lognormal(d.mean_s, d.cv);
}

}  // namespace stratus::models
