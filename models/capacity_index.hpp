#pragma once
// Free capacity of every physical host, indexed so that placement queries stay logarithmic:
// placing 100,000 instances on 50,000 hosts must not scan the fleet for each one.
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace stratus::models {

using HostId = std::uint32_t;

struct HostCapacity {
  std::uint32_t zone = 0;
  double vcpus = 0.0;  // schedulable vCPUs (cores × overcommit ratio)
  double memory_bytes = 0.0;
};

struct Demand {
  double vcpus = 0.0;
  double memory_bytes = 0.0;
};

class CapacityIndex {
 public:
  CapacityIndex(std::vector<HostCapacity> hosts, std::uint32_t zone_count);

  std::size_t host_count() const { return free_.size(); }
  std::uint32_t zone_count() const { return zone_count_; }
  std::uint32_t zone_of(HostId h) const { return free_[h].zone; }
  const HostCapacity& free(HostId h) const { return free_[h]; }
  bool fits(HostId h, const Demand& d) const;

  /// Lowest-numbered host where the demand fits.
  std::optional<HostId> first_fit(const Demand& d) const;
  /// Host that the demand fills most tightly (least free vCPUs left; ties: lowest id).
  std::optional<HostId> best_fit(const Demand& d) const;
  /// Host of `zone` with the most free vCPUs (ties: lowest id), where the demand fits.
  std::optional<HostId> emptiest_in_zone(std::uint32_t zone, const Demand& d) const;

  void take(HostId h, const Demand& d);
  void give_back(HostId h, const Demand& d);

 private:
  void update_tree(HostId h);
  std::optional<HostId> first_fit_from(std::size_t node, std::size_t lo, std::size_t hi,
                                       const Demand& d) const;

  std::vector<HostCapacity> free_;
  std::uint32_t zone_count_;
  // Segment tree of the maximum free vCPUs, for first-fit by descent.
  std::vector<double> max_vcpus_;
  std::size_t leaves_ = 1;
  // Ordered by (free vCPUs, id): best-fit is a lower_bound.
  std::set<std::pair<double, HostId>> by_free_;
  // Per zone, ordered by (-free vCPUs, id): the emptiest host first.
  std::vector<std::set<std::pair<double, HostId>>> emptiest_by_zone_;
};

}  // namespace stratus::models
