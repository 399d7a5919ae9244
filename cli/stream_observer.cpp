#include "cli/stream_observer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <limits>
#include <sstream>
#include <thread>

#include "cli/stop_signal.hpp"
#include "models/simulation.hpp"
#include "sim/diagnostics.hpp"
#include "sim/metrics.hpp"
#include "sim/registry.hpp"

namespace stratus::cli {

// Ordered, so that "type" comes first on every line (easier to read in a log).
using json = nlohmann::ordered_json;

namespace {

/// "pace 120" -> 120; anything else is ignored (the controller is the app, not a person).
void apply_command(const std::string& line, std::atomic<double>& pace) {
  std::istringstream in(line);
  std::string verb;
  double value = 0.0;
  if (in >> verb >> value && verb == "pace" && std::isfinite(value) && value >= 0.0) pace.store(value);
}

/// Reads control lines from stdin until it closes. Detached: it may still be blocked in read()
/// when the run ends, which is harmless since the process exits right after.
void read_commands(std::shared_ptr<std::atomic<double>> pace) {
  std::string buffer;
  char chunk[256];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t end = buffer.find('\n'); end != std::string::npos; end = buffer.find('\n')) {
      apply_command(buffer.substr(0, end), *pace);
      buffer.erase(0, end + 1);
    }
  }
}

json finite_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

constexpr auto kProgressEvery = std::chrono::milliseconds(100);
constexpr auto kFlushEvery = std::chrono::milliseconds(30);

}  // namespace

RunPacer::RunPacer(std::shared_ptr<const std::atomic<double>> pace) : pace_(std::move(pace)) {}

void RunPacer::wait_for(double sim_time_s, const std::function<bool()>& give_up,
                        const std::function<void()>& before_sleep) {
  // Farther behind than this and the pacer restarts from here instead of catching up: the
  // run was paused or is slower than the pace, and a class should not see it race.
  constexpr double kMaxLagS = 0.5;
  constexpr auto kNap = std::chrono::milliseconds(20);
  const double pace = pace_->load();
  const auto now = Clock::now();
  if (pace <= 0.0) {
    anchored_ = false;
    return;
  }
  if (!anchored_ || pace != anchor_pace_) {
    anchored_ = true;
    anchor_pace_ = pace;
    anchor_sim_s_ = sim_time_s;
    anchor_wall_ = now;
    return;
  }
  const auto due = anchor_wall_ + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>((sim_time_s - anchor_sim_s_) / pace));
  if (now - due > std::chrono::duration<double>(kMaxLagS)) {
    anchor_sim_s_ = sim_time_s;
    anchor_wall_ = now;
    return;
  }
  bool slept = false;
  while (Clock::now() < due && !give_up() && pace_->load() == pace) {
    if (!slept) before_sleep();
    slept = true;
    std::this_thread::sleep_for(std::min<Clock::duration>(kNap, due - Clock::now()));
  }
}

double RunPacer::paced_seconds_left(double sim_time_s, double end_s) const {
  const double pace = pace_->load();
  if (pace <= 0.0 || !std::isfinite(end_s)) return 0.0;
  return std::max(0.0, end_s - sim_time_s) / pace;
}

StreamObserver::StreamObserver(std::ostream& out, double pace)
    : out_(out), pace_(std::make_shared<std::atomic<double>>(std::max(0.0, pace))), pacer_(pace_) {
  // A terminal is a person typing, not the app; reading it from a background job would also
  // stop the process (SIGTTIN).
  if (!isatty(STDIN_FILENO)) std::thread(read_commands, pace_).detach();
}

StreamObserver::~StreamObserver() {
  out_.flush();
}

void StreamObserver::write_line(const json& line, bool flush_now) {
  out_ << line.dump() << '\n';
  const auto now = std::chrono::steady_clock::now();
  if (flush_now || now - last_flush_ >= kFlushEvery) {
    out_.flush();
    last_flush_ = now;
  }
}

void StreamObserver::pace_to(double sim_time_s) {
  pacer_.wait_for(
      sim_time_s, [this] { return stop_requested(); }, [this] { out_.flush(); });
}

void StreamObserver::on_progress(const sim::Progress& progress) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_progress_ >= kProgressEvery) {
    last_progress_ = now;
    // The engine's ETA assumes full speed (and the fluid run gives none): estimate it from the
    // pace of the run so far, and never less than the pace allows.
    double eta = progress.eta_s;
    if (!std::isfinite(eta) && std::isfinite(progress.end_time_s) && progress.sim_time_s > 0)
      eta = progress.wall_time_s * (progress.end_time_s - progress.sim_time_s) / progress.sim_time_s;
    if (std::isfinite(eta))
      eta = std::max(eta, pacer_.paced_seconds_left(progress.sim_time_s, progress.end_time_s));
    write_line(json{{"type", "progress"},
                    {"sim_time_s", progress.sim_time_s},
                    {"end_time_s", finite_or_null(progress.end_time_s)},
                    {"wall_time_s", progress.wall_time_s},
                    {"events", progress.events},
                    {"events_per_wall_s", progress.events_per_wall_s},
                    {"eta_s", finite_or_null(eta)}},
               true);
  }
  pace_to(progress.sim_time_s);
}

void StreamObserver::on_row(const std::vector<std::string>& columns, const sim::MetricsRow& row) {
  if (!columns_sent_) {
    json names = json::array({"time_s"});
    for (const auto& c : columns)
      names.push_back(c);
    write_line(json{{"type", "columns"}, {"columns", std::move(names)}}, true);
    columns_sent_ = true;
  }
  json values = json::array({row.time_s});
  for (const double v : row.values)
    values.push_back(finite_or_null(v));
  write_line(json{{"type", "row"}, {"values", std::move(values)}}, false);
  // Rows come at every sample interval inside a slice of the engine, so pacing here keeps the
  // charts moving smoothly even when slices are long.
  pace_to(row.time_s);
}

void StreamObserver::on_event(const sim::SimEvent& event) {
  write_line(json{{"type", "event"},
                  {"time_s", event.time_s},
                  {"kind", event.kind},
                  {"subject", event.subject},
                  {"detail", event.detail},
                  {"hosts", event.hosts}},
             true);
  pace_to(event.time_s);
}

bool StreamObserver::stop_requested() const {
  return StopSignals::requested();
}

void StreamObserver::write_start(const models::ScenarioSpec& spec) {
  const char* fidelity = "discrete";
  if (spec.simulation.fidelity == models::SimulationSpec::Fidelity::fluid) fidelity = "fluid";
  if (spec.simulation.fidelity == models::SimulationSpec::Fidelity::hybrid) fidelity = "hybrid";
  write_line(json{{"type", "start"},
                  {"scenario", spec.name},
                  {"variant", spec.variant},
                  {"seed", spec.seed},
                  {"params", spec.params},
                  {"start_epoch_s", spec.simulation.start_epoch_s},
                  {"duration_s", spec.simulation.duration_s},
                  {"sample_interval_s", spec.simulation.sample_interval_s},
                  {"fidelity", fidelity}},
             true);
}

void StreamObserver::write_done(const std::string& out_dir, const nlohmann::json& summary, bool stopped) {
  write_line(json{{"type", "done"}, {"out", out_dir}, {"stopped", stopped}, {"summary", json(summary)}},
             true);
}

void write_error_line(std::ostream& out, const std::exception_ptr& error) {
  json line{{"type", "error"}, {"exit_code", 1}, {"diagnostics", json::array()}};
  try {
    std::rethrow_exception(error);
  } catch (const sim::InputError& e) {
    std::string message;
    for (const auto& d : e.diagnostics()) {
      line["diagnostics"].push_back(json{{"file", d.where.file},
                                         {"line", d.where.line},
                                         {"column", d.where.column},
                                         {"message", d.message}});
      message += (message.empty() ? "" : "\n") + d.format();
    }
    line["message"] = message;
    line["exit_code"] = 2;
  } catch (const models::ScenarioError& e) {
    line["message"] = e.what();
    line["exit_code"] = 2;
  } catch (const sim::UnknownNameError& e) {
    line["message"] = e.what();
    line["exit_code"] = 2;
  } catch (const std::exception& e) {
    line["message"] = std::string("run failed: ") + e.what();
  } catch (...) {
    line["message"] = "run failed: unknown error";
  }
  out << line.dump() << '\n';
  out.flush();
}

}  // namespace stratus::cli
