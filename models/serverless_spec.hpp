#pragma once
// A Lambda-like serverless platform as a scenario describes it: functions, their triggers,
// and the platform's account-wide rules.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/arrivals.hpp"
#include "models/azure_trace.hpp"
#include "models/keep_alive.hpp"
#include "models/scaling_limit.hpp"
#include "models/serverless_billing.hpp"
#include "models/serverless_retry.hpp"
#include "sim/distribution.hpp"

namespace stratus::models {

/// What fires a function. Synchronous triggers (HTTP) fail when throttled; asynchronous
/// ones (bucket uploads, queues, timers) retry with back-off.
struct TriggerSpec {
  enum class Kind { http, bucket, queue, timer, trace };
  Kind kind = Kind::http;
  ArrivalSpec arrivals;         // http: the request stream
  std::string source;           // bucket or queue name
  int batch_size = 1;           // queue: messages per invocation
  double batch_window_s = 0;    // queue: how long a partial batch may wait
  double every_s = 0;           // timer: period
  double offset_s = 0;          // timer: first firing
  std::size_t trace_index = 0;  // trace: the function's row in the loaded trace
  bool synchronous() const { return kind == Kind::http; }
};

struct FunctionSpec {
  std::string name;
  std::string runtime = "python";
  double memory_mb = 128;
  bool arm = false;
  sim::Distribution work = sim::Distribution::constant(0.1);  // CPU seconds at one full vCPU
  sim::Distribution wait = sim::Distribution::constant(0.0);  // I/O wait after the CPU part
  sim::Distribution cold_start = sim::Distribution::constant(0.1);
  /// SimFaaS's model of a cold request: one duration drawn from this distribution replaces
  /// initialisation plus handler (its "cold service time"). Absent: init, then the handler.
  std::optional<sim::Distribution> cold_duration;
  std::string keep_alive = "fixed";
  KeepAliveParams keep_alive_params;
  int sandbox_concurrency = 1;
  std::size_t reserved_concurrency = 0;
  std::size_t provisioned_concurrency = 0;
  double payload_in_bytes = 0;   // request payload, moved from the gateway to the worker
  double payload_out_bytes = 0;  // response payload, moved back
  double image_bytes = 0;        // pulled from the gateway (the registry) on each cold start
  std::vector<TriggerSpec> triggers;
};

struct BucketSpec {
  std::string name;
  ArrivalSpec puts;  // object uploads
};

struct QueueSpec {
  std::string name;
  ArrivalSpec messages;
  double retention_s = 4 * 86400.0;  // SQS's default: a throttled message is retried until then
};

struct ServerlessSpec {
  bool enabled = false;
  std::vector<std::string> worker_zones;  // empty: every zone
  std::uint32_t gateway_host = 0;         // front door and image registry (a topology host)
  std::string placement = "spread";
  std::string scaling = "per-function-rate";
  ScalingLimitParams limits;
  ServerlessPricing pricing;
  // Throttled asynchronous events are retried until they are this old (Lambda's default, and
  // its maximum; at least 60 s), with this back-off.
  double max_event_age_s = 6 * 3600.0;
  RetryBackoff async_backoff;
  std::vector<FunctionSpec> functions;
  std::vector<BucketSpec> buckets;
  std::vector<QueueSpec> queues;
  /// A replayed Azure Functions trace: its functions are appended to `functions`, each
  /// with a `trace` trigger pointing at its row.
  std::shared_ptr<const AzureTrace> trace;
  MinuteSpreading trace_spreading = MinuteSpreading::uniform_random;
};

/// 1,769 MB of memory buys one vCPU (AWS Lambda); capped by the host's cores.
constexpr double kMegabytesPerVcpu = 1769.0;

/// Typical initialisation (cold start) durations by runtime, from published measurements of
/// AWS Lambda init duration at 1 GB: the default when a function states none.
sim::Distribution default_cold_start(const std::string& runtime);
const std::vector<std::string>& known_runtimes();

}  // namespace stratus::models
