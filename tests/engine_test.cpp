// The engine wrapper: runs to the end, reports progress, and stops when asked.
#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <simgrid/s4u.hpp>

namespace {

namespace sg4 = simgrid::s4u;
using namespace stratus::sim;

/// An actor that ticks every simulated second for `seconds` seconds.
void start_ticker(double seconds, int* ticks) {
  auto* zone = sg4::create_full_zone("z");
  auto* host = zone->create_host("h", 1e9)->seal();
  zone->seal();
  sg4::Actor::create("ticker", host, [seconds, ticks] {
    for (double t = 1; t <= seconds; ++t) {
      sg4::this_actor::sleep_until(t);
      ++*ticks;
    }
  });
}

class Recorder : public RunObserver {
 public:
  explicit Recorder(int stop_after) : stop_after_(stop_after) {}
  void on_progress(const Progress& p) override {
    ++calls;
    last = p;
  }
  bool stop_requested() const override { return stop_after_ >= 0 && calls >= stop_after_; }
  int calls = 0;
  Progress last;

 private:
  int stop_after_;
};

TEST(Engine, RunsToTheEndWithoutAnObserver) {
  Engine engine;
  int ticks = 0;
  start_ticker(1000, &ticks);
  EXPECT_EQ(engine.run(1000), RunStatus::completed);
  EXPECT_EQ(ticks, 1000);
  EXPECT_DOUBLE_EQ(Engine::now(), 1000);
}

TEST(Engine, ReportsProgressUpToTheEnd) {
  Engine engine;
  int ticks = 0;
  start_ticker(100000, &ticks);
  Recorder observer(-1);
  EXPECT_EQ(engine.run(100000, &observer, 0.0), RunStatus::completed);
  EXPECT_EQ(ticks, 100000);
  EXPECT_GT(observer.calls, 1);
  EXPECT_DOUBLE_EQ(observer.last.sim_time_s, 100000);
  EXPECT_DOUBLE_EQ(observer.last.end_time_s, 100000);
}

TEST(Engine, StopsWhenTheObserverAsks) {
  Engine engine;
  int ticks = 0;
  start_ticker(100000, &ticks);
  Recorder observer(3);
  EXPECT_EQ(engine.run(100000, &observer, 0.0), RunStatus::stopped);
  EXPECT_LT(ticks, 100000);
  EXPECT_EQ(observer.calls, 3);
}

TEST(Engine, OneSimulationPerProcess) {
  Engine first;
  EXPECT_THROW(Engine second, std::logic_error);
}

}  // namespace
