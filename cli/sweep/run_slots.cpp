#include "cli/sweep/run_slots.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cli/sweep/metrics.hpp"

namespace stratus::cli::sweep {

namespace {

namespace fs = std::filesystem;

/// The end of a child's log: where `stratus run` says why it failed.
std::string log_tail(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  constexpr std::size_t kKeep = 1000;
  if (text.size() > kKeep) text = "…" + text.substr(text.size() - kKeep);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace

nlohmann::json to_json(const RunResult& r) {
  return {{"index", r.index}, {"status", r.status},   {"exit_code", r.exit_code},
          {"error", r.error}, {"wall_s", r.wall_s},   {"host", r.host},
          {"rank", r.rank},   {"metrics", r.metrics}, {"timeseries_csv", r.timeseries_csv}};
}

RunResult run_result_from_json(const nlohmann::json& j) {
  RunResult r;
  r.index = j.at("index").get<std::size_t>();
  r.status = j.at("status").get<std::string>();
  r.exit_code = j.at("exit_code").get<int>();
  r.error = j.at("error").get<std::string>();
  r.wall_s = j.at("wall_s").get<double>();
  r.host = j.at("host").get<std::string>();
  r.rank = j.at("rank").get<int>();
  r.metrics = j.at("metrics").get<std::map<std::string, double>>();
  r.timeseries_csv = j.value("timeseries_csv", "");
  return r;
}

RunSlots::RunSlots(const SweepSpec& spec, const std::vector<PlannedRun>& plan, SlotOptions options, int slots)
    : spec_(spec),
      plan_(plan),
      options_(std::move(options)),
      slots_(static_cast<std::size_t>(std::max(1, slots))),
      host_(host_name()) {
  fs::create_directories(options_.work_dir);
}

RunSlots::~RunSlots() {
  stop_all();
}

void RunSlots::start(std::size_t index) {
  const PlannedRun& run = plan_[index];
  const fs::path dir = options_.work_dir / run.key.substr(0, 16);
  fs::remove_all(dir);
  fs::create_directories(dir);
  try {
    running_[index] = std::make_unique<ChildProcess>(child_arguments(spec_, run, dir / "out"),
                                                     dir / "run.log", options_.timeout_s);
  } catch (const std::exception& e) {
    RunResult r;
    r.index = index;
    r.status = "failed";
    r.exit_code = -1;
    r.error = e.what();
    r.host = host_;
    r.rank = options_.rank;
    not_started_.push_back(std::move(r));
  }
}

std::vector<RunResult> RunSlots::poll() {
  std::vector<RunResult> done = std::move(not_started_);
  not_started_.clear();
  for (auto it = running_.begin(); it != running_.end();) {
    if (const auto exit = it->second->poll()) {
      done.push_back(finish(it->first, *exit));
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
  return done;
}

void RunSlots::stop_all() {
  for (auto& [index, child] : running_)
    child->stop();
  running_.clear();
}

RunResult RunSlots::finish(std::size_t index, const ChildExit& exit) {
  const PlannedRun& run = plan_[index];
  const fs::path dir = options_.work_dir / run.key.substr(0, 16);
  RunResult r;
  r.index = index;
  r.exit_code = exit.exit_code;
  r.wall_s = exit.wall_s;
  r.host = host_;
  r.rank = options_.rank;
  const fs::path summary = dir / "out" / "summary.json";
  if (exit.timed_out) {
    r.status = "timeout";
    std::ostringstream msg;
    msg << "stopped at its time limit (--timeout " << options_.timeout_s << " s)";
    r.error = msg.str();
  } else if (exit.exit_code != 0 || !fs::exists(summary)) {
    r.status = "failed";
    r.error = log_tail(dir / "run.log");
    if (r.error.empty()) r.error = "exit code " + std::to_string(exit.exit_code) + ", no output";
  } else {
    try {
      std::ifstream in(summary);
      r.metrics = flatten_summary(nlohmann::json::parse(in));
      r.status = "ok";
      if (options_.timeseries) {
        std::ifstream series(dir / "out" / "timeseries.csv");
        std::stringstream text;
        text << series.rdbuf();
        r.timeseries_csv = text.str();
      }
    } catch (const std::exception& e) {
      r.status = "failed";
      r.error = std::string("unreadable summary.json: ") + e.what();
    }
  }
  if (!options_.keep_runs) fs::remove_all(dir);
  return r;
}

}  // namespace stratus::cli::sweep
