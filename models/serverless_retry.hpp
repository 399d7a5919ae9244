#pragma once
// When Lambda tries a throttled event again. An asynchronous event (bucket upload, timer,
// trace) is kept and retried for up to its maximum event age (6 h by default, 60 s to 6 h),
// the interval growing exponentially from 1 s to at most 5 minutes; an event from a queue goes
// back to the queue and is polled again on the same schedule until the queue's retention
// period drops it. Synchronous requests are never retried by the platform: the caller gets the
// 429. (Function errors, which get two retries, are not modelled: handlers do not fail.)
#include <optional>

namespace stratus::models {

struct RetryBackoff {
  double first_s = 1.0;  // the first retry's delay; doubles each time
  double max_s = 300.0;  // Lambda's ceiling: 5 minutes
};

/// The time of the retry that follows the `attempt`-th throttle (0 for the first) at `now_s`,
/// or std::nullopt when it would come after `give_up_s` (the event's arrival plus its maximum
/// age): the event is then dropped.
std::optional<double> next_retry_s(const RetryBackoff& backoff, int attempt, double now_s, double give_up_s);

}  // namespace stratus::models
