// Quantities with units: every family parses to SI base units, and bad text gets a message
// that says what was expected and, where possible, what the user probably meant.
#include "sim/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace {

using stratus::sim::format_duration;
using stratus::sim::parse_quantity;
using stratus::sim::Quantity;
using stratus::sim::quantity_name;
using stratus::sim::UnitError;

constexpr double kDay = 86400.0;
constexpr double kYear = 365.2425 * kDay;

// The UnitError message for `text`, or "" if it parsed.
std::string error_of(const std::string& text, Quantity q) {
  try {
    parse_quantity(text, q);
  } catch (const UnitError& e) {
    return e.what();
  }
  return "";
}

TEST(Duration, SingleUnits) {
  EXPECT_DOUBLE_EQ(parse_quantity("5ns", Quantity::duration), 5e-9);
  EXPECT_DOUBLE_EQ(parse_quantity("5us", Quantity::duration), 5e-6);
  EXPECT_DOUBLE_EQ(parse_quantity("5\xC2\xB5s", Quantity::duration), 5e-6);  // micro sign
  EXPECT_DOUBLE_EQ(parse_quantity("5\xCE\xBCs", Quantity::duration), 5e-6);  // Greek mu
  EXPECT_DOUBLE_EQ(parse_quantity("250ms", Quantity::duration), 0.25);
  EXPECT_DOUBLE_EQ(parse_quantity("30s", Quantity::duration), 30);
  EXPECT_DOUBLE_EQ(parse_quantity("5min", Quantity::duration), 300);
  EXPECT_DOUBLE_EQ(parse_quantity("2h", Quantity::duration), 7200);
  EXPECT_DOUBLE_EQ(parse_quantity("1d", Quantity::duration), kDay);
  EXPECT_DOUBLE_EQ(parse_quantity("2w", Quantity::duration), 14 * kDay);
  EXPECT_DOUBLE_EQ(parse_quantity("1y", Quantity::duration), kYear);
  EXPECT_DOUBLE_EQ(parse_quantity("1mo", Quantity::duration), kYear / 12);
  EXPECT_DOUBLE_EQ(parse_quantity("3 months", Quantity::duration), kYear / 4);
  EXPECT_DOUBLE_EQ(parse_quantity("90 seconds", Quantity::duration), 90);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5 hours", Quantity::duration), 5400);
}

TEST(Units, ABareNumberIsRefusedWhereAUnitIsMeantWithTheLikelyReadings) {
  // `work: {mean: 80}` meaning 80 s (not 80 ms) was silent: now it is a question to the user.
  EXPECT_NE(error_of("80", Quantity::duration).find("a number needs its unit here: 80s or 80ms?"),
            std::string::npos)
      << error_of("80", Quantity::duration);
  EXPECT_NE(error_of("512", Quantity::data_size).find("512MB or 512GiB?"), std::string::npos);
  EXPECT_NE(error_of("100", Quantity::bandwidth).find("100Mbps or 100Gbps?"), std::string::npos);
  EXPECT_NE(error_of("1000", Quantity::compute_work).find("1000Gf?"), std::string::npos);
  EXPECT_NE(error_of("2.5", Quantity::compute_speed).find("2.5Gf?"), std::string::npos);
  EXPECT_NE(error_of("450", Quantity::power).find("450W or 450kW?"), std::string::npos);
  EXPECT_NE(error_of("12", Quantity::rate).find("12/s or 12/min?"), std::string::npos);
  // Zero is zero in every unit; counts and fractions have no unit to forget.
  EXPECT_DOUBLE_EQ(parse_quantity("0", Quantity::duration), 0);
  EXPECT_DOUBLE_EQ(parse_quantity("0", Quantity::rate), 0);
  EXPECT_DOUBLE_EQ(parse_quantity("42", Quantity::number), 42);
  EXPECT_DOUBLE_EQ(parse_quantity("0.5", Quantity::fraction), 0.5);
}

TEST(Duration, ScientificNotationWorks) {
  EXPECT_DOUBLE_EQ(parse_quantity("1e3s", Quantity::duration), 1000);
  EXPECT_DOUBLE_EQ(parse_quantity("2.5e-3s", Quantity::duration), 0.0025);
  EXPECT_DOUBLE_EQ(parse_quantity("1E2ms", Quantity::duration), 0.1);
  EXPECT_DOUBLE_EQ(parse_quantity("  5 min  ", Quantity::duration), 300);
  EXPECT_DOUBLE_EQ(parse_quantity("0", Quantity::duration), 0);
  EXPECT_DOUBLE_EQ(parse_quantity(".5s", Quantity::duration), 0.5);
}

TEST(Duration, Compounds) {
  EXPECT_DOUBLE_EQ(parse_quantity("1h30min", Quantity::duration), 5400);
  EXPECT_DOUBLE_EQ(parse_quantity("2d 4h", Quantity::duration), 2 * kDay + 4 * 3600);
  EXPECT_DOUBLE_EQ(parse_quantity("1h 30min 15s", Quantity::duration), 5415);
  EXPECT_DOUBLE_EQ(parse_quantity("1d12h", Quantity::duration), 1.5 * kDay);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5h 30min", Quantity::duration), 7200);
  EXPECT_DOUBLE_EQ(parse_quantity("1w 1d", Quantity::duration), 8 * kDay);
}

TEST(Duration, BadInputExplainsItself) {
  EXPECT_EQ(error_of("5 parsecs", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '5 parsecs'");
  EXPECT_EQ(error_of("", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got ''");
  EXPECT_EQ(error_of("soon", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got 'soon'");
  EXPECT_EQ(
      error_of("5m", Quantity::duration),
      "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '5m' (write min for minutes or mo for "
      "months)");
  EXPECT_EQ(
      error_of("5 mintues", Quantity::duration),
      "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '5 mintues' (did you mean 'minutes'?)");
  EXPECT_EQ(
      error_of("5MIN", Quantity::duration),
      "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '5MIN' (units are case-sensitive: did "
      "you mean 'min'?)");
  EXPECT_EQ(error_of("1h 30", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '1h 30' (every part of a compound "
            "duration needs a unit)");
  EXPECT_EQ(error_of("9/s", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '9/s' (that is a rate)");
  EXPECT_EQ(error_of("1h-5min", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '1h-5min'");
  EXPECT_NE(error_of("5s5", Quantity::duration), "");
  EXPECT_NE(error_of("s", Quantity::duration), "");
}

TEST(Duration, NegativesAreRejectedAndTheSignCoversTheWholeCompound) {
  EXPECT_EQ(error_of("-5s", Quantity::duration), "duration cannot be negative, got '-5s'");
  EXPECT_EQ(error_of("-1h30min", Quantity::duration), "duration cannot be negative, got '-1h30min'");
  EXPECT_DOUBLE_EQ(parse_quantity("-0s", Quantity::duration), 0.0);
  EXPECT_FALSE(std::signbit(parse_quantity("-0s", Quantity::duration)));
  EXPECT_DOUBLE_EQ(parse_quantity("+5s", Quantity::duration), 5);
}

TEST(Numbers, NanInfinityAndOverflowAreRejected) {
  EXPECT_EQ(error_of("nan", Quantity::number), "expected a number, got 'nan'");
  EXPECT_EQ(error_of("inf", Quantity::number), "expected a number, got 'inf'");
  EXPECT_EQ(error_of("-inf", Quantity::duration),
            "expected a duration such as 250ms, 30s, 5min, 2h or 1d, got '-inf'");
  EXPECT_EQ(error_of("1e400", Quantity::number), "number out of range: '1e400'");
  EXPECT_EQ(error_of("1e300 EB", Quantity::data_size), "number out of range: '1e300 EB'");
}

TEST(Numbers, PlainNumbersOnlyAndNegativesAllowed) {
  EXPECT_DOUBLE_EQ(parse_quantity("-3.5", Quantity::number), -3.5);
  EXPECT_DOUBLE_EQ(parse_quantity("1e6", Quantity::number), 1e6);
  EXPECT_DOUBLE_EQ(parse_quantity(" 7 ", Quantity::number), 7);
  EXPECT_EQ(error_of("12abc", Quantity::number), "expected a number, got '12abc'");
  EXPECT_EQ(error_of("12 s", Quantity::number), "expected a number, got '12 s'");
  EXPECT_EQ(error_of("0x10", Quantity::number), "expected a number, got '0x10'");
  EXPECT_EQ(error_of("1,000", Quantity::number), "expected a number, got '1,000'");
  EXPECT_EQ(error_of("--1", Quantity::number), "expected a number, got '--1'");
  EXPECT_EQ(error_of(".", Quantity::number), "expected a number, got '.'");
}

TEST(DataSize, DecimalAndBinaryPrefixes) {
  EXPECT_DOUBLE_EQ(parse_quantity("512B", Quantity::data_size), 512);
  EXPECT_DOUBLE_EQ(parse_quantity("1kB", Quantity::data_size), 1e3);
  EXPECT_DOUBLE_EQ(parse_quantity("1KB", Quantity::data_size), 1e3);
  EXPECT_DOUBLE_EQ(parse_quantity("4GB", Quantity::data_size), 4e9);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5 TB", Quantity::data_size), 1.5e12);
  EXPECT_DOUBLE_EQ(parse_quantity("2PB", Quantity::data_size), 2e15);
  EXPECT_DOUBLE_EQ(parse_quantity("1KiB", Quantity::data_size), 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("512MiB", Quantity::data_size), 512.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("16GiB", Quantity::data_size), 16.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("1TiB", Quantity::data_size), 1024.0 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("1PiB", Quantity::data_size), 1024.0 * 1024 * 1024 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("1e9B", Quantity::data_size), 1e9);
  EXPECT_NE(error_of("1e9", Quantity::data_size).find("1e9B?"), std::string::npos);  // large: bytes
}

TEST(DataSize, CaseMattersAndTheHintSaysSo) {
  EXPECT_EQ(error_of("10Gb", Quantity::data_size),
            "expected a data size such as 512MiB, 4GB or 1TiB, got '10Gb' (units are case-sensitive: did you "
            "mean 'GB'?)");
  EXPECT_EQ(error_of("10Gbps", Quantity::data_size),
            "expected a data size such as 512MiB, 4GB or 1TiB, got '10Gbps' (that is a bandwidth)");
  EXPECT_EQ(error_of("-1GB", Quantity::data_size), "data size cannot be negative, got '-1GB'");
}

TEST(Bandwidth, BitsAreDividedByEight) {
  EXPECT_DOUBLE_EQ(parse_quantity("8bps", Quantity::bandwidth), 1);
  EXPECT_DOUBLE_EQ(parse_quantity("1kbps", Quantity::bandwidth), 125);
  EXPECT_DOUBLE_EQ(parse_quantity("100Mbps", Quantity::bandwidth), 12.5e6);
  EXPECT_DOUBLE_EQ(parse_quantity("10Gbps", Quantity::bandwidth), 1.25e9);
  EXPECT_DOUBLE_EQ(parse_quantity("1Tbps", Quantity::bandwidth), 1.25e11);
  EXPECT_DOUBLE_EQ(parse_quantity("10 Gbit/s", Quantity::bandwidth), 1.25e9);
}

TEST(Bandwidth, BytesPerSecond) {
  EXPECT_DOUBLE_EQ(parse_quantity("100Bps", Quantity::bandwidth), 100);
  EXPECT_DOUBLE_EQ(parse_quantity("1kBps", Quantity::bandwidth), 1e3);
  EXPECT_DOUBLE_EQ(parse_quantity("100MBps", Quantity::bandwidth), 1e8);
  EXPECT_DOUBLE_EQ(parse_quantity("1GBps", Quantity::bandwidth), 1e9);
  EXPECT_DOUBLE_EQ(parse_quantity("250MB/s", Quantity::bandwidth), 2.5e8);
  EXPECT_DOUBLE_EQ(parse_quantity("1GiB/s", Quantity::bandwidth), 1024.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_quantity("1 MiB/s", Quantity::bandwidth), 1024.0 * 1024);
}

TEST(Bandwidth, AmbiguousCaseListsBothReadings) {
  EXPECT_EQ(
      error_of("1gbps", Quantity::bandwidth),
      "expected a bandwidth such as 10Gbps, 100MBps or 1GiB/s, got '1gbps' (units are case-sensitive: did "
      "you mean 'Gbps' or 'GBps'?)");
  EXPECT_EQ(error_of("1GB", Quantity::bandwidth),
            "expected a bandwidth such as 10Gbps, 100MBps or 1GiB/s, got '1GB' (that is a data size)");
}

TEST(Compute, SpeedInSimGridNotationAndFlops) {
  EXPECT_DOUBLE_EQ(parse_quantity("1f", Quantity::compute_speed), 1);
  EXPECT_DOUBLE_EQ(parse_quantity("1kf", Quantity::compute_speed), 1e3);
  EXPECT_DOUBLE_EQ(parse_quantity("2.5Gf", Quantity::compute_speed), 2.5e9);
  EXPECT_DOUBLE_EQ(parse_quantity("3Tf", Quantity::compute_speed), 3e12);
  EXPECT_DOUBLE_EQ(parse_quantity("1Pf", Quantity::compute_speed), 1e15);
  EXPECT_DOUBLE_EQ(parse_quantity("100Gflops", Quantity::compute_speed), 1e11);
  EXPECT_DOUBLE_EQ(parse_quantity("100 GFLOPS", Quantity::compute_speed), 1e11);
  EXPECT_DOUBLE_EQ(parse_quantity("5 Mflop/s", Quantity::compute_speed), 5e6);
  EXPECT_DOUBLE_EQ(parse_quantity("1e9f", Quantity::compute_speed), 1e9);
  EXPECT_NE(error_of("1e9", Quantity::compute_speed).find("1e9f?"), std::string::npos);
}

TEST(Compute, WorkWithFlopAndTheTwoAreNotConfused) {
  EXPECT_DOUBLE_EQ(parse_quantity("2Gflop", Quantity::compute_work), 2e9);
  EXPECT_DOUBLE_EQ(parse_quantity("500Mf", Quantity::compute_work), 5e8);
  EXPECT_DOUBLE_EQ(parse_quantity("1 Tflop", Quantity::compute_work), 1e12);
  EXPECT_EQ(error_of("2Gflops", Quantity::compute_work),
            "expected compute work such as 2Gflop or 500Mf, got '2Gflops' (that is a compute speed)");
  EXPECT_EQ(
      error_of("2Gflop", Quantity::compute_speed),
      "expected a compute speed such as 2.5Gf, 100Gflops or 1TFLOPS, got '2Gflop' (that is compute work)");
}

TEST(PowerAndEnergy, Units) {
  EXPECT_DOUBLE_EQ(parse_quantity("250W", Quantity::power), 250);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5kW", Quantity::power), 1500);
  EXPECT_DOUBLE_EQ(parse_quantity("2 MW", Quantity::power), 2e6);
  EXPECT_DOUBLE_EQ(parse_quantity("500J", Quantity::energy), 500);
  EXPECT_DOUBLE_EQ(parse_quantity("3kJ", Quantity::energy), 3000);
  EXPECT_DOUBLE_EQ(parse_quantity("3.6MJ", Quantity::energy), 3.6e6);
  EXPECT_DOUBLE_EQ(parse_quantity("1Wh", Quantity::energy), 3600);
  EXPECT_DOUBLE_EQ(parse_quantity("1.5kWh", Quantity::energy), 5.4e6);
  EXPECT_DOUBLE_EQ(parse_quantity("2MWh", Quantity::energy), 7.2e9);
  EXPECT_EQ(
      error_of("1.5KW", Quantity::power),
      "expected a power such as 250W or 1.5kW, got '1.5KW' (units are case-sensitive: did you mean 'kW'?)");
  EXPECT_EQ(error_of("1kWh", Quantity::power),
            "expected a power such as 250W or 1.5kW, got '1kWh' (that is an energy)");
  EXPECT_EQ(error_of("-1W", Quantity::power), "power cannot be negative, got '-1W'");
}

TEST(Money, DollarsUsdAndGrouping) {
  EXPECT_DOUBLE_EQ(parse_quantity("$1200", Quantity::money), 1200);
  EXPECT_DOUBLE_EQ(parse_quantity("$0.5", Quantity::money), 0.5);
  EXPECT_DOUBLE_EQ(parse_quantity("$1,200", Quantity::money), 1200);
  EXPECT_DOUBLE_EQ(parse_quantity("$1,234,567.89", Quantity::money), 1234567.89);
  EXPECT_DOUBLE_EQ(parse_quantity("1200 USD", Quantity::money), 1200);
  EXPECT_DOUBLE_EQ(parse_quantity("1200USD", Quantity::money), 1200);
  EXPECT_DOUBLE_EQ(parse_quantity("75", Quantity::money), 75);
  const std::string expected = "expected an amount of money such as $1200, $1,200.50 or 1200 USD, got ";
  EXPECT_EQ(error_of("$1,20", Quantity::money), expected + "'$1,20'");
  EXPECT_EQ(error_of("$1,2000", Quantity::money), expected + "'$1,2000'");
  EXPECT_EQ(error_of("$1234,567", Quantity::money), expected + "'$1234,567'");
  EXPECT_EQ(error_of("$1.2k", Quantity::money), expected + "'$1.2k'");
  EXPECT_EQ(error_of("$5 USD", Quantity::money), expected + "'$5 USD'");
  EXPECT_EQ(error_of("$5/h", Quantity::money), expected + "'$5/h' (that is a price rate)");
  EXPECT_EQ(error_of("-$5", Quantity::money), "money cannot be negative, got '-$5'");
  EXPECT_EQ(error_of("$-5", Quantity::money), "money cannot be negative, got '$-5'");
}

TEST(PriceRate, PerTimeUnitBecomesPerSecond) {
  EXPECT_DOUBLE_EQ(parse_quantity("$0.096/h", Quantity::price_rate), 0.096 / 3600);
  EXPECT_DOUBLE_EQ(parse_quantity("$0.0001/s", Quantity::price_rate), 0.0001);
  EXPECT_DOUBLE_EQ(parse_quantity("$70/mo", Quantity::price_rate), 70 / (kYear / 12));
  EXPECT_DOUBLE_EQ(parse_quantity("$840/y", Quantity::price_rate), 840 / kYear);
  EXPECT_DOUBLE_EQ(parse_quantity("$2/d", Quantity::price_rate), 2 / kDay);
  EXPECT_DOUBLE_EQ(parse_quantity("$0.5/min", Quantity::price_rate), 0.5 / 60);
  EXPECT_DOUBLE_EQ(parse_quantity("0.5 USD/min", Quantity::price_rate), 0.5 / 60);
  EXPECT_DOUBLE_EQ(parse_quantity("$1,000 / month", Quantity::price_rate), 1000 / (kYear / 12));
  // $70/mo and $840/y are the same price.
  EXPECT_DOUBLE_EQ(parse_quantity("$70/mo", Quantity::price_rate),
                   parse_quantity("$840/y", Quantity::price_rate));
}

TEST(PriceRate, TheTimeUnitIsRequired) {
  const std::string expected = "expected a price rate such as $0.096/h, $70/mo or $840/y, got ";
  EXPECT_EQ(error_of("0.096", Quantity::price_rate), expected + "'0.096' (add the time unit, e.g. /h)");
  EXPECT_EQ(error_of("$0.096", Quantity::price_rate), expected + "'$0.096' (add the time unit, e.g. /h)");
  EXPECT_EQ(error_of("$1/fortnight", Quantity::price_rate), expected + "'$1/fortnight'");
  EXPECT_EQ(error_of("$1/H", Quantity::price_rate),
            expected + "'$1/H' (units are case-sensitive: did you mean '/h'?)");
  EXPECT_EQ(error_of("-$1/h", Quantity::price_rate), "price rate cannot be negative, got '-$1/h'");
}

TEST(Rate, PerTimeUnitAndWords) {
  EXPECT_DOUBLE_EQ(parse_quantity("9/s", Quantity::rate), 9);
  EXPECT_DOUBLE_EQ(parse_quantity("100/min", Quantity::rate), 100.0 / 60);
  EXPECT_DOUBLE_EQ(parse_quantity("1e6/h", Quantity::rate), 1e6 / 3600);
  EXPECT_DOUBLE_EQ(parse_quantity("5/d", Quantity::rate), 5 / kDay);
  EXPECT_DOUBLE_EQ(parse_quantity("9rps", Quantity::rate), 9);
  EXPECT_DOUBLE_EQ(parse_quantity("9 / s", Quantity::rate), 9);
  EXPECT_DOUBLE_EQ(parse_quantity("120 rpm", Quantity::rate), 2);
  EXPECT_DOUBLE_EQ(parse_quantity("50Hz", Quantity::rate), 50);
  EXPECT_EQ(error_of("50ms", Quantity::rate),
            "expected a rate such as 9/s, 100/min or 1e6/h, got '50ms' (that is a duration)");
  EXPECT_EQ(error_of("9/parsec", Quantity::rate),
            "expected a rate such as 9/s, 100/min or 1e6/h, got '9/parsec'");
  EXPECT_EQ(error_of("-9/s", Quantity::rate), "rate cannot be negative, got '-9/s'");
}

TEST(Fraction, DecimalsAndPercentages) {
  EXPECT_DOUBLE_EQ(parse_quantity("0.5", Quantity::fraction), 0.5);
  EXPECT_DOUBLE_EQ(parse_quantity("50%", Quantity::fraction), 0.5);
  EXPECT_DOUBLE_EQ(parse_quantity("12.5 %", Quantity::fraction), 0.125);
  EXPECT_DOUBLE_EQ(parse_quantity("0", Quantity::fraction), 0);
  EXPECT_DOUBLE_EQ(parse_quantity("1", Quantity::fraction), 1);
  EXPECT_DOUBLE_EQ(parse_quantity("100%", Quantity::fraction), 1);
  EXPECT_DOUBLE_EQ(parse_quantity("150%", Quantity::fraction), 1.5);  // growth may exceed 100%
}

TEST(Fraction, AboveOneOnlyAsAPercentage) {
  EXPECT_EQ(error_of("1.5", Quantity::fraction),
            "expected a fraction such as 0.25 or 25%, got '1.5' (a fraction is at most 1; write a percentage "
            "such as 150% to exceed it)");
  EXPECT_EQ(error_of("-5%", Quantity::fraction), "fraction cannot be negative, got '-5%'");
  EXPECT_EQ(error_of("-0.1", Quantity::fraction), "fraction cannot be negative, got '-0.1'");
  EXPECT_EQ(error_of("half", Quantity::fraction), "expected a fraction such as 0.25 or 25%, got 'half'");
}

TEST(Quantity, Names) {
  EXPECT_EQ(quantity_name(Quantity::duration), "duration");
  EXPECT_EQ(quantity_name(Quantity::data_size), "data size");
  EXPECT_EQ(quantity_name(Quantity::bandwidth), "bandwidth");
  EXPECT_EQ(quantity_name(Quantity::compute_speed), "compute speed");
  EXPECT_EQ(quantity_name(Quantity::compute_work), "compute work");
  EXPECT_EQ(quantity_name(Quantity::power), "power");
  EXPECT_EQ(quantity_name(Quantity::energy), "energy");
  EXPECT_EQ(quantity_name(Quantity::money), "money");
  EXPECT_EQ(quantity_name(Quantity::price_rate), "price rate");
  EXPECT_EQ(quantity_name(Quantity::rate), "rate");
  EXPECT_EQ(quantity_name(Quantity::fraction), "fraction");
  EXPECT_EQ(quantity_name(Quantity::number), "number");
}

TEST(FormatDuration, SubMinuteKeepsThreeDigits) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(250e-9), "250ns");
  EXPECT_EQ(format_duration(12e-6), "12us");
  EXPECT_EQ(format_duration(0.25), "250ms");
  EXPECT_EQ(format_duration(0.0015), "1.5ms");
  EXPECT_EQ(format_duration(1), "1s");
  EXPECT_EQ(format_duration(1.5), "1.5s");
  EXPECT_EQ(format_duration(12.345), "12.3s");
  EXPECT_EQ(format_duration(0.9996), "1s");   // rounds up into the next unit
  EXPECT_EQ(format_duration(59.97), "1min");  // and into minutes
}

TEST(FormatDuration, LongerSpansShowTwoUnits) {
  EXPECT_EQ(format_duration(60), "1min");
  EXPECT_EQ(format_duration(90), "1min 30s");
  EXPECT_EQ(format_duration(3599), "59min 59s");
  EXPECT_EQ(format_duration(3600), "1h");
  EXPECT_EQ(format_duration(5400), "1h 30min");
  EXPECT_EQ(format_duration(3615), "1h");  // seconds are below the second unit shown
  EXPECT_EQ(format_duration(2 * kDay + 4 * 3600), "2d 4h");
  EXPECT_EQ(format_duration(kYear + 12 * kDay), "1y 12d");
  EXPECT_EQ(format_duration(-90), "-1min 30s");
  EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "inf");
}

TEST(FormatDuration, RoundTripsThroughTheParser) {
  for (double s : {0.25, 1.5, 90.0, 5400.0, 2 * kDay + 4 * 3600})
    EXPECT_DOUBLE_EQ(parse_quantity(format_duration(s), Quantity::duration), s) << format_duration(s);
}

}  // namespace
