#pragma once
// Named random streams derived from one scenario seed.
//
// Every component that draws random numbers (a service's arrivals, its request sizes, a
// failure process) asks for its own stream by name. The stream depends only on the seed and
// the name, never on the order in which components are created or on what other components
// draw, so two variants of a scenario that differ only in a policy see identical arrivals
// (common random numbers). Generators and distributions are implemented here rather than
// taken from <random>, whose distributions differ between standard libraries.
#include <cstdint>
#include <string_view>

namespace stratus::sim {

/// xoshiro256** (Blackman & Vigna): fast, 256-bit state, passes BigCrush.
class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed);

  std::uint64_t next_u64();
  /// Uniform on the open interval (0, 1): safe to take the logarithm of.
  double uniform01();
  double uniform(double low, double high) { return low + (high - low) * uniform01(); }
  /// Exponential with the given rate (mean 1 / rate).
  double exponential(double rate);
  /// Standard normal by the polar Box–Muller method (one spare value cached).
  double standard_normal();
  /// Integer uniformly in [0, n) without modulo bias.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

/// SplitMix64 step, used to expand seeds.
std::uint64_t splitmix64(std::uint64_t& state);
/// FNV-1a hash of a stream name.
std::uint64_t hash_name(std::string_view name);

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}
  /// The stream called `name`: the same seed and name always give the same sequence.
  RandomStream stream(std::string_view name) const;
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
};

}  // namespace stratus::sim
