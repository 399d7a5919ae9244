#pragma once
// Comparing instants of simulated time. Policies are evaluated on exact multiples of their
// periods, but a caller's arithmetic (t += period) may leave a few ulps: a nanosecond of slack
// makes instants that are meant to be equal compare equal.
namespace stratus::models::autoscaling {

inline constexpr double kTimeSlack = 1e-9;

/// `t` is strictly later than `cutoff` (Go's time.After, as the Kubernetes controllers use it).
inline bool after(double t, double cutoff) {
  return t > cutoff + kTimeSlack;
}

/// `t` is strictly earlier than `cutoff` (Go's time.Before).
inline bool before(double t, double cutoff) {
  return t < cutoff - kTimeSlack;
}

/// An action scheduled at `scheduled_s` is due at `now_s`: it is not after now.
inline bool due(double scheduled_s, double now_s) {
  return !after(scheduled_s, now_s);
}

}  // namespace stratus::models::autoscaling
