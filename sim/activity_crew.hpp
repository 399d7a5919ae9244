#pragma once
// Waiting for many activities without paying for all of them at every wake-up.
//
// SimGrid 3.32's wait_any registers the waiting actor on every activity it is given, and
// unregisters it from all of them when it wakes up, allocating a list node each time: a
// dispatcher with N activities in flight pays O(N) per completion and per timeout (the
// serverless platform has ~90 sandboxes executing at once; README, Performance).
//
// A crew of actors ("members") shares the waiting instead. Each member waits only for the
// activities it started itself, and one member at a time, the keeper, also wakes at the
// client's horizon (its next own event). Once the keeper has kBatch activities of its own, it
// passes the keeper's role to an idle member and from then on waits for its own activities
// only, so no wait covers much more than kBatch activities.
//
// Members run the client's code one at a time (SimGrid runs one actor at a time, and switches
// only when an actor blocks), in the order a single dispatcher would: after a completion at
// `now`, on_done(tag, now) then advance(now); at the horizon, advance(now). Timeouts are
// computed exactly as ActivityPool computes them, so the clock takes the same values. The one
// difference: activities completing at the very same instant in different members are handed
// over in SimGrid's order of completion rather than in one pool's order.
#include <cstddef>
#include <limits>
#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <string>
#include <utility>
#include <vector>

namespace stratus::sim {

/// What the crew drives: the client's own event handling.
template <class Tag>
class CrewClient {
 public:
  virtual ~CrewClient() = default;
  /// An activity the client added has completed at `now`.
  virtual void on_done(const Tag& tag, double now) = 0;
  /// The clock is at `now` (a completion or the horizon): handle what is due.
  virtual void advance(double now) = 0;
  /// When to wake up at the latest if nothing completes (may be infinite).
  virtual double horizon() const = 0;
  /// Whether the run is over at `now` (checked after advance).
  virtual bool over(double now) const = 0;
};

template <class Tag>
class ActivityCrew {
 public:
  explicit ActivityCrew(CrewClient<Tag>& client, std::string name)
      : client_(client), name_(std::move(name)) {}

  /// Runs the crew until the client is over; called from the client's actor, which becomes
  /// the first member. Returns once everything still running has been cancelled.
  void run() {
    members_.push_back(std::make_unique<Member>());
    members_.front()->actor = simgrid::s4u::Actor::self();
    serve(*members_.front(), /*due=*/true);
  }

  /// Adds an activity, waited for by the member now running the client's code.
  void add(simgrid::s4u::ActivityPtr activity, Tag tag) {
    current_->activities.push_back(std::move(activity));
    current_->tags.push_back(std::move(tag));
    ++running_;
  }
  std::size_t size() const { return running_; }

 private:
  /// Past this many activities of its own, the keeper hands its role over. Measured on
  /// bench/scenarios/serverless-warm.yaml: 3 to 8 are within noise, 16 is 10 % slower, 64 35 %.
  static constexpr std::size_t kBatch = 8;

  // An idle member parks by suspending its actor, rather than on a semaphore: a run stopped
  // from outside (the desktop app's Stop) destroys the crew with members still idle, and
  // SimGrid refuses to destroy a semaphore someone waits on, while it ends suspended actors
  // with the engine.
  struct Member {
    std::vector<simgrid::s4u::ActivityPtr> activities;
    std::vector<Tag> tags;
    simgrid::s4u::ActorPtr actor;
    bool idle = false;
    bool parked = false;  // its actor is suspended, waiting for a wake-up
    bool woken = false;   // a wake-up it has not seen yet
  };

  /// A member's life: handle what woke it up, pick its next wait, and block.
  void serve(Member& me, bool due) {
    while (!stopping_) {
      current_ = &me;
      const double now = simgrid::s4u::Engine::get_clock();
      if (due) {
        client_.advance(now);
        if (client_.over(now)) break;
      }
      const double horizon = client_.horizon();
      if (running_ == 0 && horizon == std::numeric_limits<double>::infinity()) break;
      elect_keeper(me, horizon);
      due = wait(me, horizon, now);
    }
    stop();
  }

  /// The keeper is whoever last saw the horizon change; a keeper with a full batch of its own
  /// hands the role to an idle member (started if there is none).
  void elect_keeper(Member& me, double horizon) {
    if (keeper_ == nullptr || horizon != keeper_horizon_) {
      keeper_ = &me;
      keeper_horizon_ = horizon;
    }
    if (keeper_ != &me || me.activities.size() < kBatch) return;
    keeper_ = idle_member();
    wake(*keeper_);
  }

  static void wake(Member& m) {
    m.woken = true;
    if (m.parked) m.actor->resume();
  }

  /// Blocks the calling member until it is woken (at once if it already has been).
  static void park(Member& me) {
    while (!me.woken) {
      me.parked = true;
      simgrid::s4u::this_actor::suspend();
      me.parked = false;
    }
    me.woken = false;
  }

  Member* idle_member() {
    if (!idle_.empty()) {
      Member* m = idle_.back();
      idle_.pop_back();
      m->idle = false;
      return m;
    }
    members_.push_back(std::make_unique<Member>());
    Member* m = members_.back().get();
    m->idle = true;  // until the wake-up that follows
    simgrid::s4u::Actor::create(name_ + "-" + std::to_string(members_.size() - 1),
                                simgrid::s4u::this_actor::get_host(), [this, m] {
                                  m->actor = simgrid::s4u::Actor::self();
                                  park(*m);
                                  m->idle = false;
                                  serve(*m, /*due=*/false);  // the caller has just handled this instant
                                });
    return m;
  }

  /// Blocks `me` until one of its activities completes, or (keeper) the horizon, or (idle)
  /// it is given the keeper's role. Returns whether the client has something to handle.
  bool wait(Member& me, double horizon, double now) {
    try {
      if (keeper_ == &me) {
        // As ActivityPool::wait_until: sleep when nothing runs at all, else a wait_any timeout.
        if (running_ == 0) {
          simgrid::s4u::this_actor::sleep_until(horizon);
          return keeper_ == &me;
        }
        const ssize_t index = simgrid::s4u::Activity::wait_any_for(me.activities, horizon - now);
        if (index < 0) return keeper_ == &me;  // a former keeper's timeout is not the horizon
        complete(me, static_cast<std::size_t>(index));
        return true;
      }
      if (me.activities.empty()) {
        me.idle = true;
        idle_.push_back(&me);
        park(me);
        return false;
      }
      complete(me, static_cast<std::size_t>(simgrid::s4u::Activity::wait_any(me.activities)));
      return true;
    } catch (const simgrid::CancelException&) {
      if (!stopping_) throw;
      return false;
    }
  }

  void complete(Member& me, std::size_t index) {
    current_ = &me;
    Tag tag = std::move(me.tags[index]);
    // Swap-and-pop: order does not matter, and erasing from the middle would cost O(size).
    me.activities[index] = std::move(me.activities.back());
    me.activities.pop_back();
    me.tags[index] = std::move(me.tags.back());
    me.tags.pop_back();
    --running_;
    client_.on_done(tag, simgrid::s4u::Engine::get_clock());
  }

  /// What is still running at the end of a run is cancelled, not waited for; blocked members
  /// wake up (cancelled or released) and leave.
  void stop() {
    if (stopping_) return;
    stopping_ = true;
    for (auto& m : members_) {
      for (auto& activity : m->activities)
        activity->cancel();
      m->activities.clear();
      m->tags.clear();
      if (m->idle) wake(*m);
    }
    running_ = 0;
  }

  CrewClient<Tag>& client_;
  std::string name_;
  std::vector<std::unique_ptr<Member>> members_;
  std::vector<Member*> idle_;
  Member* current_ = nullptr;
  Member* keeper_ = nullptr;
  double keeper_horizon_ = 0;
  std::size_t running_ = 0;
  bool stopping_ = false;
};

}  // namespace stratus::sim
