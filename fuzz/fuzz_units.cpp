// libFuzzer target: quantities with units (sim/units.hpp), the text of every typed value of a
// scenario. The first byte picks the quantity, the rest is the text. A parsed value is formatted
// back as a duration, which the progress output and messages do with any number of seconds.
#include <cmath>

#include "fuzz/fuzz_input.hpp"
#include "sim/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr int kQuantities = static_cast<int>(stratus::sim::Quantity::number) + 1;
  const auto q = static_cast<stratus::sim::Quantity>(data[0] % kQuantities);
  const std::string_view text = stratus::fuzz::as_text(data + 1, size - 1);
  stratus::fuzz::expect_only<stratus::sim::UnitError>([&] {
    const double value = stratus::sim::parse_quantity(text, q);
    // Every quantity but a plain number is documented as non-negative.
    if (q != stratus::sim::Quantity::number && value < 0) {
      std::fprintf(stderr, "fuzz: negative %s from '%.*s'\n", stratus::sim::quantity_name(q).data(),
                   static_cast<int>(text.size()), text.data());
      std::abort();
    }
    (void)stratus::sim::format_duration(value);
  });
  return 0;
}
