#include "models/serverless_free_tier.hpp"

#include <algorithm>
#include <stdexcept>

namespace stratus::models {

MonthCursor::MonthCursor(double start_epoch_s)
    : calendar_(start_epoch_s), start_s_(calendar_.month_start_s(0)), end_s_(calendar_.month_start_s(1)) {}

int MonthCursor::month_of(double t) {
  if (t >= start_s_ && t < end_s_) return index_;
  index_ = calendar_.month_of(t);
  start_s_ = calendar_.month_start_s(index_);
  end_s_ = calendar_.month_start_s(index_ + 1);
  return index_;
}

MonthlyFreeTier::MonthlyFreeTier(const ServerlessPricing& p, double start_epoch_s)
    : enabled_(p.free_tier),
      monthly_requests_(static_cast<std::uint64_t>(std::max(0.0, p.free_requests))),
      monthly_gb_s_(std::max(0.0, p.free_gb_s)),
      months_(start_epoch_s) {}

BillableUsage MonthlyFreeTier::take(double t, std::uint64_t requests, double gb_s) {
  if (!enabled_) return {requests, gb_s};
  const int month = months_.month_of(t);
  if (month < month_) throw std::logic_error("free tier: usage in a month that is already closed");
  if (month > month_) {  // a new month: a new allowance, the old one's rest is lost
    month_ = month;
    requests_left_ = monthly_requests_;
    gb_s_left_ = monthly_gb_s_;
  }
  const std::uint64_t free_requests = std::min(requests, requests_left_);
  const double free_gb_s = std::min(gb_s, gb_s_left_);
  requests_left_ -= free_requests;
  gb_s_left_ -= free_gb_s;
  return {requests - free_requests, gb_s - free_gb_s};
}

}  // namespace stratus::models
