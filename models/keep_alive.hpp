#pragma once
// Keep-alive policies of a serverless platform: how long a function's sandbox stays loaded
// after an execution, and whether it is unloaded at once and loaded again (pre-warmed) just
// before the next invocation is expected. One policy object per function; pure logic, the
// platform model calls it.
#include <cstddef>
#include <memory>

#include "sim/registry.hpp"

namespace stratus::models {

struct KeepAliveParams {
  double ttl_s = 600;  // "fixed": AWS Lambda keeps an idle sandbox about 10 minutes
  // "hybrid-histogram" (Shahrad et al., ATC 2020): 1-minute bins up to 4 hours.
  double histogram_range_s = 4 * 3600;
  double bin_s = 60;
  double head_percentile = 0.05;
  double tail_percentile = 0.99;
  double margin = 0.10;
  // When the histogram is representative enough to be trusted.
  std::size_t min_samples = 10;
  double cv_threshold = 2.0;   // coefficient of variation of the bin counts must exceed it
  double oob_threshold = 0.5;  // out-of-bound idle times dominate from this fraction on
  // When a sandbox whose keep-alive window has run out is reclaimed (every policy). 0 ("exact"):
  // at that instant. P > 0: by a reaper that sweeps every P seconds, at 0, P, 2P, ... of the
  // run, so at the first sweep at or after the window's end. A platform reclaiming sandboxes in
  // periodic passes keeps them ttl + U(0, P) (P/2 longer on average, as the sweeps fall at
  // phases unrelated to the requests). Fitted to the AWS Lambda measurements it removes their
  // instance-count bias but biases P_cold low (README, validation), so exact stays the default.
  double reaper_s = 0;
};

/// When a sandbox whose keep-alive window ends at due_s is reclaimed: due_s itself when
/// reaper_s is 0, else the first multiple of reaper_s at or after due_s.
double reclaim_time(double due_s, double reaper_s);

struct KeepAliveWindows {
  double prewarm_s = 0;     // 0: keep the sandbox loaded right after the execution
  double keep_alive_s = 0;  // how long it stays loaded (after the pre-warm, if any); +inf: never unload
};

class KeepAlivePolicy {
 public:
  virtual ~KeepAlivePolicy() = default;
  /// The function's idle time: from the end of an invocation to the start of the next (as
  /// the paper defines it). Negative values (overlapping invocations) count as 0.
  virtual void record_idle_time(double idle_s) = 0;
  /// The windows to apply now, when an execution ends.
  virtual KeepAliveWindows windows() const = 0;
};

using KeepAlivePolicyRegistry = sim::Registry<KeepAlivePolicy, const KeepAliveParams&>;
/// fixed, never, hybrid-histogram. Factories throw std::invalid_argument on bad parameters.
const KeepAlivePolicyRegistry& keep_alive_policies();

}  // namespace stratus::models
