#pragma once
// Load balancers: where an arriving request goes. Each is a function of a read-only view of
// the instances behind it (how many requests each holds, which are healthy).
#include <cstdint>
#include <memory>
#include <span>

#include "sim/random.hpp"
#include "sim/registry.hpp"

namespace stratus::models {

struct BackendView {
  std::span<const std::uint32_t> outstanding;  // per instance: requests executing + queued
  std::span<const std::uint8_t> healthy;       // 1 when the balancer may route to it
};

class LoadBalancer {
 public:
  virtual ~LoadBalancer() = default;
  /// True for a balancer that keeps one FIFO queue and hands each request to the first
  /// instance with a free slot (the M/M/c discipline); route() is then not used.
  virtual bool central_queue() const { return false; }
  /// The instance to send the request to, or -1 when none is healthy.
  virtual int route(const BackendView& view) = 0;
};

using LoadBalancerRegistry = sim::Registry<LoadBalancer, sim::RandomStream>;
/// round-robin, least-outstanding, random, two-choices, central-fifo.
const LoadBalancerRegistry& load_balancers();

}  // namespace stratus::models
