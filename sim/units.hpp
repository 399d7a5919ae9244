#pragma once
// Numbers with units, as people write them in scenario files ("250ms", "10Gbps", "$0.096/h").
// Every quantity is converted once, at load time, to SI base units (seconds, bytes, bytes/s,
// flop/s, flop, W, J, USD, USD/s, events/s), so the simulation never sees a unit again.
#include <stdexcept>
#include <string>
#include <string_view>

namespace stratus::sim {

enum class Quantity {
  duration,       // s: ns us µs ms s min h d w mo y, compounds such as 1h30min; bare number = s
  data_size,      // bytes: B kB KB MB GB TB PB (powers of 1000), KiB MiB GiB TiB PiB
  bandwidth,      // bytes/s: bps kbps Mbps Gbps Tbps (bits), Bps kBps MBps GBps, MB/s, GiB/s
  compute_speed,  // flop/s: f kf Mf Gf Tf Pf (SimGrid's notation), flops, Gflops, GFLOPS
  compute_work,   // flop: f kf Mf Gf Tf Pf, flop kflop Mflop Gflop Tflop Pflop
  power,          // W: W kW MW
  energy,         // J: J kJ MJ, Wh kWh MWh
  money,          // USD: $1200, $1,200, $0.5, 1200 USD; bare number = USD
  price_rate,     // USD/s: $0.096/h, $70/mo, $840/y, 0.5 USD/min (the time unit is required)
  rate,           // events/s: 9/s, 100/min, 1e6/h, 9rps; bare number = per second
  fraction,       // 0..1: 0.25 or 25%; a percentage may exceed 100% (growth: 150% = 1.5)
  number,         // a plain number; the only quantity that may be negative
};

/// Bad quantity text. The message says what was expected, with examples, and what was given.
class UnitError : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Parses `text` as `q` in SI base units. Accepts an optional space between number and unit
/// and scientific notation (1e6). Units are case-sensitive (mW is not MW, Mb is not MB).
/// Throws UnitError, e.g. "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got
/// '5 parsecs'", or "duration cannot be negative, got '-5s'".
double parse_quantity(std::string_view text, Quantity q);

/// "duration", "data size", "bandwidth", ... for messages.
std::string_view quantity_name(Quantity q);
/// The name with its article, for "must be ..." messages: "a duration", "an energy",
/// "compute work", "an amount of money".
std::string_view quantity_phrase(Quantity q);

/// Human-friendly duration for messages and progress output: "250ms", "1.5s", "45s",
/// "5min 30s", "1h 30min", "2d 4h", "1y 12d". At most the two largest units are shown, the
/// smaller one only when non-zero; sub-minute values keep three significant digits.
std::string format_duration(double seconds);

}  // namespace stratus::sim
