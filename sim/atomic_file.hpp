#pragma once
// Outputs are never left half-written: everything is written under a temporary name in the
// destination's directory and renamed over the final name only once complete. rename(2)
// within one directory is atomic, so a reader (or a crashed run) sees the old file or the
// whole new one, never a truncated mix. There is deliberately no fsync: this guards against
// interrupted runs, not power loss, and fsync would dominate the cost of small outputs.

#include <filesystem>
#include <memory>
#include <ostream>
#include <string_view>

namespace stratus::sim {

// Removes the temporaries of writers still open in this process. Async-signal-safe (it only
// calls unlink), for a signal handler that aborts at once and must not leave debris behind.
void remove_open_temporaries() noexcept;

// Writes `contents` to `path`, creating missing parent directories and replacing any existing
// file. Throws std::runtime_error naming the path and the errno text; no temporary is left.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// For streamed output (a time series written row by row). Write to stream(), then commit();
// destroying the writer without commit() removes the temporary and leaves any existing file
// at final_path untouched.
class AtomicFileWriter {
 public:
  // Creates missing parent directories and the temporary file; throws std::runtime_error.
  explicit AtomicFileWriter(std::filesystem::path final_path);
  AtomicFileWriter(AtomicFileWriter&&) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) noexcept;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();

  // Write errors are remembered and reported by commit(), with their errno text.
  std::ostream& stream();
  // Flushes, closes and renames onto the final path. Throws std::runtime_error on any write,
  // close or rename failure (the temporary is then removed). Once committed, stream() throws.
  void commit();

  const std::filesystem::path& final_path() const;
  const std::filesystem::path& temporary_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stratus::sim
