#pragma once
// What services see of the platform's failures: physical hosts going down and coming back,
// and availability zones cut off from the region's front end by a partition. The failure
// timeline (models/failures.hpp) is turned into this list once per run; every service walks
// it inside its own dispatcher actor, so failures interleave with requests deterministically.
#include <cstdint>
#include <vector>

namespace stratus::models {

struct PlatformChange {
  enum class Kind : std::uint8_t { hosts_down, hosts_up, zone_cut, zone_restored };
  double time_s = 0.0;
  Kind kind = Kind::hosts_down;
  std::vector<std::uint32_t> hosts;  // physical host indexes (hosts_down, hosts_up)
  std::uint32_t zone = 0;            // zone_cut, zone_restored
};

}  // namespace stratus::models
