// How the sweep database scales: N runs (default 10,000) recorded one transaction each, as rank
// 0 records them, with the metrics of a real summary.json (argument; default: 80 synthetic
// figures), then the `results` view read back in full. Prints JSON figures.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/sweep/metrics.hpp"
#include "cli/sweep/plan.hpp"
#include "cli/sweep/results_db.hpp"
#include "cli/sweep/sha256.hpp"

using namespace stratus::cli::sweep;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::stoi(argv[1]) : 10000;
  std::map<std::string, double> metrics;
  if (argc > 2) {
    std::ifstream in(argv[2]);
    metrics = flatten_summary(nlohmann::json::parse(in));
  } else {
    for (int i = 0; i < 80; ++i)
      metrics["figure." + std::to_string(i)] = i * 0.37;
  }
  const fs::path db_path = fs::temp_directory_path() / "stratus-sweep-db-bench.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(db_path.string() + suffix);
  SweepSpec spec;
  spec.file = "bench.yaml";
  spec.scenario_sha256 = sha256_hex("bench");
  spec.grid = {GridAxis{"rate", true, {"1", "2", "3", "4"}}};
  spec.replicates = (runs + 3) / 4;
  const auto plan = plan_runs(spec);
  SweepRecord record;
  record.spec_json = spec_json(spec);
  record.spec_sha256 = sha256_hex(record.spec_json);
  record.scenario_file = "bench.yaml";
  record.scenario_sha256 = spec.scenario_sha256;
  record.stratus_version = "bench";
  record.git_sha = "bench";
  record.simgrid_version = "bench";
  const auto t0 = std::chrono::steady_clock::now();
  {
    ResultsDb db(db_path, record, false);
    for (int i = 0; i < runs; ++i) {
      RunResult r;
      r.index = static_cast<std::size_t>(i);
      r.status = "ok";
      r.wall_s = 0.1;
      r.host = "bench";
      r.metrics = metrics;
      db.record(plan[r.index], spec, r, 1);
    }
    db.create_results_view();
  }
  const double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto t1 = std::chrono::steady_clock::now();
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db_path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, "SELECT * FROM results", -1, &stmt, nullptr);
  long rows = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW)
    ++rows;
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf(
      "{\"runs\": %d, \"metrics_per_run\": %zu, \"write_s\": %.3f, \"ms_per_run\": %.3f, \"db_mb\": %.1f, "
      "\"view_rows\": %ld, \"view_read_s\": %.3f}\n",
      runs, metrics.size(), write_s, 1000 * write_s / runs, static_cast<double>(fs::file_size(db_path)) / 1e6,
      rows, read_s);
}
