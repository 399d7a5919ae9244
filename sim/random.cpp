#include "sim/random.hpp"

#include <cmath>

namespace stratus::sim {

namespace {
__extension__ typedef unsigned __int128 uint128;  // GCC/Clang extension, silences -Wpedantic
std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed) {
  std::uint64_t s = seed;
  for (auto& word : state_)
    word = splitmix64(s);
}

std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RandomStream::uniform01() {
  // 52 random bits, shifted by half a step so that neither 0 nor 1 can come out (with 53
  // bits the largest value + 0.5 would round up to exactly 1).
  return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
}

double RandomStream::exponential(double rate) {
  return -std::log(uniform01()) / rate;
}

double RandomStream::standard_normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  // Lemire's nearly divisionless method.
  uint128 m = static_cast<uint128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<uint128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

RandomStream RandomStreams::stream(std::string_view name) const {
  std::uint64_t mix = seed_ ^ hash_name(name);
  return RandomStream(splitmix64(mix));
}

}  // namespace stratus::sim
