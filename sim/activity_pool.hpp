#pragma once
// The activities one actor has in flight (executions, transfers), each with a caller's tag,
// and the one way to wait for them: a single dispatcher actor drives thousands of
// activities without an actor each (README, Performance).
#include <cstddef>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <utility>
#include <vector>

namespace stratus::sim {

template <class Tag>
class ActivityPool {
 public:
  void add(simgrid::s4u::ActivityPtr activity, Tag tag) {
    activities_.push_back(std::move(activity));
    tags_.push_back(std::move(tag));
  }
  bool empty() const { return activities_.empty(); }
  std::size_t size() const { return activities_.size(); }
  /// The tags of the activities in flight, in no particular order.
  const std::vector<Tag>& tags() const { return tags_; }

  /// Blocks until an activity completes or the clock reaches `until`, and calls
  /// `on_done(tag, now)` for what completed; `on_done` may add activities.
  template <class OnDone>
  void wait_until(double until, OnDone&& on_done) {
    const double now = simgrid::s4u::Engine::get_clock();
    if (activities_.empty()) {
      simgrid::s4u::this_actor::sleep_until(until);
      return;
    }
    const ssize_t index = simgrid::s4u::Activity::wait_any_for(activities_, until - now);
    if (index < 0) return;
    const double finished_at = simgrid::s4u::Engine::get_clock();
    on_done(take(static_cast<std::size_t>(index)), finished_at);
    // wait_any costs O(activities). When many end at one instant (a batch of equal jobs),
    // collect them in one sweep instead of one wait_any each, which would be quadratic.
    // Sweep only on the second completion at the same instant, so that workloads whose
    // completions are spread out never pay for it.
    if (finished_at == last_completion_s_ && activities_.size() > kSweepThreshold) {
      for (std::size_t i = 0; i < activities_.size();) {
        if (activities_[i]->test())
          on_done(take(i), finished_at);  // the last activity moved into slot i: test it next
        else
          ++i;
      }
    }
    last_completion_s_ = finished_at;
  }

  /// Cancels the activities whose tag matches (the work of a host that just failed), calling
  /// `on_cancel(tag)` for each. O(size): failures are rare against completions.
  template <class Match, class OnCancel>
  void cancel_if(Match&& match, OnCancel&& on_cancel) {
    for (std::size_t i = 0; i < activities_.size();) {
      if (match(tags_[i])) {
        activities_[i]->cancel();
        on_cancel(take(i));  // the last activity moved into slot i: look at it next
      } else {
        ++i;
      }
    }
  }

  /// What is still running at the end of a run is cancelled, not waited for.
  void cancel_all() {
    for (auto& activity : activities_)
      activity->cancel();
    activities_.clear();
    tags_.clear();
  }

 private:
  /// Swap-and-pop: order does not matter, and erasing from the middle would cost O(size).
  Tag take(std::size_t index) {
    Tag tag = std::move(tags_[index]);
    activities_[index] = std::move(activities_.back());
    activities_.pop_back();
    tags_[index] = std::move(tags_.back());
    tags_.pop_back();
    return tag;
  }

  static constexpr std::size_t kSweepThreshold = 256;
  std::vector<simgrid::s4u::ActivityPtr> activities_;
  std::vector<Tag> tags_;
  double last_completion_s_ = -1.0;
};

}  // namespace stratus::sim
