#pragma once
// What a running simulation tells the outside world: progress, closed metric rows and
// notable events. The CLI's progress bar and the desktop app both implement RunObserver;
// the engine never knows which one is listening.
#include <cstdint>
#include <string>
#include <vector>

namespace stratus::sim {

struct Progress {
  double sim_time_s = 0.0;
  double end_time_s = 0.0;  // infinity when the run ends by itself
  double wall_time_s = 0.0;
  std::uint64_t events = 0;
  double events_per_wall_s = 0.0;
  double eta_s = 0.0;  // NaN when unknown
};

/// A notable moment of the run (a failure, a scaling action, a purchase), for timelines.
struct SimEvent {
  double time_s = 0.0;
  std::string kind;     // "scale_out", "host_failure", ...
  std::string subject;  // the service, host or domain concerned
  std::string detail;
  long long hosts = 0;  // physical hosts the event affects (a failure, a purchase); 0 for others
};

struct MetricsRow;

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_progress(const Progress& /*progress*/) {}
  virtual void on_row(const std::vector<std::string>& /*columns*/, const MetricsRow& /*row*/) {}
  virtual void on_event(const SimEvent& /*event*/) {}
  /// Polled between slices of the run; returning true stops it at the next slice.
  virtual bool stop_requested() const { return false; }
};

}  // namespace stratus::sim
