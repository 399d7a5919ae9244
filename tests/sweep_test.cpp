// `stratus sweep` as a user meets it: real child runs, real Open MPI (mpirun as root with the
// CI settings of the sweeps reference), the SQLite file read back with SQLite itself.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "support/process.hpp"

namespace {

using namespace stratus::testing;
namespace fs = std::filesystem;

const std::string kMmc = std::string(STRATUS_SOURCE_DIR) + "/scenarios/validation/mmc.yaml";
// Tiny runs (~0.1–0.5 s): 300 s of M/M/c.
const std::string kTiny = " --param duration=300s";
// mpirun as root on a CI machine: allowed, oversubscription for -n 4 on 2 cores, and no
// single-copy shared memory (fails in containers without SYS_PTRACE).
const std::string kMpiEnv =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
    "OMPI_MCA_btl_vader_single_copy_mechanism=none ";

std::string sweep(const std::string& args) {
  return stratus_cmd("sweep " + kMmc + kTiny + " " + args);
}

std::string mpirun(int ranks, const std::string& args) {
  return kMpiEnv + "mpirun -n " + std::to_string(ranks) + " " + sweep(args);
}

/// Rows of a query, each row's columns joined by '|', rows by '\n'.
std::string query(const fs::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    return "cannot open";
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    out = std::string("error: ") + sqlite3_errmsg(handle);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* text = sqlite3_column_text(stmt, c);
        out += (c ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      out += "\n";
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return out;
}

std::string file_bytes(const fs::path& p) {
  return fs::exists(p) ? read_text(p) : std::string("<absent>");
}

bool have_mpirun() {
  return run_command("command -v mpirun").exit_code == 0;
}

const char* kNoMpi = "mpirun not found: scripts/setup installs openmpi-bin and libopenmpi-dev";

TEST(Sweep, TwoMpiRanksRunATwoByTwoByThreeGrid) {
  ASSERT_TRUE(have_mpirun()) << kNoMpi;
  const auto dir = temp_dir("mpi2");
  const auto db = dir / "r.sqlite";
  const auto r =
      run_command(mpirun(2, "--grid servers=10,12 --grid arrival_rate=8,9 --seeds 3 -q --db " + db.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(query(db, "SELECT status, count(*) FROM run GROUP BY status"), "ok|12\n");
  EXPECT_EQ(query(db, "SELECT count(DISTINCT rank) FROM run"), "2\n") << "both ranks ran some";
  EXPECT_EQ(query(db, "SELECT count(*) FROM param"), "36\n") << "duration, servers and arrival_rate per run";
  // Common random numbers: replicate r has one seed across the four grid points.
  EXPECT_EQ(query(db, "SELECT count(DISTINCT seed) FROM run GROUP BY replicate"), "1\n1\n1\n");
  EXPECT_EQ(query(db, "SELECT count(DISTINCT seed) FROM run"), "3\n");
  // The view pandas reads: one column per param.
  EXPECT_EQ(query(db,
                  "SELECT count(DISTINCT run_key) FROM results WHERE metric = 'latency_s.p99' "
                  "AND servers = 12 AND arrival_rate = 9"),
            "3\n");
  EXPECT_EQ(query(db, "PRAGMA journal_mode"), "wal\n");
  // The sweep's identity and versions: the scenario's seed (mmc.yaml: 1), SimGrid, a commit.
  EXPECT_EQ(query(db,
                  "SELECT sweep_seed, simgrid_version LIKE '3.%', length(git_sha) >= 7, "
                  "length(scenario_sha256), length(spec_sha256) FROM sweep"),
            "1|1|1|64|64\n");
}

TEST(Sweep, MetricTableIsTheSameForOneTwoFourRanksAndTwoLocalWorkers) {
  ASSERT_TRUE(have_mpirun()) << kNoMpi;
  const auto dir = temp_dir("det");
  const std::string grid = "--grid servers=10,12 --grid arrival_rate=8,9 --seeds 2 -q --db ";
  std::vector<std::string> tables;
  for (const auto& [name, command] : std::vector<std::pair<std::string, std::string>>{
           {"n1", mpirun(1, grid + (dir / "n1.sqlite").string())},
           {"n2", mpirun(2, grid + (dir / "n2.sqlite").string())},
           {"n4", mpirun(4, grid + (dir / "n4.sqlite").string())},
           {"w2", sweep("--workers 2 " + grid + (dir / "w2.sqlite").string())}}) {
    const auto r = run_command(command);
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.output;
    tables.push_back(query(dir / (name + ".sqlite"), "SELECT * FROM metric"));
    EXPECT_GT(std::count(tables.back().begin(), tables.back().end(), '\n'), 8 * 50) << name;
  }
  for (std::size_t i = 1; i < tables.size(); ++i)
    EXPECT_TRUE(tables[i] == tables[0]) << "table " << i << " differs from -n 1";
  EXPECT_EQ(query(dir / "n4.sqlite", "SELECT count(DISTINCT rank) FROM run"), "4\n");
}

TEST(Sweep, KilledSweepResumesWithoutDuplicates) {
  const auto dir = temp_dir("resume");
  const auto db = dir / "r.sqlite";
  const std::string args = "--grid arrival_rate=7,8,9,10 --seeds 3 --workers 1 -q --db " + db.string();
  const auto pid_file = dir / "pid";
  ASSERT_EQ(
      std::system(
          (sweep(args) + " > " + (dir / "log").string() + " 2>&1 & echo $! > " + pid_file.string()).c_str()),
      0);
  const pid_t pid = std::stoi(read_text(pid_file));
  // Kill it (SIGKILL: no chance to tidy up) once some runs are committed, before all are.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int committed = 0;
  while (std::chrono::steady_clock::now() < give_up) {
    const std::string n = fs::exists(db) ? query(db, "SELECT count(*) FROM run") : "";
    committed = n.empty() || n[0] == 'e' || n[0] == 'c' ? 0 : std::stoi(n);
    if (committed >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_GE(committed, 3);
  ASSERT_LT(committed, 12) << "the sweep finished before it could be killed";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string kept = query(db, "SELECT run_key, finished_utc FROM run ORDER BY run_key");
  const auto before = std::count(kept.begin(), kept.end(), '\n');

  const auto r = run_command(sweep(args));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(std::to_string(before) + " reused"), std::string::npos) << r.output;
  EXPECT_EQ(query(db, "SELECT count(*), count(DISTINCT run_key) FROM run WHERE status = 'ok'"), "12|12\n");
  EXPECT_EQ(query(db, "SELECT max(attempt) FROM run"), "1\n") << "no run ran twice";
  // The committed runs are the same rows, untouched.
  const std::string after = query(db, "SELECT run_key, finished_utc FROM run ORDER BY run_key");
  std::istringstream lines(kept);
  for (std::string line; std::getline(lines, line);)
    EXPECT_NE(after.find(line), std::string::npos) << line;
  // The killed sweep's folder for runs in progress (a sweep that ends removes its own).
  fs::remove_all(fs::temp_directory_path() / ("stratus-sweep-" + std::to_string(pid)));
  // A third run of the same command has nothing left to do.
  const auto again = run_command(sweep(args));
  EXPECT_NE(again.output.find("12 planned, 12 reused, 0 run"), std::string::npos) << again.output;
}

TEST(Sweep, TimedOutChildIsRecordedAndTheSweepCompletes) {
  const auto dir = temp_dir("timeout");
  const auto db = dir / "r.sqlite";
  // 2·10^6 s of M/M/c takes far longer than the 1 s limit; 300 s takes a fraction of it.
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run_command(stratus_cmd(
      "sweep " + kMmc + " --grid duration=300s,2000000s --timeout 1 --workers 2 -q --db " + db.string()));
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_LT(took, 10) << "the long run was stopped";
  EXPECT_EQ(query(db, "SELECT p.value, r.status FROM run r JOIN param p USING (run_id) ORDER BY plan_index"),
            "300s|ok\n2000000s|timeout\n");
  EXPECT_NE(query(db, "SELECT error FROM run WHERE status = 'timeout'").find("time limit"),
            std::string::npos);
  EXPECT_EQ(query(db, "SELECT count(*) FROM metric m JOIN run r USING (run_id) WHERE r.status != 'ok'"),
            "0\n");
}

TEST(Sweep, CrashingChildIsRecordedAndTheSweepCompletes) {
  const auto dir = temp_dir("crash");
  const auto db = dir / "r.sqlite";
  const auto pid_file = dir / "pid";
  const std::string cmd =
      stratus_cmd("sweep " + kMmc + " --grid duration=300s,3000000s --workers 2 -q --db " + db.string());
  ASSERT_EQ(
      std::system((cmd + " > " + (dir / "log").string() + " 2>&1 & echo $! > " + pid_file.string()).c_str()),
      0);
  const pid_t sweep_pid = std::stoi(read_text(pid_file));
  // Find the long run's child (its parent is the sweep) and crash it.
  pid_t victim = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (victim == 0 && std::chrono::steady_clock::now() < give_up) {
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::string cmdline = read_text(entry.path() / "cmdline");
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      const std::string stat = read_text(entry.path() / "stat");
      const auto close = stat.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream fields(stat.substr(close + 2));
      std::string state;
      pid_t parent = 0;
      fields >> state >> parent;
      if (parent == sweep_pid && cmdline.find("duration=3000000s") != std::string::npos)
        victim = std::stoi(name);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(victim, 0) << read_text(dir / "log");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(kill(victim, SIGSEGV), 0);
  // The sweep itself goes on to the end, and exits.
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < end && kill(sweep_pid, 0) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(kill(sweep_pid, 0), 0) << "the sweep did not end";
  EXPECT_EQ(query(db,
                  "SELECT p.value, r.status, r.exit_code FROM run r JOIN param p USING (run_id) ORDER BY "
                  "plan_index"),
            "300s|ok|0\n3000000s|failed|139\n");
}

TEST(Sweep, PairedDifferencesAreNarrowerThanUnpairedOnes) {
  const auto dir = temp_dir("paired");
  const auto scenario = dir / "mmc-variants.yaml";
  std::ofstream(scenario) << read_text(kMmc) << R"(variants:
  - name: fifo
  - name: two-choices
    set: {services.mmc.load_balancer: two-choices}
)";
  const auto r = run_command(stratus_cmd("sweep " + scenario.string() + kTiny +
                                         " --seeds 5 --workers 2 --metrics latency_s.mean --db " +
                                         (dir / "r.sqlite").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // "  two-choices  5  3 ± 0.39  1.408 ± 0.19  1.408 ± 0.41": the baseline is the first variant.
  const std::regex row(
      R"(two-choices +5 +([0-9.]+) ± ([0-9.]+) +([-0-9.]+) ± ([0-9.]+) +([-0-9.]+) ± ([0-9.]+))");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, row)) << r.output;
  EXPECT_NEAR(std::stod(m[3]), std::stod(m[5]), 1e-3) << "the same difference of means";
  EXPECT_LT(std::stod(m[4]), std::stod(m[6])) << "common random numbers narrow the paired interval";
  EXPECT_NE(r.output.find("Δ vs fifo (paired)"), std::string::npos) << r.output;
  // Every replicate ran on the same seed in both variants.
  EXPECT_EQ(query(dir / "r.sqlite", "SELECT count(DISTINCT variant) FROM run GROUP BY seed"),
            "2\n2\n2\n2\n2\n");
}

TEST(Sweep, CompareWithReplicationsReportsPairedDifferences) {
  const auto dir = temp_dir("compare");
  const auto scenario = dir / "mmc-variants.yaml";
  std::ofstream(scenario) << read_text(kMmc) << R"(variants:
  - name: fifo
  - name: two-choices
    set: {services.mmc.load_balancer: two-choices}
)";
  const auto out = dir / "out";
  const auto r =
      run_command(stratus_cmd("compare " + scenario.string() + kTiny +
                              " --replications 3 --workers 2 --baseline two-choices --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Δ vs two-choices (paired)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fifo         3"), std::string::npos) << r.output;
  // Replicate 0 is the comparison's usual run, on the scenario's seed; the others share theirs.
  EXPECT_EQ(nlohmann::json::parse(read_text(out / "fifo" / "summary.json"))["seed"], 1);
  for (const char* r_dir : {"r1", "r2"})
    EXPECT_EQ(nlohmann::json::parse(read_text(out / "replicates" / "fifo" / r_dir / "summary.json"))["seed"],
              nlohmann::json::parse(
                  read_text(out / "replicates" / "two-choices" / r_dir / "summary.json"))["seed"]);
  const auto bad = run_command(stratus_cmd("compare " + scenario.string() + kTiny +
                                           " --replications 2 --baseline two-choice --out " + out.string()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("did you mean 'two-choices'?"), std::string::npos) << bad.output;
}

TEST(Sweep, TimeseriesGoInTheDatabaseOnRequestAndRunFoldersAreKeptOnRequest) {
  const auto dir = temp_dir("series");
  const auto db = dir / "r.sqlite";
  const auto keep = dir / "runs";
  const auto r =
      run_command(sweep("--set simulation.sample_interval=60s --grid servers=10,12 --workers 2 -q "
                        "--timeseries --keep-runs " +
                        keep.string() + " --db " + db.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string key = query(db, "SELECT substr(run_key, 1, 16) FROM run WHERE plan_index = 1");
  const auto csv = read_text(keep / key.substr(0, 16) / "out" / "timeseries.csv");
  // The arrivals column of the kept file, row by row, against the series table.
  std::istringstream lines(csv);
  std::string line, expected;
  std::getline(lines, line);
  ASSERT_EQ(line.rfind("time_s,mmc.requests_arrived,", 0), 0u) << line;
  while (std::getline(lines, line)) {
    const auto first = line.find(','), second = line.find(',', first + 1);
    expected += line.substr(0, first) + "|" + line.substr(first + 1, second - first - 1) + "\n";
  }
  EXPECT_EQ(
      query(db,
            "SELECT CAST(time_s AS INTEGER), CAST(value AS INTEGER) FROM series JOIN run USING (run_id) "
            "WHERE plan_index = 1 AND name = 'mmc.requests_arrived' ORDER BY time_s"),
      expected);
  EXPECT_EQ(std::count(expected.begin(), expected.end(), '\n'), 5) << "five minutes of one-minute samples";
  // Without --timeseries: no series.
  const auto plain = dir / "plain.sqlite";
  ASSERT_EQ(run_command(sweep("--grid servers=10 -q --workers 1 --db " + plain.string())).exit_code, 0);
  EXPECT_EQ(query(plain, "SELECT count(*) FROM series"), "0\n");
}

// Bad input: a clear message, exit 2, and the database as it was (or still absent).
void expect_refused(const std::string& args, const fs::path& db, const std::string& message) {
  const std::string before = file_bytes(db);
  const auto r = run_command(sweep(args + " --db " + db.string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
  EXPECT_EQ(file_bytes(db), before) << "the database changed";
  EXPECT_FALSE(fs::exists(db.string() + "-wal") && before == "<absent>");
}

TEST(Sweep, GridOnAnUndeclaredParamSuggestsTheNearest) {
  const auto dir = temp_dir("undeclared");
  expect_refused("--grid arival_rate=8,9", dir / "r.sqlite",
                 "unknown param 'arival_rate'; did you mean 'arrival_rate'?");
}

TEST(Sweep, EmptyGridIsRefused) {
  const auto dir = temp_dir("empty");
  expect_refused("--grid arrival_rate=", dir / "r.sqlite", "empty grid value for 'arrival_rate'");
  expect_refused("--grid arrival_rate=8,,9", dir / "r.sqlite", "empty grid value for 'arrival_rate'");
}

TEST(Sweep, InvalidRunIsNamedBeforeAnyRuns) {
  const auto dir = temp_dir("invalid");
  expect_refused("--grid servers=10,500 --seeds 2", dir / "r.sqlite", "run #2 servers=500 replicate=0");
}

TEST(Sweep, DatabaseOfAnotherSweepIsRefusedUnlessForced) {
  const auto dir = temp_dir("other");
  const auto db = dir / "r.sqlite";
  ASSERT_EQ(run_command(sweep("--grid servers=10 -q --workers 1 --db " + db.string())).exit_code, 0);
  expect_refused("--grid servers=10,11 -q --workers 1", db, "belongs to another sweep");
  const auto forced = run_command(sweep("--grid servers=10,11 -q --workers 1 --force --db " + db.string()));
  ASSERT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(forced.output.find("2 planned, 1 reused, 1 run"), std::string::npos) << forced.output;
  EXPECT_EQ(query(db, "SELECT count(*) FROM sweep"), "2\n");
}

TEST(Sweep, LockedDatabaseIsRefused) {
  const auto dir = temp_dir("locked");
  const auto db = dir / "r.sqlite";
  ASSERT_EQ(run_command(sweep("--grid servers=10 -q --workers 1 --db " + db.string())).exit_code, 0);
  // Another process holds the write lock: in a child, because closing any descriptor of the
  // file in this process (reading its bytes) would drop this process's POSIX locks on it.
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t holder = fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {
    sqlite3* other = nullptr;
    const bool ok =
        sqlite3_open(db.c_str(), &other) == SQLITE_OK &&
        sqlite3_exec(other, "BEGIN IMMEDIATE; DELETE FROM metric", nullptr, nullptr, nullptr) == SQLITE_OK;
    const char byte = ok ? '1' : '0';
    if (write(ready[1], &byte, 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  EXPECT_EQ(byte, '1');
  expect_refused("--grid servers=10 -q --workers 1", db, "locked by another process");
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_NE(query(db, "SELECT count(*) FROM metric"), "0\n") << "the holder's change was never committed";
}

TEST(Sweep, CorruptDatabaseIsRefused) {
  const auto dir = temp_dir("corrupt");
  const auto db = dir / "r.sqlite";
  std::ofstream(db) << "this is not a database, but someone's notes\n";
  expect_refused("--grid servers=10 -q", db, "not a usable SQLite database");
}

TEST(Sweep, PlanPrintsTheRunsWithoutRunningThem) {
  const auto dir = temp_dir("plan");
  const auto r =
      run_command(sweep("--grid servers=10,12 --seeds 2 --plan --db " + (dir / "r.sqlite").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("4 run(s)"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "r.sqlite"));
}

}  // namespace
