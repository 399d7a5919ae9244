#include "models/serverless_retry.hpp"

#include <algorithm>
#include <cmath>

namespace stratus::models {

std::optional<double> next_retry_s(const RetryBackoff& backoff, int attempt, double now_s, double give_up_s) {
  // 2^attempt overflows to infinity after ~1,000 attempts; the ceiling applies long before.
  const double delay = std::min(backoff.first_s * std::pow(2.0, attempt), backoff.max_s);
  const double at = now_s + delay;
  if (at > give_up_s) return std::nullopt;
  return at;
}

}  // namespace stratus::models
