#include "cli/sweep/results_db.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace stratus::cli::sweep {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sweep (
  sweep_id INTEGER PRIMARY KEY, spec_json TEXT NOT NULL, spec_sha256 TEXT NOT NULL UNIQUE,
  scenario_file TEXT NOT NULL, scenario_sha256 TEXT NOT NULL, sweep_seed INTEGER NOT NULL,
  stratus_version TEXT NOT NULL, git_sha TEXT NOT NULL, simgrid_version TEXT NOT NULL,
  created_utc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run (
  run_id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, sweep_id INTEGER NOT NULL REFERENCES sweep(sweep_id),
  plan_index INTEGER NOT NULL, variant TEXT NOT NULL, replicate INTEGER NOT NULL, seed INTEGER NOT NULL,
  params_json TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'timeout')),
  exit_code INTEGER, error TEXT, attempt INTEGER NOT NULL, wall_s REAL, host TEXT, rank INTEGER,
  finished_utc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS param (
  run_id INTEGER NOT NULL REFERENCES run(run_id), name TEXT NOT NULL, value TEXT NOT NULL, num REAL,
  PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metric (
  run_id INTEGER NOT NULL REFERENCES run(run_id), name TEXT NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series (
  run_id INTEGER NOT NULL REFERENCES run(run_id), name TEXT NOT NULL, time_s REAL NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (run_id, name, time_s)) WITHOUT ROWID;
)sql";

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// A prepared statement, finalised on every path out.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind_int(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  /// True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void run() {
    step();
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::int64_t integer(int col) { return sqlite3_column_int64(stmt_, col); }
  double real(int col) { return sqlite3_column_double(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// The run's integer id: the key's first 64 bits. The same on every rank and in every resumed
/// sweep (an autoincrement would follow the order runs finish in, and the metric table would
/// differ between two identical sweeps), and 8 bytes instead of 64 in each metric row.
std::int64_t run_id(const std::string& key) {
  return static_cast<std::int64_t>(std::stoull(key.substr(0, 16), nullptr, 16));
}

/// SQLite quoting of an identifier for the view's column names.
std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

ResultsDb::ResultsDb(const std::filesystem::path& path, const SweepRecord& sweep, bool force) : path_(path) {
  const std::string where = path.string() + ": ";
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw DatabaseRefused(where + "cannot open: " + msg);
  }
  // A writer holding the lock for longer than this is another sweep, not a passing reader.
  sqlite3_busy_timeout(db_, 2000);
  // Take the write lock first, then look: another writer cannot slip in between the check and
  // the sweep's record. A corrupt file fails here or at the first read, before any write.
  const int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    throw DatabaseRefused(where + "the database is locked by another process (another sweep writing to it?)");
  if (rc != SQLITE_OK) throw DatabaseRefused(where + "not a usable SQLite database: " + sqlite3_errmsg(db_));
  try {
    std::set<std::string> tables;
    {
      Statement s(db_, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')");
      while (s.step())
        tables.insert(s.text(0));
    }
    if (!tables.empty() && !tables.count("sweep"))
      throw DatabaseRefused(where +
                            "not a Stratus sweep database (it has other tables); choose another --db");
    if (tables.count("sweep")) {
      Statement same(db_, "SELECT sweep_id FROM sweep WHERE spec_sha256 = ?");
      same.bind(1, sweep.spec_sha256);
      if (same.step()) sweep_id_ = same.integer(0);
      if (sweep_id_ == 0 && !force) {
        Statement other(db_, "SELECT spec_json, created_utc FROM sweep ORDER BY sweep_id DESC LIMIT 1");
        std::string detail;
        if (other.step()) detail = " (created " + other.text(1) + ": " + other.text(0) + ")";
        throw DatabaseRefused(where + "belongs to another sweep" + detail +
                              "; use another --db, or --force to add this sweep to it (runs with the "
                              "same key are then reused)");
      }
    }
    if (sweep_id_ == 0) {
      exec(kSchema);
      Statement insert(
          db_,
          "INSERT INTO sweep (spec_json, spec_sha256, scenario_file, scenario_sha256, sweep_seed, "
          "stratus_version, git_sha, simgrid_version, created_utc) VALUES (?,?,?,?,?,?,?,?,?)");
      insert.bind(1, sweep.spec_json)
          .bind(2, sweep.spec_sha256)
          .bind(3, sweep.scenario_file)
          .bind(4, sweep.scenario_sha256)
          .bind_int(5, static_cast<std::int64_t>(sweep.sweep_seed))  // two's complement above 2^63
          .bind(6, sweep.stratus_version)
          .bind(7, sweep.git_sha)
          .bind(8, sweep.simgrid_version)
          .bind(9, utc_now());
      insert.run();
      sweep_id_ = sqlite3_last_insert_rowid(db_);
    }
    exec("COMMIT");
  } catch (const DatabaseRefused&) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  } catch (const std::exception& e) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    const std::string msg = e.what();
    sqlite3_close(db_);
    db_ = nullptr;
    throw DatabaseRefused(where + "not a usable SQLite database: " + msg);
  }
  // WAL: readers never block the writer. NORMAL: a commit survives a killed process (not a
  // power cut), at a fraction of FULL's cost per run.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
}

ResultsDb::~ResultsDb() {
  if (db_) sqlite3_close(db_);
}

void ResultsDb::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string msg = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(path_.string() + ": " + msg);
  }
}

std::map<std::string, StoredRun> ResultsDb::stored_runs() {
  std::map<std::string, StoredRun> out;
  Statement s(db_, "SELECT run_key, status, attempt FROM run");
  while (s.step())
    out[s.text(0)] = StoredRun{s.text(1), static_cast<int>(s.integer(2))};
  return out;
}

void ResultsDb::record(const PlannedRun& run, const SweepSpec& spec, const RunResult& result, int attempt) {
  // The run's params: the fixed --param overrides, then the grid (which wins).
  std::map<std::string, std::string> params;
  for (const auto& p : spec.params) {
    const auto eq = p.find('=');
    if (eq != std::string::npos) params[p.substr(0, eq)] = p.substr(eq + 1);
  }
  for (const auto& s : spec.sets) {
    const auto eq = s.find('=');
    if (eq != std::string::npos) params[s.substr(0, eq)] = s.substr(eq + 1);
  }
  for (const auto& [k, v] : run.point)
    params[k] = v;
  const std::int64_t id = run_id(run.key);
  exec("BEGIN");
  try {
    for (const char* table : {"metric", "param", "series"}) {
      Statement del(db_, std::string("DELETE FROM ") + table + " WHERE run_id = ?");
      del.bind_int(1, id);
      del.run();
    }
    Statement insert(
        db_,
        "INSERT OR REPLACE INTO run (run_key, sweep_id, plan_index, variant, replicate, seed, "
        "params_json, status, exit_code, error, attempt, wall_s, host, rank, finished_utc, run_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, run.key)
        .bind_int(2, sweep_id_)
        .bind_int(3, static_cast<std::int64_t>(run.index))
        .bind(4, run.variant)
        .bind_int(5, run.replicate)
        .bind_int(6, static_cast<std::int64_t>(run.seed))
        .bind(7, nlohmann::json(params).dump())
        .bind(8, result.status)
        .bind_int(9, result.exit_code);
    if (result.error.empty())
      insert.bind_null(10);
    else
      insert.bind(10, result.error);
    insert.bind_int(11, attempt).bind(12, result.wall_s).bind(13, result.host).bind_int(14, result.rank);
    insert.bind(15, utc_now()).bind_int(16, id);
    insert.run();
    Statement param(db_, "INSERT INTO param (run_id, name, value, num) VALUES (?,?,?,?)");
    for (const auto& [name, value] : params) {
      param.bind_int(1, id).bind(2, name).bind(3, value);
      std::size_t used = 0;
      double num = 0;
      bool numeric = false;
      try {
        num = std::stod(value, &used);
        numeric = used == value.size();
      } catch (const std::exception&) {
      }
      if (numeric)
        param.bind(4, num);
      else
        param.bind_null(4);
      param.run();
    }
    Statement metric(db_, "INSERT INTO metric (run_id, name, value) VALUES (?,?,?)");
    for (const auto& [name, value] : result.metrics) {
      metric.bind_int(1, id).bind(2, name).bind(3, value);
      metric.run();
    }
    if (!result.timeseries_csv.empty()) record_series(id, result.timeseries_csv);
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void ResultsDb::record_series(std::int64_t run_id, const std::string& csv) {
  // timeseries.csv: time_s, then one column per series, one row per sample; empty or
  // non-numeric cells are left out.
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
      const auto comma = line.find(',', start);
      cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) return cells;
      start = comma + 1;
    }
  };
  auto number = [](const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
  };
  std::istringstream lines(csv);
  std::string line;
  if (!std::getline(lines, line)) return;
  const std::vector<std::string> names = split(line);
  Statement insert(db_, "INSERT OR REPLACE INTO series (run_id, name, time_s, value) VALUES (?,?,?,?)");
  while (std::getline(lines, line)) {
    const std::vector<std::string> cells = split(line);
    double t = 0;
    if (cells.empty() || !number(cells[0], t)) continue;
    for (std::size_t c = 1; c < cells.size() && c < names.size(); ++c) {
      double v = 0;
      if (!number(cells[c], v)) continue;
      insert.bind_int(1, run_id).bind(2, names[c]).bind(3, t).bind(4, v);
      insert.run();
    }
  }
}

void ResultsDb::create_results_view() {
  std::vector<std::string> names;
  {
    Statement s(db_, "SELECT DISTINCT name FROM param ORDER BY name");
    while (s.step())
      names.push_back(s.text(0));
  }
  std::string sql =
      "DROP VIEW IF EXISTS results; CREATE VIEW results AS SELECT r.run_id, r.run_key, r.sweep_id, "
      "r.plan_index, "
      "r.variant, r.replicate, r.seed, r.status";
  std::string joins;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string alias = "p" + std::to_string(i);
    sql += ", COALESCE(" + alias + ".num, " + alias + ".value) AS " + quote_identifier(names[i]);
    std::string literal = "'";
    for (char c : names[i])
      literal += c == '\'' ? std::string("''") : std::string(1, c);
    literal += "'";
    joins += " LEFT JOIN param " + alias + " ON " + alias + ".run_id = r.run_id AND " + alias +
             ".name = " + literal;
  }
  sql += ", m.name AS metric, m.value AS value FROM run r JOIN metric m ON m.run_id = r.run_id" + joins;
  exec(sql);
}

std::map<std::string, std::map<std::string, double>> ResultsDb::metrics_of(
    const std::vector<std::string>& keys, const std::vector<std::string>& names) {
  std::map<std::string, std::map<std::string, double>> out;
  Statement s(db_,
              "SELECT m.value FROM metric m JOIN run r ON r.run_id = m.run_id "
              "WHERE r.run_key = ? AND m.name = ? AND r.status = 'ok'");
  for (const auto& key : keys)
    for (const auto& name : names) {
      s.bind(1, key).bind(2, name);
      if (s.step()) out[key][name] = s.real(0);
      s.reset();
    }
  return out;
}

}  // namespace stratus::cli::sweep
