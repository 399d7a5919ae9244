#include "models/capacity_index.hpp"

#include <algorithm>
#include <stdexcept>

namespace stratus::models {

namespace {
// Capacities are sums of small multiples of 0.5 vCPU and whole bytes: compare with a little
// slack so that floating-point residue never refuses an exact fit.
constexpr double kSlack = 1e-9;
}  // namespace

CapacityIndex::CapacityIndex(std::vector<HostCapacity> hosts, std::uint32_t zone_count)
    : free_(std::move(hosts)), zone_count_(zone_count), emptiest_by_zone_(zone_count) {
  while (leaves_ < free_.size())
    leaves_ *= 2;
  max_vcpus_.assign(2 * leaves_, -1.0);
  for (HostId h = 0; h < free_.size(); ++h) {
    if (free_[h].zone >= zone_count_) throw std::invalid_argument("host zone out of range");
    max_vcpus_[leaves_ + h] = free_[h].vcpus;
    by_free_.emplace(free_[h].vcpus, h);
    emptiest_by_zone_[free_[h].zone].emplace(-free_[h].vcpus, h);
  }
  for (std::size_t i = leaves_ - 1; i >= 1; --i)
    max_vcpus_[i] = std::max(max_vcpus_[2 * i], max_vcpus_[2 * i + 1]);
}

bool CapacityIndex::fits(HostId h, const Demand& d) const {
  return free_[h].vcpus + kSlack >= d.vcpus && free_[h].memory_bytes + kSlack >= d.memory_bytes;
}

std::optional<HostId> CapacityIndex::first_fit_from(std::size_t node, std::size_t lo, std::size_t hi,
                                                    const Demand& d) const {
  if (max_vcpus_[node] + kSlack < d.vcpus || lo >= free_.size()) return std::nullopt;
  if (hi - lo == 1)
    return fits(static_cast<HostId>(lo), d) ? std::optional<HostId>(static_cast<HostId>(lo)) : std::nullopt;
  const std::size_t mid = lo + (hi - lo) / 2;
  if (auto left = first_fit_from(2 * node, lo, mid, d)) return left;
  return first_fit_from(2 * node + 1, mid, hi, d);
}

std::optional<HostId> CapacityIndex::first_fit(const Demand& d) const {
  if (free_.empty()) return std::nullopt;
  return first_fit_from(1, 0, leaves_, d);
}

std::optional<HostId> CapacityIndex::best_fit(const Demand& d) const {
  // Memory rarely binds before vCPUs; walk up from the tightest vCPU fit until memory fits too.
  for (auto it = by_free_.lower_bound({d.vcpus - kSlack, 0}); it != by_free_.end(); ++it)
    if (fits(it->second, d)) return it->second;
  return std::nullopt;
}

std::optional<HostId> CapacityIndex::emptiest_in_zone(std::uint32_t zone, const Demand& d) const {
  for (const auto& [neg_free, h] : emptiest_by_zone_.at(zone)) {
    if (-neg_free + kSlack < d.vcpus) break;
    if (fits(h, d)) return h;
  }
  return std::nullopt;
}

void CapacityIndex::update_tree(HostId h) {
  std::size_t i = leaves_ + h;
  max_vcpus_[i] = free_[h].vcpus;
  for (i /= 2; i >= 1; i /= 2)
    max_vcpus_[i] = std::max(max_vcpus_[2 * i], max_vcpus_[2 * i + 1]);
}

void CapacityIndex::take(HostId h, const Demand& d) {
  if (!fits(h, d)) throw std::logic_error("placing on a host without room");
  by_free_.erase({free_[h].vcpus, h});
  emptiest_by_zone_[free_[h].zone].erase({-free_[h].vcpus, h});
  free_[h].vcpus -= d.vcpus;
  free_[h].memory_bytes -= d.memory_bytes;
  by_free_.emplace(free_[h].vcpus, h);
  emptiest_by_zone_[free_[h].zone].emplace(-free_[h].vcpus, h);
  update_tree(h);
}

void CapacityIndex::give_back(HostId h, const Demand& d) {
  by_free_.erase({free_[h].vcpus, h});
  emptiest_by_zone_[free_[h].zone].erase({-free_[h].vcpus, h});
  free_[h].vcpus += d.vcpus;
  free_[h].memory_bytes += d.memory_bytes;
  by_free_.emplace(free_[h].vcpus, h);
  emptiest_by_zone_[free_[h].zone].emplace(-free_[h].vcpus, h);
  update_tree(h);
}

}  // namespace stratus::models
