// Stopping a run from outside (Ctrl-C, SIGTERM, a second Ctrl-C, kill -9) as a user would,
// with the real binary: what is written, what is not, and the exit codes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/process.hpp"

namespace {

using namespace stratus::testing;
namespace fs = std::filesystem;

const std::string kMmc = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mmc.yaml";

/// A run started in the background: its pid, so that a test can signal it.
struct Background {
  pid_t pid = -1;
  fs::path log;
};

Background start(const std::string& args, const fs::path& log) {
  Background b{-1, log};
  b.pid = fork();
  if (b.pid == 0) {
    const std::string command = "exec " + stratus_cmd(args) + " >" + log.string() + " 2>&1";
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return b;
}

int wait_exit_code(const Background& b) {
  int status = 0;
  while (waitpid(b.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Waits until the run has started simulating (its progress lines appear), at most 20 s.
void wait_for_progress(const Background& b) {
  for (int i = 0; i < 400; ++i) {
    if (read_text(b.log).find("events/s") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL() << "the run never reported progress: " << read_text(b.log);
}

std::vector<std::string> hidden_files(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().front() == '.') found.push_back(e.path().string());
  return found;
}

// A long M/M/c run: about 10^8 arrivals, far more than the test waits for.
const std::string kLongRun = kMmc + " --param duration=1e7s --seed 3";

TEST(CliInterrupt, CtrlCWritesCompletePartialResultsAndExits130) {
  const auto dir = temp_dir("sigint");
  const Background run = start("run " + kLongRun + " --out " + (dir / "out").string(), dir / "log");
  wait_for_progress(run);
  kill(run.pid, SIGINT);
  EXPECT_EQ(wait_exit_code(run), 130) << read_text(dir / "log");
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  EXPECT_EQ(summary["status"], "stopped");
  EXPECT_LT(summary["sim_time_s"].get<double>(), 1e7);
  EXPECT_TRUE(summary["conservation"]["requests_balanced"].get<bool>());
  const auto& r = summary["requests"];
  EXPECT_GT(r["arrived"].get<double>(), 0);
  EXPECT_EQ(r["arrived"].get<double>(), r["completed"].get<double>() + r["rejected"].get<double>() +
                                            r["failed"].get<double>() + r["in_flight"].get<double>());
  EXPECT_TRUE(fs::exists(dir / "out" / "timeseries.csv"));
  EXPECT_TRUE(fs::exists(dir / "out" / "bill.csv"));
  EXPECT_NE(read_text(dir / "log").find("partial results"), std::string::npos) << read_text(dir / "log");
  EXPECT_TRUE(hidden_files(dir / "out").empty());
}

TEST(CliInterrupt, SigtermStopsTheSameWayWithExit143) {
  const auto dir = temp_dir("sigterm");
  const Background run = start("run " + kLongRun + " --out " + (dir / "out").string(), dir / "log");
  wait_for_progress(run);
  kill(run.pid, SIGTERM);
  EXPECT_EQ(wait_exit_code(run), 143) << read_text(dir / "log");
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  EXPECT_EQ(summary["status"], "stopped");
}

TEST(CliInterrupt, ASecondCtrlCAbortsAtOnceLeavingNoFileBehind) {
  const auto dir = temp_dir("sigint2");
  const Background run = start("run " + kLongRun + " --out " + (dir / "out").string(), dir / "log");
  wait_for_progress(run);
  kill(run.pid, SIGINT);
  kill(run.pid, SIGINT);
  const int code = wait_exit_code(run);
  // The second signal may land while the first is still being honoured (partial results
  // written, exit 130) or before (an abort, exit 130 too): either way no temporary is left,
  // and whatever summary exists is complete JSON.
  EXPECT_EQ(code, 130) << read_text(dir / "log");
  if (fs::exists(dir / "out")) {
    EXPECT_TRUE(hidden_files(dir / "out").empty());
    if (fs::exists(dir / "out" / "summary.json")) {
      EXPECT_TRUE(nlohmann::json::accept(read_text(dir / "out" / "summary.json")));
    }
  }
}

TEST(CliInterrupt, KillNineLeavesNoFinalFileHalfWrittenAndTheNextRunSweepsItsTemporaries) {
  const auto dir = temp_dir("sigkill");
  const fs::path out = dir / "out";
  // A temporary as a killed writer leaves it: hidden, named after a process that is gone.
  fs::create_directories(out);
  const pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  const fs::path debris = out / (".summary.json." + std::to_string(gone) + ".0.tmp");
  { std::ofstream(debris) << "{\"half"; }
  const Background run = start("run " + kLongRun + " --out " + out.string(), dir / "log");
  wait_for_progress(run);
  kill(run.pid, SIGKILL);
  wait_exit_code(run);
  EXPECT_FALSE(fs::exists(out / "summary.json"));  // nothing final is written before the end
  // The next run of the same folder removes what the dead writers left.
  const auto r = run_command(stratus_cmd("run " + kMmc + " --until 300s --quiet --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists(debris));
  EXPECT_TRUE(hidden_files(out).empty());
}

TEST(CliInterrupt, CompareStopsItsVariantsAndKeepsWhatTheyWrote) {
  const auto dir = temp_dir("compare-stop");
  const std::string file = std::string(STRATUS_SOURCE_DIR) + "/scenarios/scaling-policies.yaml";
  const Background run =
      start("compare " + file + " --workers 2 --quiet --out " + (dir / "out").string(), dir / "log");
  // Let the first two variants start simulating, then stop the comparison.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  kill(run.pid, SIGTERM);
  EXPECT_EQ(wait_exit_code(run), 143) << read_text(dir / "log");
  const std::string csv = read_text(dir / "out" / "comparison.csv");
  EXPECT_NE(csv.find(",status\n"), std::string::npos) << csv;
  EXPECT_NE(read_text(dir / "log").find("stopped:"), std::string::npos) << read_text(dir / "log");
  // Every variant listed ended or stopped with its results; none shows another run's folder.
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    const std::string variant = line.substr(0, line.find(','));
    const auto summary = nlohmann::json::parse(read_text(dir / "out" / variant / "summary.json"));
    EXPECT_EQ(line.substr(line.rfind(',') + 1), summary.value("status", "completed")) << line;
  }
}

}  // namespace
