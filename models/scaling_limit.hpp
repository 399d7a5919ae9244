#pragma once
// How fast a Lambda-like platform may add execution environments, and how many an account
// and each function may hold. Pure logic: the platform model asks before each cold start and
// throttles (or retries) when told no.
#include <cstddef>
#include <memory>
#include <vector>

#include "sim/registry.hpp"

namespace stratus::models {

struct ScalingLimitParams {
  double account_concurrency = 1000;  // environments busy or starting, account-wide (AWS default)
  // "per-function-rate" (AWS since 2023-11): each function may add this many per period.
  double per_function_rate = 1000;
  double per_function_period_s = 10;
  // "burst" (AWS before 2023-11): the account may reach `burst` at once, then grows.
  double burst = 3000;
  double burst_increment = 500;
  double burst_increment_period_s = 60;
};

/// Reserved concurrency (AWS semantics): a function with a reservation R may always run up to
/// R environments and never more; the other functions share the unreserved pool, the account
/// limit minus the sum of all reservations. The scaling rate (token bucket or burst) applies to
/// every function, reserved or not.
///
/// AWS keeps at least this much of the account limit unreserved, so that functions without a
/// reservation can always run: reservations may add up to the account limit minus 100.
constexpr std::size_t kMinUnreservedConcurrency = 100;

class ScalingLimit {
 public:
  virtual ~ScalingLimit() = default;

  /// May `function` create one more environment at `now_s`? The counts are environments busy
  /// or starting (what Lambda calls concurrency) right now: of the whole account, of this
  /// function, and of all functions that have a reservation together (they do not draw on
  /// the unreserved pool, so the pool's use is account − reserved). Returns true and records
  /// the creation, or false (throttle). Time never goes back (std::invalid_argument).
  bool try_create(std::size_t function, double now_s, std::size_t account_concurrency,
                  std::size_t function_concurrency, std::size_t reserved_concurrency);
  /// The same for an account where no function has a reservation; throws std::logic_error
  /// once one has, since the unreserved pool's use cannot be known then.
  bool try_create(std::size_t function, double now_s, std::size_t account_concurrency,
                  std::size_t function_concurrency);

  /// 0 removes the reservation. Throws std::invalid_argument when the reservations would
  /// leave less than kMinUnreservedConcurrency of the account limit unreserved.
  void set_reserved(std::size_t function, std::size_t reserved);
  std::size_t reserved(std::size_t function) const;
  std::size_t account_limit() const { return account_limit_; }
  /// Account limit minus all reservations.
  std::size_t unreserved_pool() const { return account_limit_ - total_reserved_; }

 protected:
  explicit ScalingLimit(const ScalingLimitParams& params);

 private:
  /// The policy's rate rule, asked only once the concurrency limits allow the creation:
  /// true charges the creation to the policy's allowance.
  virtual bool take_allowance(std::size_t function, double now_s, std::size_t account_concurrency) = 0;

  std::size_t account_limit_;
  std::vector<std::size_t> reserved_;  // by function; absent = 0
  std::size_t total_reserved_ = 0;
  double last_now_s_;
};

using ScalingLimitRegistry = sim::Registry<ScalingLimit, const ScalingLimitParams&>;
/// per-function-rate, burst. Factories throw std::invalid_argument on bad parameters.
const ScalingLimitRegistry& scaling_limits();

}  // namespace stratus::models
