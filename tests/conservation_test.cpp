// Conservation checks that count: a service's requests held at the end are counted where they
// are (running set, queues, the balancer) and compared with the totals, so a request lost on
// the way trips the check; the fluid run's columns and summary agree because both are what
// the rows received, compared with the requests the model holds; a cost column is compared
// with its bill, kept apart.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "models/fleet.hpp"
#include "models/fluid_service.hpp"
#include "models/scenario_loader.hpp"
#include "models/service.hpp"
#include "models/simulation.hpp"
#include "sim/engine.hpp"
#include "sim/metrics.hpp"
#include "sim/platform.hpp"
#include "sim/random.hpp"
#include "sim/topology.hpp"
#include "support/csv_column.hpp"
#include "support/run_file.hpp"

namespace stratus::models {

/// The seam ServiceRuntime leaves for this test: a request vanishes from a local queue without
/// being counted as completed, rejected or failed, as a bug in the model would lose it.
struct ServiceRuntimeTestSeam {
  static bool lose_a_queued_request(ServiceRuntime& rt) {
    for (std::uint32_t i = 0; i < rt.local_queue_.size(); ++i) {
      if (rt.local_queue_[i].empty()) continue;
      rt.local_queue_[i].pop_back();
      --rt.outstanding_[i];
      --rt.queued_;
      return true;
    }
    return false;
  }
};

}  // namespace stratus::models

namespace {

using namespace stratus;
namespace sg4 = simgrid::s4u;

// One 1-vCPU instance taking one request at a time, offered twice what it can serve: its
// local queue is never empty, so a request can be lost from it at any time, and requests are
// still executing and queued at the end.
const char* kOverloaded =
    "stratus: 1\n"
    "simulation: {duration: 600s, sample_interval: 60s}\n"
    "platform:\n"
    "  host_types: {w: {cores: 2, core_speed: 1Gf, memory: 8GiB}}\n"
    "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
    "instance_types:\n"
    "  small: {vcpus: 1, memory: 1GiB, price: $0.036/h}\n"
    "services:\n"
    "  - name: api\n"
    "    instance_type: small\n"
    "    instances: 1\n"
    "    concurrency: 1\n"
    "    arrivals: {process: poisson, rate: 2/s}\n"
    "    work: {distribution: exponential, mean: 1s}\n";

/// A service run as run_scenario runs it, with an optional actor that loses a request at
/// `lose_at_s`; the runtime is kept to be checked afterwards.
class ServiceRig {
 public:
  explicit ServiceRig(double lose_at_s = -1)
      : spec_(models::parse_scenario(kOverloaded, "test.yaml")),
        topology_(spec_.topology),
        platform_(topology_),
        streams_(spec_.seed),
        metrics_(spec_.simulation.sample_interval_s) {
    auto fleets = models::place_fleets(spec_, topology_, platform_);
    platform_.seal();
    const double end = spec_.simulation.duration_s;
    runtime_ = std::make_unique<models::ServiceRuntime>(spec_.services[0], std::move(fleets[0]), streams_,
                                                        metrics_, engine_, end, 0.0);
    models::ServiceRuntime* rt = runtime_.get();
    sg4::Actor::create("dispatcher", platform_.host(0), [rt] { rt->run(); });
    if (lose_at_s >= 0)
      sg4::Actor::create("saboteur", platform_.host(0), [rt, lose_at_s, this] {
        sg4::this_actor::sleep_until(lose_at_s);
        lost_ = models::ServiceRuntimeTestSeam::lose_a_queued_request(*rt);
      });
    engine_.run(end, nullptr);
  }
  const models::ServiceRuntime& runtime() const { return *runtime_; }
  bool lost() const { return lost_; }

 private:
  models::ScenarioSpec spec_;
  sim::Engine engine_;
  sim::Topology topology_;
  sim::Platform platform_;
  sim::RandomStreams streams_;
  sim::MetricsRecorder metrics_;
  std::unique_ptr<models::ServiceRuntime> runtime_;
  bool lost_ = false;
};

TEST(ServiceConservation, CountsWhatIsHeldAtTheEndWhereItIs) {
  const ServiceRig rig;
  const models::ServiceTotals& t = rig.runtime().totals();
  const models::HeldRequests& h = t.held_at_end;
  // One request executes on the one slot; the queue holds the overload's backlog.
  EXPECT_EQ(h.executing, 1u);
  EXPECT_GT(h.queued_on_instances, 100u);
  EXPECT_EQ(h.central_queue + h.at_balancer + h.on_draining_instances, 0u);
  EXPECT_EQ(t.in_flight, h.total());
  EXPECT_EQ(t.arrived, t.completed + t.rejected + t.failed + h.total());
  EXPECT_NO_THROW(rig.runtime().check_conservation());
}

TEST(ServiceConservation, ALostRequestTripsTheCheckAndTheMessageNamesTheService) {
  const ServiceRig rig(300.0);
  ASSERT_TRUE(rig.lost());
  const models::ServiceTotals& t = rig.runtime().totals();
  EXPECT_EQ(t.arrived, t.completed + t.rejected + t.failed + t.held_at_end.total() + 1);
  try {
    rig.runtime().check_conservation();
    ADD_FAILURE() << "a lost request went unnoticed";
  } catch (const std::logic_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("service 'api'"), std::string::npos) << what;
    EXPECT_NE(what.find(std::to_string(t.arrived) + " arrived"), std::string::npos) << what;
  }
}

using stratus::testing::column_sum;

TEST(FluidConservation, TheColumnsAddUpToTheSummaryAndTheRequestsPresentAtTheEnd) {
  // M/M/10 at ρ = 0.9 for 2 h of 1 min steps: about 6 requests are present at the end. The
  // summary's counts are the columns' totals, so its completed is the column's (it used to be
  // the arrivals less rejections less in flight, which the column did not show).
  const std::string mmc = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mmc.yaml";
  const auto result =
      stratus::testing::run_file(mmc, {{"duration", "7200s"}}, {{"simulation.fidelity", "fluid"}});
  const auto& r = result.summary["requests"];
  const double completed = column_sum(result.timeseries_csv, "mmc.requests_completed");
  EXPECT_NEAR(r["completed"].get<double>(), completed, 0.5);
  EXPECT_NEAR(r["arrived"].get<double>(), column_sum(result.timeseries_csv, "mmc.requests_arrived"), 0.5);
  const double held = result.summary["conservation"]["held_at_end"]["in_system"].get<double>();
  EXPECT_GT(held, 5.0);
  EXPECT_NEAR(r["in_flight"].get<double>(), held, 1.0);
  EXPECT_EQ(r["arrived"].get<long long>(), r["completed"].get<long long>() + r["rejected"].get<long long>() +
                                               r["in_flight"].get<long long>());
}

TEST(FluidConservation, DeparturesKeepTheCountOfRequestsPresentThroughOverloadAndOutage) {
  // λ from 5/s to 30/s and back on 10 servers of μ = 1/s (overload: a fluid backlog), then
  // no servers at all for a while (requests strand), then servers again.
  const auto spec = models::parse_scenario(
      "stratus: 1\n"
      "simulation: {duration: 3000s, sample_interval: 60s}\n"
      "platform:\n"
      "  host_types: {w: {cores: 16, core_speed: 1Gf, memory: 64GiB}}\n"
      "  zones: [{name: az-a, racks: 1, hosts_per_rack: 1, host_type: w}]\n"
      "instance_types:\n"
      "  one: {vcpus: 1, memory: 1GiB, price: $0.01/h}\n"
      "services:\n"
      "  - name: s\n"
      "    instance_type: one\n"
      "    instances: 10\n"
      "    queue_capacity: 50\n"
      "    arrivals: {process: poisson, rate: 5/s}\n"
      "    work: {distribution: exponential, mean: 1s}\n",
      "test.yaml");
  const models::ServiceSpec& s = spec.services[0];
  models::FluidService model(s, spec.instance_types.at(s.instance_type), sim::RandomStreams(1).stream("s"));
  double present = 0.0, accepted = 0.0, completed = 0.0;
  const double h = 10.0;
  for (double t = 0; t < 3000; t += h) {
    if (t == 1500) model.set_instances(0);
    if (t == 2000) model.set_instances(10);
    const double lambda = t >= 500 && t < 1000 ? 30.0 : 5.0;
    const models::FluidStep step = model.step(t, h, lambda);
    EXPECT_GE(step.completed, 0.0) << "at " << t;
    EXPECT_NEAR(step.in_system, present + step.accepted - step.completed, 1e-9) << "at " << t;
    EXPECT_NEAR(step.arrived, step.accepted + step.rejected, 1e-9) << "at " << t;
    present = step.in_system;
    accepted += step.accepted;
    completed += step.completed;
  }
  EXPECT_NEAR(model.in_system(), present, 1e-12);
  EXPECT_NEAR(accepted, completed + model.in_system(), 1e-9 * accepted);
}

TEST(CostConservation, AColumnThatDoesNotAddUpToItsBillFailsTheRunNamingTheColumn) {
  sim::MetricsRecorder metrics(60.0);
  const auto cost = metrics.counter("instances.cost_usd");
  double accrued = 0.0;
  metrics.accrue(cost, [&accrued](double end_s) { return accrued = 0.01 * end_s; });
  metrics.finish(300.0);
  EXPECT_NEAR(metrics.counter_total(cost), 3.0, 1e-12);
  EXPECT_EQ(models::check_cost_column(metrics, cost, 3.0)["rows_usd"].get<double>(),
            metrics.counter_total(cost));
  // One instance-second of an m5.large short of the bill is caught.
  try {
    models::check_cost_column(metrics, cost, 3.0 + 0.096 / 3600);
    ADD_FAILURE() << "a column short of its bill went unnoticed";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("'instances.cost_usd'"), std::string::npos) << e.what();
  }
}

TEST(CostConservation, EachRowGetsWhatAccruedInIt) {
  sim::MetricsRecorder metrics(60.0);
  const auto cost = metrics.counter("c");
  // A rate of 1/s for the first 90 s, then a one-off 5 at 150 s.
  metrics.accrue(cost, [](double end_s) { return std::min(end_s, 90.0) + (end_s >= 150 ? 5.0 : 0.0); });
  metrics.finish(180.0);
  ASSERT_EQ(metrics.rows().size(), 3u);
  EXPECT_DOUBLE_EQ(metrics.rows()[0].values[0], 60.0);
  EXPECT_DOUBLE_EQ(metrics.rows()[1].values[0], 30.0);
  EXPECT_DOUBLE_EQ(metrics.rows()[2].values[0], 5.0);
}

}  // namespace
