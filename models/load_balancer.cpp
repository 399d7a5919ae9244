#include "models/load_balancer.hpp"

namespace stratus::models {

namespace {

class RoundRobin final : public LoadBalancer {
 public:
  int route(const BackendView& v) override {
    const std::size_t n = v.healthy.size();
    for (std::size_t tried = 0; tried < n; ++tried) {
      const std::size_t i = next_++ % n;
      if (v.healthy[i]) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  std::size_t next_ = 0;
};

/// Fewest outstanding requests; ties go to the first candidate after the previous choice,
/// so that an idle fleet is still used evenly.
class LeastOutstanding final : public LoadBalancer {
 public:
  int route(const BackendView& v) override {
    const std::size_t n = v.healthy.size();
    int best = -1;
    std::uint32_t best_load = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (start_ + k) % n;
      if (!v.healthy[i]) continue;
      if (best < 0 || v.outstanding[i] < best_load) {
        best = static_cast<int>(i);
        best_load = v.outstanding[i];
        if (best_load == 0) break;
      }
    }
    if (best >= 0) start_ = static_cast<std::size_t>(best) + 1;
    return best;
  }

 private:
  std::size_t start_ = 0;
};

/// A healthy instance other than `excluded` (-1: none excluded), uniformly at random, or -1.
/// Draws are rejected until one lands on a candidate, which is quick while most instances are;
/// past that, the candidates are counted and one is drawn exactly, so the choice stays uniform
/// however few they are.
int uniform_healthy(sim::RandomStream& rng, const BackendView& v, int excluded) {
  const std::size_t n = v.healthy.size();
  if (n == 0) return -1;
  const auto candidate = [&](std::size_t i) { return v.healthy[i] && static_cast<int>(i) != excluded; };
  for (int attempt = 0; attempt < 64; ++attempt) {
    const auto i = rng.below(n);
    if (candidate(i)) return static_cast<int>(i);
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i)
    count += candidate(i);
  if (count == 0) return -1;
  for (std::size_t i = 0, skip = rng.below(count);; ++i)
    if (candidate(i) && skip-- == 0) return static_cast<int>(i);
}

class Random final : public LoadBalancer {
 public:
  explicit Random(sim::RandomStream rng) : rng_(rng) {}
  int route(const BackendView& v) override { return uniform_healthy(rng_, v, -1); }

 private:
  sim::RandomStream rng_;
};

/// Power of two choices (Mitzenmacher): two distinct healthy instances drawn at random, the
/// less loaded of them taken (the first on a tie); a lone healthy instance is taken alone.
/// Nearly as good as least-outstanding without looking at the whole fleet.
class TwoChoices final : public LoadBalancer {
 public:
  explicit TwoChoices(sim::RandomStream rng) : rng_(rng) {}
  int route(const BackendView& v) override {
    const int a = uniform_healthy(rng_, v, -1);
    if (a < 0) return -1;
    const int b = uniform_healthy(rng_, v, a);
    if (b < 0) return a;
    return v.outstanding[static_cast<std::size_t>(b)] < v.outstanding[static_cast<std::size_t>(a)] ? b : a;
  }

 private:
  sim::RandomStream rng_;
};

class CentralFifo final : public LoadBalancer {
 public:
  bool central_queue() const override { return true; }
  int route(const BackendView&) override { return -1; }
};

}  // namespace

const LoadBalancerRegistry& load_balancers() {
  static const LoadBalancerRegistry registry = [] {
    LoadBalancerRegistry r("load balancer");
    r.add("round-robin", "each healthy instance in turn",
          [](sim::RandomStream) { return std::make_unique<RoundRobin>(); });
    r.add("least-outstanding", "the instance with the fewest requests in progress (AWS ALB's LOR)",
          [](sim::RandomStream) { return std::make_unique<LeastOutstanding>(); });
    r.add("random", "a healthy instance uniformly at random",
          [](sim::RandomStream rng) { return std::make_unique<Random>(rng); });
    r.add("two-choices", "the less loaded of two distinct random instances (power of two choices)",
          [](sim::RandomStream rng) { return std::make_unique<TwoChoices>(rng); });
    r.add("central-fifo", "one FIFO queue in front of the fleet; a request waits for the first free slot",
          [](sim::RandomStream) { return std::make_unique<CentralFifo>(); });
    return r;
  }();
  return registry;
}

}  // namespace stratus::models
