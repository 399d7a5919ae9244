// libFuzzer target: the Azure Functions 2019 trace readers (models/azure_trace.hpp) and what is
// built from a loaded function: its duration sampler and its arrival times. The input holds the
// three files (invocations, durations, memory) separated by form feeds ('\f'); a missing part is
// an absent file, as the loader allows. The loader takes paths, so the parts go to tmpfs files.
#include <array>
#include <cmath>

#include "fuzz/fuzz_input.hpp"
#include "models/azure_trace.hpp"
#include "sim/diagnostics.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

void check_function(const stratus::models::TraceFunction& f, std::size_t minutes) {
  if (f.per_minute.size() != minutes) fail("per_minute does not have one count per minute");
  std::uint64_t total = 0;
  for (const std::uint32_t c : f.per_minute)
    total += c;
  if (total != f.total_invocations) fail("total_invocations is not the sum of the minutes");
  if (f.average_s) {
    const stratus::models::TraceDurationSampler sampler = stratus::models::duration_sampler(f);
    for (const double p : {0.0, 0.5, 1.0})
      if (!std::isfinite(sampler.quantile(p))) fail("a quantile of a loaded function is not finite");
  }
  // A bounded number of arrivals: a minute may hold billions of invocations.
  stratus::models::TraceArrivals arrivals(f, stratus::models::MinuteSpreading::uniform_random,
                                          stratus::sim::RandomStream(1));
  double previous = 0.0;
  for (int i = 0; i < 64; ++i) {
    const double t = arrivals.next();
    if (std::isinf(t)) break;
    if (!(t >= previous)) fail("arrival times decrease");
    previous = t;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::array<stratus::fuzz::ScratchFile, 3> files = {
      stratus::fuzz::ScratchFile("invocations.csv"), stratus::fuzz::ScratchFile("durations.csv"),
      stratus::fuzz::ScratchFile("memory.csv")};
  std::string_view rest = stratus::fuzz::as_text(data, size);
  std::array<std::string, 3> paths;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::size_t cut = i + 1 < files.size() ? rest.find('\f') : std::string_view::npos;
    if (i > 0 && rest.empty()) break;  // no such part: the loader gets "" (absent file)
    paths[i] = files[i].write(rest.substr(0, cut));
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
  }
  stratus::models::TraceLoadOptions options;
  options.max_functions = 100;  // as the scenario loader would cap a large trace
  stratus::fuzz::expect_only<stratus::sim::InputError>([&] {
    const stratus::models::AzureTrace trace =
        stratus::models::load_azure_trace(paths[0], paths[1], paths[2], options);
    for (const auto& f : trace.functions)
      check_function(f, trace.minutes);
  });
  return 0;
}
