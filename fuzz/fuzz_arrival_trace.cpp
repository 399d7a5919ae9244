// libFuzzer target: an arrival trace (`arrivals: {process: trace, file: ...}`), one time per
// line in the first column. The loader reads it by path, from the scenario that names it, so the
// input is written to a tmpfs file that a fixed scenario refers to.
#include "fuzz/fuzz_input.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

namespace {

const stratus::fuzz::ScratchFile& trace_file() {
  static const stratus::fuzz::ScratchFile file("arrivals.csv");
  return file;
}

std::string scenario_text() {
  return "stratus: 1\n"
         "name: fuzz-trace\n"
         "simulation: {duration: 1h}\n"
         "platform:\n"
         "  host_types: {h: {cores: 4, core_speed: 1Gf, memory: 16GiB}}\n"
         "  zones: [{name: z, racks: 1, hosts_per_rack: 1, host_type: h}]\n"
         "services:\n"
         "  - name: web\n"
         "    instance_type: m5.large\n"
         "    instances: 1\n"
         "    arrivals: {process: trace, file: \"" +
         trace_file().path() +
         "\"}\n"
         "    work: {distribution: constant, value: 10ms}\n";
}

}  // namespace

// The fixed scenario must load with a valid trace, or every input would stop at its errors and
// the trace's checks below would never run.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  trace_file().write("0\n1.5\n");
  try {
    const auto spec = stratus::models::parse_scenario(scenario_text(), "fuzz.yaml");
    if (spec.services.at(0).arrivals.trace_times_s.size() == 2) return 0;
  } catch (const stratus::sim::InputError& e) {
    std::fprintf(stderr, "fuzz: the fixed scenario does not load: %s\n", e.what());
  }
  std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string scenario = scenario_text();
  trace_file().write(stratus::fuzz::as_text(data, size));
  stratus::fuzz::expect_only<stratus::sim::InputError, stratus::models::ScenarioError>([&] {
    const auto spec = stratus::models::parse_scenario(scenario, "fuzz.yaml");
    // Loaded times are what the arrival process replays: they must be ascending and finite.
    const auto& times = spec.services.at(0).arrivals.trace_times_s;
    for (std::size_t i = 0; i < times.size(); ++i) {
      if (!std::isfinite(times[i]) || (i > 0 && times[i] < times[i - 1])) {
        std::fprintf(stderr, "fuzz: trace time %zu is %g after %g\n", i, times[i], i ? times[i - 1] : 0.0);
        std::abort();
      }
    }
  });
  return 0;
}
