#include "models/scaling_limit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace stratus::models {

namespace {

// Messages are built only on failure: try_create runs once per cold start.
[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("scaling limit: " + what);
}
void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

std::size_t whole_count(double value, const char* name) {
  if (!(std::isfinite(value) && value >= 0)) fail(std::string(name) + " must be a finite number >= 0");
  return static_cast<std::size_t>(std::floor(value));
}

/// Since 2023-11 each function may add per_function_rate environments per period, refilled
/// continuously and not banked: a token bucket of that capacity, refilled at rate / period per
/// second, full at the function's first request. A function idle for an hour still starts
/// with at most one period's worth.
class PerFunctionRate final : public ScalingLimit {
 public:
  explicit PerFunctionRate(const ScalingLimitParams& p)
      : ScalingLimit(p),
        capacity_(p.per_function_rate),
        refill_per_s_(p.per_function_rate / p.per_function_period_s) {
    require(std::isfinite(p.per_function_rate) && p.per_function_rate >= 1, "per_function_rate must be >= 1");
    require(std::isfinite(p.per_function_period_s) && p.per_function_period_s > 0,
            "per_function_period_s must be > 0");
  }

 private:
  struct Bucket {
    double tokens = 0;
    double refilled_at_s = 0;
    bool started = false;
  };

  bool take_allowance(std::size_t function, double now_s, std::size_t) override {
    if (function >= buckets_.size()) buckets_.resize(function + 1);
    Bucket& b = buckets_[function];
    b.tokens =
        b.started ? std::min(capacity_, b.tokens + (now_s - b.refilled_at_s) * refill_per_s_) : capacity_;
    b.started = true;
    b.refilled_at_s = now_s;
    // A token refilled over 0.01 s at 100/s may come out a hair under 1.
    if (b.tokens < 1.0 - 1e-9) return false;
    b.tokens = std::max(0.0, b.tokens - 1.0);
    return true;
  }

  double capacity_;
  double refill_per_s_;
  std::vector<Bucket> buckets_;
};

/// Before 2023-11 the account's concurrency (all functions together) could reach `burst` at
/// once and then grow by burst_increment per period. Precisely:
/// - a scale-up episode begins at the first creation request that finds the account's
///   concurrency at or above `burst`;
/// - during an episode the account may hold burst + burst_increment × (whole periods since
///   the episode began) environments: 3,000 at once, 3,500 after 60 s, 4,000 after 120 s;
/// - a request that finds the account below `burst` ends the episode: the burst is available
///   at once again, and growth beyond it starts over when concurrency next reaches it.
/// The account limit and reservations cap all of this (checked before this rule).
class Burst final : public ScalingLimit {
 public:
  explicit Burst(const ScalingLimitParams& p)
      : ScalingLimit(p),
        burst_(p.burst),
        increment_(p.burst_increment),
        period_s_(p.burst_increment_period_s) {
    require(std::isfinite(p.burst) && p.burst >= 0, "burst must be >= 0");
    require(std::isfinite(p.burst_increment) && p.burst_increment >= 0, "burst_increment must be >= 0");
    require(std::isfinite(p.burst_increment_period_s) && p.burst_increment_period_s > 0,
            "burst_increment_period_s must be > 0");
  }

 private:
  bool take_allowance(std::size_t, double now_s, std::size_t account_concurrency) override {
    const double in_use = static_cast<double>(account_concurrency);
    if (in_use < burst_) {
      episode_began_s_.reset();
      return true;
    }
    if (!episode_began_s_) episode_began_s_ = now_s;
    // The tolerance keeps 60 s of simulated time from counting as 59.999… s.
    const double periods = std::floor((now_s - *episode_began_s_) / period_s_ + 1e-9);
    return in_use < burst_ + increment_ * periods;
  }

  double burst_;
  double increment_;
  double period_s_;
  std::optional<double> episode_began_s_;
};

}  // namespace

ScalingLimit::ScalingLimit(const ScalingLimitParams& params)
    : account_limit_(whole_count(params.account_concurrency, "account_concurrency")),
      last_now_s_(-std::numeric_limits<double>::infinity()) {}

bool ScalingLimit::try_create(std::size_t function, double now_s, std::size_t account_concurrency,
                              std::size_t function_concurrency, std::size_t reserved_concurrency) {
  require(!std::isnan(now_s) && now_s >= last_now_s_, "time went back");
  require(reserved_concurrency <= account_concurrency && function_concurrency <= account_concurrency,
          "a part of the account's concurrency exceeds the whole");
  last_now_s_ = now_s;
  if (const std::size_t own = reserved(function); own > 0) {
    if (function_concurrency >= own) return false;
  } else if (account_concurrency - reserved_concurrency >= unreserved_pool()) {
    return false;
  }
  return take_allowance(function, now_s, account_concurrency);
}

bool ScalingLimit::try_create(std::size_t function, double now_s, std::size_t account_concurrency,
                              std::size_t function_concurrency) {
  if (total_reserved_ > 0)
    throw std::logic_error(
        "scaling limit: functions have reserved concurrency; pass the reserved functions' "
        "concurrency to try_create");
  return try_create(function, now_s, account_concurrency, function_concurrency, 0);
}

void ScalingLimit::set_reserved(std::size_t function, std::size_t reserved) {
  const std::size_t others = total_reserved_ - this->reserved(function);
  if (others + reserved + kMinUnreservedConcurrency > account_limit_ && reserved > 0)
    fail("reserved concurrency " + std::to_string(others + reserved) + " would leave less than " +
         std::to_string(kMinUnreservedConcurrency) + " of the account limit " +
         std::to_string(account_limit_) + " unreserved");
  if (function >= reserved_.size()) reserved_.resize(function + 1, 0);
  reserved_[function] = reserved;
  total_reserved_ = others + reserved;
}

std::size_t ScalingLimit::reserved(std::size_t function) const {
  return function < reserved_.size() ? reserved_[function] : 0;
}

const ScalingLimitRegistry& scaling_limits() {
  static const ScalingLimitRegistry registry = [] {
    ScalingLimitRegistry r("scaling limit");
    r.add("per-function-rate",
          "AWS Lambda since 2023-11: each function adds up to 1,000 environments per 10 s (token bucket), "
          "within the account concurrency limit",
          [](const ScalingLimitParams& p) { return std::make_unique<PerFunctionRate>(p); });
    r.add("burst",
          "AWS Lambda before 2023-11: account-wide burst of 3,000 environments, then +500 per minute, "
          "within the account concurrency limit",
          [](const ScalingLimitParams& p) { return std::make_unique<Burst>(p); });
    return r;
  }();
  return registry;
}

}  // namespace stratus::models
