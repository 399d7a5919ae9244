#include "models/azure_trace.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "sim/diagnostics.hpp"

namespace stratus::models {

namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kMillisecondsPerSecond = 1000.0;
constexpr std::size_t kMaxErrors = 20;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// ---------------------------------------------------------------------------------------------
// Reading

/// Lines of a file read in large blocks: one allocation for the whole file, no per-line copy.
/// A returned line stays valid until the next call.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
    if (!file_) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    path_ = path;
    // A small file (a durations or memory file, a sample) needs no 4 MiB block: one byte more than
    // its size reads it whole and sees its end in the same read.
    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(path, size_error);
    if (!size_error && size < capacity_)
      capacity_ = std::max<std::size_t>(static_cast<std::size_t>(size) + 1, 64);
    buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
  }

  /// The next line without its "\n" or "\r\n"; false at the end of the file. A last line without
  /// a newline is still returned.
  bool next(std::string_view& line) {
    for (;;) {
      if (auto* newline = static_cast<char*>(std::memchr(buffer_.get() + scan_, '\n', end_ - scan_))) {
        line = finish(static_cast<std::size_t>(newline - buffer_.get()));
        begin_ = scan_ = static_cast<std::size_t>(newline - buffer_.get()) + 1;
        return true;
      }
      scan_ = end_;
      if (eof_) {
        if (begin_ == end_) return false;
        line = finish(end_);
        begin_ = scan_ = end_;
        return true;
      }
      refill();
    }
  }

  int line_number() const { return line_; }

 private:
  std::string_view finish(std::size_t stop) {
    ++line_;
    std::string_view line(buffer_.get() + begin_, stop - begin_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  void refill() {
    // Keep the partial line, move it to the front, and grow only for a line longer than a block.
    const std::size_t kept = end_ - begin_;
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, kept);
      begin_ = 0;
      end_ = scan_ = kept;
    }
    if (end_ == capacity_) {
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity_ * 2);
      std::memcpy(bigger.get(), buffer_.get(), end_);
      buffer_ = std::move(bigger);
      capacity_ *= 2;
    }
    const std::size_t got = std::fread(buffer_.get() + end_, 1, capacity_ - end_, file_.get());
    if (got == 0) {
      if (std::ferror(file_.get())) throw std::runtime_error("error reading " + path_);
      eof_ = true;
    }
    end_ += got;
  }

  std::unique_ptr<std::FILE, decltype(&std::fclose)> file_;
  std::string path_;
  std::size_t capacity_ = std::size_t{4} << 20;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0;  // start of the current line
  std::size_t scan_ = 0;   // searched for '\n' up to here
  std::size_t end_ = 0;    // bytes in the buffer
  bool eof_ = false;
  int line_ = 0;
};

/// The comma-separated fields of one line, consumed left to right without copying.
class RowCursor {
 public:
  explicit RowCursor(std::string_view line)
      : begin_(line.data()), p_(line.data()), end_(line.data() + line.size()) {}

  /// True once the last field has been consumed.
  bool exhausted() const { return exhausted_; }
  /// 1-based column of the next field.
  int column() const { return static_cast<int>(p_ - begin_) + 1; }
  int end_column() const { return static_cast<int>(end_ - begin_) + 1; }

  std::string_view text() {
    const char* start = p_;
    const char* stop = field_end();
    advance_past(stop);
    return {start, static_cast<std::size_t>(stop - start)};
  }

  /// Parses the whole next field as a number; on failure the cursor stays on the field, so the
  /// caller can quote it with peek().
  template <class T>
  bool number(T& out) {
    const auto [stop, ec] = std::from_chars(p_, end_, out);
    if (ec != std::errc{} || (stop != end_ && *stop != ',')) return false;
    advance_past(stop);
    return true;
  }

  /// The next field, without consuming it.
  std::string_view peek() const { return {p_, static_cast<std::size_t>(field_end() - p_)}; }

 private:
  const char* field_end() const {
    const auto* comma = static_cast<const char*>(std::memchr(p_, ',', static_cast<std::size_t>(end_ - p_)));
    return comma ? comma : end_;
  }
  void advance_past(const char* stop) {
    if (stop == end_) {
      p_ = end_;
      exhausted_ = true;
    } else {
      p_ = stop + 1;
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  bool exhausted_ = false;
};

/// A field quoted for a message, shortened: a line with a wrong separator is one huge field.
std::string quoted(std::string_view field) {
  constexpr std::size_t kShown = 32;
  if (field.size() <= kShown) return "'" + std::string(field) + "'";
  return "'" + std::string(field.substr(0, kShown)) + "...'";
}

/// Collects errors across the three files and gives up after kMaxErrors: a file with a wrong
/// separator would otherwise produce one error per row.
class ErrorSink {
 public:
  void error(const std::string& file, int line, int column, std::string message) {
    diagnostics_.error({file, line, column}, std::move(message));
    if (diagnostics_.size() >= kMaxErrors) {
      diagnostics_.error({file, 0, 0},
                         "too many errors; reading stopped after the first " + std::to_string(kMaxErrors));
      diagnostics_.throw_if_errors();
    }
  }
  void throw_if_errors() const { diagnostics_.throw_if_errors(); }
  /// For a broken header: rows cannot be read against it, but earlier files' errors still count.
  void throw_if_more_than(std::size_t before) const {
    if (diagnostics_.size() > before) diagnostics_.throw_if_errors();
  }
  std::size_t count() const { return diagnostics_.size(); }

 private:
  sim::Diagnostics diagnostics_;
};

struct HeaderField {
  std::string_view name;
  int column;
};

/// The header's names, trimmed, with a UTF-8 byte-order mark removed. Throws InputError for an
/// empty file.
std::vector<HeaderField> read_header(LineReader& reader, const std::string& path, ErrorSink& errors) {
  std::string_view line;
  if (!reader.next(line)) {
    errors.error(path, 1, 1, "empty file; expected a header row");
    errors.throw_if_errors();  // nothing more to read in this file
  }
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  int shift = 0;
  if (line.starts_with(kBom)) {
    line.remove_prefix(kBom.size());
    shift = static_cast<int>(kBom.size());
  }
  std::vector<HeaderField> fields;
  RowCursor cursor(line);
  while (!cursor.exhausted()) {
    const int column = cursor.column() + shift;
    std::string_view name = cursor.text();
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
      name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
      name.remove_suffix(1);
    fields.push_back({name, column});
  }
  return fields;
}

/// Column of each named field the reader needs; records missing and repeated names as errors.
class ColumnFinder {
 public:
  ColumnFinder(const std::vector<HeaderField>& header, const std::string& path, ErrorSink& errors)
      : header_(header), path_(path), errors_(errors) {}

  std::size_t find(std::string_view name, bool required) {
    std::size_t found = kNone;
    for (std::size_t c = 0; c < header_.size(); ++c) {
      if (header_[c].name != name) continue;
      if (found != kNone)
        errors_.error(path_, 1, header_[c].column, "column " + std::string(name) + " appears twice");
      else
        found = c;
    }
    if (found == kNone && required) errors_.error(path_, 1, 0, "missing column " + std::string(name));
    return found;
  }

 private:
  const std::vector<HeaderField>& header_;
  const std::string& path_;
  ErrorSink& errors_;
};

/// An integer written as the whole of `text`.
template <class T>
bool whole_number(std::string_view text, T& out) {
  const auto [stop, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc{} && stop == text.data() + text.size();
}

/// The hashes that name a function in every file of the trace; `function` is empty for an app.
struct HashKey {
  std::string_view owner, app, function;
  friend bool operator==(const HashKey&, const HashKey&) = default;
};

std::string fields_message(std::size_t expected, std::size_t found) {
  return "expected " + std::to_string(expected) + " fields as in the header, found " + std::to_string(found);
}

/// Reports a row with fewer or more fields than the header; true when the count is right.
bool check_field_count(const RowCursor& cursor, std::size_t columns, std::size_t consumed, ErrorSink& errors,
                       const std::string& path, int line) {
  if (consumed < columns) {
    errors.error(path, line, cursor.end_column(), fields_message(columns, consumed));
    return false;
  }
  if (!cursor.exhausted()) {
    errors.error(path, line, cursor.column(), fields_message(columns, columns + 1) + " or more");
    return false;
  }
  return true;
}

/// Reads the data rows of a trace file whose header gave each column a role, `fields[c]`: a
/// Field enum with `owner`, `app` and `function` (read into the row's HashKey) and `ignored`
/// (skipped). Any other column is handed to `read_value(c, cursor, line)`, which consumes the
/// field and returns false after reporting a bad value. A row read whole, with as many fields as
/// the header, goes to `use_row(key, line)`, which returns false to stop reading; a row with an
/// error is reported and skipped, so that one pass reports every bad row.
template <class Field, class ReadValue, class UseRow>
void read_rows(LineReader& reader, const std::vector<Field>& fields, const std::string& path,
               ErrorSink& errors, ReadValue&& read_value, UseRow&& use_row) {
  const std::size_t columns = fields.size();
  std::string_view line;
  while (reader.next(line)) {
    if (line.empty()) continue;
    const int line_number = reader.line_number();
    RowCursor cursor(line);
    HashKey key;
    std::size_t c = 0;
    bool ok = true;
    for (; c < columns && ok && !cursor.exhausted(); ++c) {
      switch (fields[c]) {
        case Field::owner:
          key.owner = cursor.text();
          break;
        case Field::app:
          key.app = cursor.text();
          break;
        case Field::function:
          key.function = cursor.text();
          break;
        case Field::ignored:
          cursor.text();
          break;
        default:
          ok = read_value(c, cursor, line_number);
          break;
      }
    }
    if (!ok || !check_field_count(cursor, columns, c, errors, path, line_number)) continue;
    if (!use_row(key, line_number)) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Invocations

enum class InvocationField : std::uint8_t { ignored, owner, app, function, trigger, minute };

struct InvocationLayout {
  std::vector<InvocationField> fields;  // per column
  std::vector<std::uint32_t> minute;    // per column: 0-based minute of a minute column
  std::size_t minutes = 0;
};

InvocationLayout invocation_layout(const std::vector<HeaderField>& header, const std::string& path,
                                   ErrorSink& errors) {
  const std::size_t errors_before = errors.count();
  InvocationLayout layout;
  layout.fields.assign(header.size(), InvocationField::ignored);
  layout.minute.assign(header.size(), 0);
  ColumnFinder finder(header, path, errors);
  const std::pair<const char*, InvocationField> named[] = {{"HashOwner", InvocationField::owner},
                                                           {"HashApp", InvocationField::app},
                                                           {"HashFunction", InvocationField::function},
                                                           {"Trigger", InvocationField::trigger}};
  for (const auto& [name, field] : named)
    if (const std::size_t c = finder.find(name, true); c != kNone) layout.fields[c] = field;

  // Minute columns are the ones named by a number: 1..N in any order, each exactly once.
  std::vector<std::size_t> numbered;
  for (std::size_t c = 0; c < header.size(); ++c) {
    std::uint32_t number = 0;
    if (whole_number(header[c].name, number)) numbered.push_back(c);
  }
  layout.minutes = numbered.size();
  if (layout.minutes == 0) errors.error(path, 1, 0, "no per-minute columns (named 1, 2, ...)");
  std::vector<bool> seen(layout.minutes, false);
  for (const std::size_t c : numbered) {
    std::uint32_t number = 0;
    whole_number(header[c].name, number);
    if (number < 1 || number > layout.minutes || seen[number - 1]) {
      errors.error(path, 1, header[c].column,
                   "minute column " + std::string(header[c].name) + " is repeated or out of 1.." +
                       std::to_string(layout.minutes));
      continue;
    }
    seen[number - 1] = true;
    layout.fields[c] = InvocationField::minute;
    layout.minute[c] = number - 1;
  }
  errors.throw_if_more_than(errors_before);
  return layout;
}

/// Reads the invocations file, keeping the functions that pass the options.
AzureTrace read_invocations(const std::string& path, const TraceLoadOptions& options, ErrorSink& errors) {
  LineReader reader(path);
  const InvocationLayout layout = invocation_layout(read_header(reader, path, errors), path, errors);

  AzureTrace trace;
  trace.minutes = layout.minutes;
  std::vector<std::uint32_t> counts(layout.minutes);
  std::string_view trigger;
  const auto read_value = [&](std::size_t c, RowCursor& cursor, int line_number) {
    if (layout.fields[c] == InvocationField::trigger) {
      trigger = cursor.text();
      return true;
    }
    std::uint32_t count = 0;
    if (!cursor.number(count)) {
      errors.error(path, line_number, cursor.column(),
                   "invocation count must be a whole number >= 0, got " + quoted(cursor.peek()));
      return false;
    }
    counts[layout.minute[c]] = count;
    return true;
  };
  const auto keep_function = [&](const HashKey& key, int line_number) {
    if (key.owner.empty() || key.app.empty() || key.function.empty()) {
      errors.error(path, line_number, 1, "empty HashOwner, HashApp or HashFunction");
      return true;
    }
    if (!options.function_filter.empty() &&
        key.function.find(options.function_filter) == std::string_view::npos)
      return true;
    const std::uint64_t total = std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
    if (total < options.min_invocations) return true;

    TraceFunction& f = trace.functions.emplace_back();
    f.owner = key.owner;
    f.app = key.app;
    f.function = key.function;
    f.trigger = trigger;
    f.per_minute = counts;
    f.total_invocations = total;
    return options.max_functions == 0 || trace.functions.size() < options.max_functions;
  };
  read_rows(reader, layout.fields, path, errors, read_value, keep_function);
  return trace;
}

// ---------------------------------------------------------------------------------------------
// Joining durations and memory

struct HashKeyHash {
  std::size_t operator()(const HashKey& k) const {
    const std::hash<std::string_view> h;
    std::size_t seed = h(k.owner);
    seed ^= h(k.app) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    seed ^= h(k.function) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
  }
};

/// The loaded functions by (owner, app, function) or by (owner, app). Equal keys are chained, so
/// a key repeated in the invocations file gets its durations too. Views into `functions`, which
/// must not change while the index is used.
class FunctionIndex {
 public:
  FunctionIndex(const std::vector<TraceFunction>& functions, bool by_function)
      : next_(functions.size(), kNone) {
    first_.reserve(functions.size());
    for (std::size_t i = functions.size(); i-- > 0;) {
      const TraceFunction& f = functions[i];
      const HashKey key{f.owner, f.app, by_function ? std::string_view(f.function) : std::string_view()};
      auto [it, inserted] = first_.try_emplace(key, i);
      if (!inserted) {
        next_[i] = it->second;
        it->second = i;
      }
    }
  }

  template <class Visit>
  bool for_each(const HashKey& key, Visit&& visit) const {
    const auto it = first_.find(key);
    if (it == first_.end()) return false;
    for (std::size_t i = it->second; i != kNone; i = next_[i])
      visit(i);
    return true;
  }

 private:
  std::unordered_map<HashKey, std::size_t, HashKeyHash> first_;
  std::vector<std::size_t> next_;
};

/// Reads a non-negative finite number (a duration or a size), reporting anything else.
bool read_amount(RowCursor& cursor, ErrorSink& errors, const std::string& path, int line, double& out) {
  const int column = cursor.column();
  const std::string_view field = cursor.peek();
  if (cursor.number(out) && std::isfinite(out) && out >= 0) return true;
  errors.error(path, line, column, "expected a finite number >= 0, got " + quoted(field));
  return false;
}

enum class DurationField : std::uint8_t {
  ignored,
  owner,
  app,
  function,
  average,
  minimum,
  maximum,
  percentile
};

struct DurationLayout {
  std::vector<DurationField> fields;  // per column
  std::vector<std::size_t> slot;      // per column: index into fractions of a percentile column
  std::vector<double> fractions;      // ascending
};

DurationLayout duration_layout(const std::vector<HeaderField>& header, const std::string& path,
                               ErrorSink& errors) {
  const std::size_t errors_before = errors.count();
  DurationLayout layout;
  layout.fields.assign(header.size(), DurationField::ignored);
  layout.slot.assign(header.size(), 0);
  ColumnFinder finder(header, path, errors);
  const std::tuple<const char*, DurationField, bool> named[] = {
      {"HashOwner", DurationField::owner, true},       {"HashApp", DurationField::app, true},
      {"HashFunction", DurationField::function, true}, {"Average", DurationField::average, true},
      {"Minimum", DurationField::minimum, false},      {"Maximum", DurationField::maximum, false}};
  for (const auto& [name, field, required] : named)
    if (const std::size_t c = finder.find(name, required); c != kNone) layout.fields[c] = field;

  // percentile_Average_N holds the N-th percentile: collect the columns in ascending N.
  constexpr std::string_view kPrefix = "percentile_Average_";
  std::vector<std::pair<unsigned, std::size_t>> percentiles;  // (N, column)
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (!header[c].name.starts_with(kPrefix)) continue;
    unsigned n = 0;
    const bool valid = whole_number(header[c].name.substr(kPrefix.size()), n) && n <= 100;
    const bool repeated =
        std::any_of(percentiles.begin(), percentiles.end(), [&](auto& p) { return p.first == n; });
    if (!valid || repeated) {
      errors.error(path, 1, header[c].column,
                   "percentile column " + std::string(header[c].name) + " is repeated or not 0..100");
      continue;
    }
    percentiles.emplace_back(n, c);
  }
  std::sort(percentiles.begin(), percentiles.end());
  for (const auto& [n, c] : percentiles) {
    layout.fields[c] = DurationField::percentile;
    layout.slot[c] = layout.fractions.size();
    layout.fractions.push_back(n / 100.0);
  }
  errors.throw_if_more_than(errors_before);
  return layout;
}

void join_durations(const std::string& path, std::vector<TraceFunction>& functions,
                    const FunctionIndex& index, ErrorSink& errors) {
  LineReader reader(path);
  const DurationLayout layout = duration_layout(read_header(reader, path, errors), path, errors);
  // One row's values: a row reaches join_row only when every one of its value columns was read.
  std::vector<double> values(layout.fractions.size());
  std::optional<double> average, minimum, maximum;
  const auto read_value = [&](std::size_t c, RowCursor& cursor, int line_number) {
    double value = 0.0;
    const bool ok = read_amount(cursor, errors, path, line_number, value);
    value /= kMillisecondsPerSecond;  // a division, so 100.0 ms is exactly the double 0.1
    if (layout.fields[c] == DurationField::average) average = value;
    if (layout.fields[c] == DurationField::minimum) minimum = value;
    if (layout.fields[c] == DurationField::maximum) maximum = value;
    if (layout.fields[c] == DurationField::percentile) values[layout.slot[c]] = value;
    return ok;
  };
  const auto join_row = [&](const HashKey& key, int /*line_number*/) {
    index.for_each(key, [&](std::size_t i) {
      TraceFunction& f = functions[i];
      if (f.average_s) return;  // a repeated row: the first one wins
      f.average_s = average;
      f.minimum_s = minimum;
      f.maximum_s = maximum;
      f.duration_percentiles_s.clear();
      for (std::size_t s = 0; s < values.size(); ++s)
        f.duration_percentiles_s.emplace_back(layout.fractions[s], values[s]);
    });
    return true;
  };
  read_rows(reader, layout.fields, path, errors, read_value, join_row);
}

enum class MemoryField : std::uint8_t { ignored, owner, app, function, average };

void join_memory(const std::string& path, std::vector<TraceFunction>& functions,
                 const FunctionIndex& by_function, const FunctionIndex& by_app, ErrorSink& errors) {
  LineReader reader(path);
  const std::size_t errors_before = errors.count();
  const std::vector<HeaderField> header = read_header(reader, path, errors);
  std::vector<MemoryField> fields(header.size(), MemoryField::ignored);
  ColumnFinder finder(header, path, errors);
  // The public file is per app; the invitro sample adds HashFunction, used when it matches.
  const std::tuple<const char*, MemoryField, bool> named[] = {
      {"HashOwner", MemoryField::owner, true},
      {"HashApp", MemoryField::app, true},
      {"HashFunction", MemoryField::function, false},
      {"AverageAllocatedMb", MemoryField::average, true}};
  for (const auto& [name, field, required] : named)
    if (const std::size_t c = finder.find(name, required); c != kNone) fields[c] = field;
  errors.throw_if_more_than(errors_before);
  const bool per_function = std::find(fields.begin(), fields.end(), MemoryField::function) != fields.end();

  std::vector<std::optional<double>> function_mb(functions.size()), app_mb(functions.size());
  double mb = 0.0;
  const auto read_value = [&](std::size_t /*column*/, RowCursor& cursor, int line_number) {
    return read_amount(cursor, errors, path, line_number, mb);  // the only value column
  };
  // First row wins, for the function it names and for its whole app.
  const auto join_row = [&](const HashKey& key, int /*line_number*/) {
    if (per_function)
      by_function.for_each(key, [&](std::size_t i) {
        if (!function_mb[i]) function_mb[i] = mb;
      });
    by_app.for_each(HashKey{key.owner, key.app, {}}, [&](std::size_t i) {
      if (!app_mb[i]) app_mb[i] = mb;
    });
    return true;
  };
  read_rows(reader, fields, path, errors, read_value, join_row);
  for (std::size_t i = 0; i < functions.size(); ++i)
    functions[i].memory_mb = function_mb[i] ? function_mb[i] : app_mb[i];
}

/// The only regular file in `dir` whose name contains `word`; "" when there is none.
std::string find_trace_file(const std::filesystem::path& dir, std::string_view word) {
  std::error_code ec;
  std::vector<std::string> matches;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (entry.path().filename().string().find(word) != std::string::npos)
      matches.push_back(entry.path().string());
  }
  if (ec) throw std::runtime_error("cannot list " + dir.string() + ": " + ec.message());
  if (matches.size() > 1) {
    std::sort(matches.begin(), matches.end());
    std::string message = "several files in " + dir.string() + " contain '" + std::string(word) + "':";
    for (const std::string& m : matches)
      message += " " + m;
    throw std::runtime_error(message + "; pass the paths to load_azure_trace instead");
  }
  return matches.empty() ? std::string() : matches.front();
}

}  // namespace

AzureTrace load_azure_trace(const std::string& invocations_csv, const std::string& durations_csv,
                            const std::string& memory_csv, const TraceLoadOptions& options) {
  ErrorSink errors;
  AzureTrace trace = read_invocations(invocations_csv, options, errors);
  if (!durations_csv.empty() || !memory_csv.empty()) {
    const FunctionIndex by_function(trace.functions, true);
    if (!durations_csv.empty()) join_durations(durations_csv, trace.functions, by_function, errors);
    if (!memory_csv.empty())
      join_memory(memory_csv, trace.functions, by_function, FunctionIndex(trace.functions, false), errors);
  }
  errors.throw_if_errors();
  return trace;
}

AzureTrace load_azure_trace_dir(const std::string& dir, const TraceLoadOptions& options) {
  const std::string invocations = find_trace_file(dir, "invocations");
  if (invocations.empty()) throw std::runtime_error("no file with 'invocations' in its name in " + dir);
  return load_azure_trace(invocations, find_trace_file(dir, "durations"), find_trace_file(dir, "memory"),
                          options);
}

// ---------------------------------------------------------------------------------------------
// Execution times

TraceDurationSampler::TraceDurationSampler(std::vector<std::pair<double, double>> points)
    : points_(std::move(points)) {
  if (points_.empty())
    throw std::invalid_argument("a duration distribution needs at least one percentile point");
  for (const auto& [fraction, seconds] : points_)
    if (!std::isfinite(fraction) || !std::isfinite(seconds))
      throw std::invalid_argument("percentile points must be finite numbers");
  std::stable_sort(points_.begin(), points_.end(), [](auto& a, auto& b) { return a.first < b.first; });
  // A quantile function never decreases: the running maximum repairs rounding in the trace.
  double highest = 0.0;
  for (auto& [fraction, seconds] : points_) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    highest = std::max(highest, seconds);
    seconds = highest;
  }
  if (points_.front().first > 0.0) points_.insert(points_.begin(), {0.0, points_.front().second});
  if (points_.back().first < 1.0) points_.emplace_back(1.0, points_.back().second);

  // Moments of x(u) linear from a to b over a slice of width w: w (a + b) / 2 and w (a² + ab + b²) / 3.
  double first = 0.0, second = 0.0;
  for (std::size_t i = 0; i + 1 < points_.size(); ++i) {
    const double w = points_[i + 1].first - points_[i].first;
    const double a = points_[i].second, b = points_[i + 1].second;
    first += w * (a + b) / 2.0;
    second += w * (a * a + a * b + b * b) / 3.0;
  }
  mean_ = first;
  scv_ = first > 0.0 ? std::max(0.0, second - first * first) / (first * first) : 0.0;
}

double TraceDurationSampler::quantile(double p) const {
  p = std::clamp(p, 0.0, 1.0);
  // The first point above p; points_.front() is at 0, so there is one below or at p.
  const auto above = std::upper_bound(points_.begin(), points_.end(), p,
                                      [](double value, const auto& point) { return value < point.first; });
  if (above == points_.end()) return points_.back().second;
  const auto& [p1, x1] = *above;
  const auto& [p0, x0] = *(above - 1);
  return x0 + (x1 - x0) * (p - p0) / (p1 - p0);
}

double TraceDurationSampler::sample(sim::RandomStream& rng) const {
  return quantile(rng.uniform01());
}

sim::Distribution TraceDurationSampler::to_distribution(std::size_t grid) const {
  if (grid == 0) throw std::invalid_argument("the quantile grid needs at least one point");
  if (points_.front().second == points_.back().second)
    return sim::Distribution::constant(points_.front().second);
  std::vector<double> values(grid);
  for (std::size_t k = 0; k < grid; ++k)
    values[k] = quantile((static_cast<double>(k) + 0.5) / static_cast<double>(grid));
  return sim::Distribution::empirical(std::move(values));
}

TraceDurationSampler duration_sampler(const TraceFunction& f) {
  if (!f.duration_percentiles_s.empty()) return TraceDurationSampler(f.duration_percentiles_s);
  if (f.average_s) return TraceDurationSampler({{0.0, *f.average_s}, {1.0, *f.average_s}});
  throw std::invalid_argument("function " + f.function +
                              " has no execution times (no row in the durations file)");
}

// ---------------------------------------------------------------------------------------------
// Arrivals

TraceArrivals::TraceArrivals(const TraceFunction& f, MinuteSpreading how, sim::RandomStream rng,
                             double start_offset_s)
    : how_(how), rng_(rng), offset_s_(start_offset_s) {
  for (std::size_t m = 0; m < f.per_minute.size(); ++m)
    if (f.per_minute[m] > 0) active_.push_back({static_cast<std::uint32_t>(m), f.per_minute[m]});
}

double TraceArrivals::next() {
  while (left_ == 0) {
    if (next_active_ == active_.size()) return std::numeric_limits<double>::infinity();
    const ActiveMinute& minute = active_[next_active_++];
    minute_start_s_ = kSecondsPerMinute * minute.minute;
    count_ = left_ = minute.count;
    position_ = 0.0;
  }
  double fraction = 0.0;
  if (how_ == MinuteSpreading::equidistant) {
    fraction = (static_cast<double>(count_ - left_) + 0.5) / count_;
  } else {
    // The smallest of k uniforms on (a, 1) is a + (1 - a)(1 - V^(1/k)); the other k - 1 are then
    // uniform above it. expm1 keeps 1 - V^(1/k) accurate when k is large.
    position_ += (1.0 - position_) * -std::expm1(std::log(rng_.uniform01()) / left_);
    fraction = position_;
  }
  --left_;
  const double minute_end = minute_start_s_ + kSecondsPerMinute;
  double t = minute_start_s_ + kSecondsPerMinute * fraction;
  if (t >= minute_end) t = std::nextafter(minute_end, minute_start_s_);  // rounding up at the minute's end
  return t + offset_s_;
}

}  // namespace stratus::models
