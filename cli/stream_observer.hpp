#pragma once
// `stratus run --stream`: a run's progress, metric rows and events as JSON lines on stdout,
// one object per line, flushed as they come. The desktop app runs every simulation in a child
// process this way (SimGrid allows one simulation per process, and a run that crashes must not
// take the window down) and draws the lines as they arrive.
//
// Lines, in order:
//   {"type":"start","scenario":..,"variant":..,"seed":..,"params":{..},"start_epoch_s":..,
//    "duration_s":..,"sample_interval_s":..,"fidelity":..}      once, before the run starts
//   {"type":"columns","columns":["time_s",...]}           once, before the first row
//   {"type":"row","values":[t,...]}                         per timeseries row (null: empty cell)
//   {"type":"event","time_s":..,"kind":..,"subject":..,"detail":..,"hosts":..}
//   {"type":"progress","sim_time_s":..,"end_time_s":..|null,"wall_time_s":..,"events":..,"eta_s":..|null}
//   {"type":"done","out":DIR,"stopped":bool,"summary":{...}}  last line of a run that ended
//   {"type":"error","message":..,"exit_code":1|2,"diagnostics":[{file,line,column,message}]}
//
// Control: SIGTERM or SIGINT stops the run at its next slice; it still writes its partial
// results and a "done" line with "stopped": true. When stdin is not a terminal, lines
// "pace N" on it change the pace while the run goes on (0: as fast as possible).
// Pausing is SIGSTOP / SIGCONT from outside: a paused run holds no lock anyone waits on (the
// simulation is one process that talks to nobody but its own stdout), so stopping it anywhere
// is safe.
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/observer.hpp"

namespace stratus::cli {

/// Holds a run to at most `pace` simulated seconds per wall second. It never races to catch
/// up: after a pause (SIGSTOP) or a stretch slower than the pace, it starts again from where
/// the run is.
class RunPacer {
 public:
  explicit RunPacer(std::shared_ptr<const std::atomic<double>> pace);
  /// Sleeps until `sim_time_s` is due, in short naps that end early once `give_up()` is true
  /// or the pace changes. `before_sleep` runs once before the first nap (to flush output).
  void wait_for(double sim_time_s, const std::function<bool()>& give_up,
                const std::function<void()>& before_sleep);
  /// Wall seconds the run still needs at the pace from `sim_time_s` to `end_s`; 0 unpaced.
  double paced_seconds_left(double sim_time_s, double end_s) const;

 private:
  using Clock = std::chrono::steady_clock;
  std::shared_ptr<const std::atomic<double>> pace_;
  bool anchored_ = false;
  double anchor_pace_ = 0.0;
  double anchor_sim_s_ = 0.0;
  Clock::time_point anchor_wall_{};
};

class StreamObserver final : public sim::RunObserver {
 public:
  /// `pace`: at most that many simulated seconds per wall second; 0 for as fast as possible.
  /// Installs the SIGTERM/SIGINT handlers (restored by the destructor).
  StreamObserver(std::ostream& out, double pace);
  ~StreamObserver() override;
  StreamObserver(const StreamObserver&) = delete;
  StreamObserver& operator=(const StreamObserver&) = delete;

  void on_progress(const sim::Progress& progress) override;
  void on_row(const std::vector<std::string>& columns, const sim::MetricsRow& row) override;
  void on_event(const sim::SimEvent& event) override;
  bool stop_requested() const override;

  /// The first line: what is about to run (its calendar start lets a live chart show dates).
  void write_start(const models::ScenarioSpec& spec);
  /// The last line of a run that ended, completed or stopped, once its results are written.
  void write_done(const std::string& out_dir, const nlohmann::json& summary, bool stopped);

 private:
  void write_line(const nlohmann::ordered_json& line, bool flush_now);
  void pace_to(double sim_time_s);

  std::ostream& out_;
  std::shared_ptr<std::atomic<double>> pace_;
  RunPacer pacer_;
  bool columns_sent_ = false;
  std::chrono::steady_clock::time_point last_flush_{};
  std::chrono::steady_clock::time_point last_progress_{};
};

/// The "error" line for an exception that ended a --stream run (bad input or a failure
/// during the run), with the exit code the CLI returns for it.
void write_error_line(std::ostream& out, const std::exception_ptr& error);

}  // namespace stratus::cli
