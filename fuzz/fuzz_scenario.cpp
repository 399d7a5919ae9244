// libFuzzer target: the scenario loader (YAML, units, params, --set overrides, variants) on text,
// without SimGrid. Leading comment lines `# param k=v`, `# set path=v` and `# variant NAME` of the
// input become the command line's options, so one input covers the file and its overrides, and
// the seeds (scenarios/, tests/data/) are valid inputs as they are.
#include <string>

#include "fuzz/fuzz_input.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "sim/registry.hpp"

namespace {

stratus::models::LoadOptions options_from_comments(std::string_view text) {
  stratus::models::LoadOptions options;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    auto option = [&](std::string_view prefix, std::vector<stratus::sim::KeyValue>* into) {
      if (!line.starts_with(prefix)) return false;
      const std::string_view rest = line.substr(prefix.size());
      if (into == nullptr) {
        options.variant = std::string(rest);
      } else {
        // The CLI turns a malformed name=value into a diagnostic before loading; skip it here.
        try {
          into->push_back(stratus::sim::parse_key_value(rest));
        } catch (const std::invalid_argument&) {
        }
      }
      return true;
    };
    if (!option("# param ", &options.params) && !option("# set ", &options.sets) &&
        !option("# variant ", nullptr))
      break;
  }
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = stratus::fuzz::as_text(data, size);
  const stratus::models::LoadOptions options = options_from_comments(text);
  // The errors the CLI reports as bad input (exit code 2), see cli/main.cpp.
  stratus::fuzz::expect_only<stratus::sim::InputError, stratus::models::ScenarioError,
                             stratus::sim::UnknownNameError>(
      [&] { (void)stratus::models::parse_scenario(text, "fuzz.yaml", options); });
  return 0;
}
