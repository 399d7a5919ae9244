#include "sim/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <system_error>
#include <utility>

namespace stratus::sim {

namespace {

[[noreturn]] void fail(const char* action, const std::filesystem::path& path, int error) {
  throw std::runtime_error("cannot " + std::string(action) + " '" + path.string() +
                           "': " + std::strerror(error));
}

void create_parent_directories(const std::filesystem::path& path) {
  const std::filesystem::path parent = path.parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) fail("create directory", parent, error.value());
}

// The temporaries open right now, in fixed slots so that a signal handler can walk them without
// allocating or locking. A slot is claimed (busy), filled, then published (ready); the handler
// only reads ready slots. More open writers than slots just go untracked.
enum SlotState : int { kFree = 0, kBusy = 1, kReady = 2 };
struct TrackedTemporary {
  std::atomic<int> state{kFree};
  char path[PATH_MAX]{};
};
std::array<TrackedTemporary, 32> g_open_temporaries;

int track_temporary(const std::filesystem::path& temporary) {
  const std::string& text = temporary.native();
  if (text.size() >= PATH_MAX) return -1;
  for (std::size_t i = 0; i < g_open_temporaries.size(); ++i) {
    int expected = kFree;
    if (!g_open_temporaries[i].state.compare_exchange_strong(expected, kBusy)) continue;
    std::memcpy(g_open_temporaries[i].path, text.c_str(), text.size() + 1);
    g_open_temporaries[i].state.store(kReady);
    return static_cast<int>(i);
  }
  return -1;
}

void untrack_temporary(int slot) {
  if (slot >= 0) g_open_temporaries[static_cast<std::size_t>(slot)].state.store(kFree);
}

// ".summary.json.1234.0.tmp" -> 1234; 0 when the name is not one of ours for `filename`.
pid_t temporary_owner(const std::string& name, const std::string& filename) {
  const std::string prefix = "." + filename + ".";
  if (name.size() <= prefix.size() + 4 || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - 4, 4, ".tmp") != 0)
    return 0;
  const std::string rest = name.substr(prefix.size());
  const std::size_t dot = rest.find('.');
  if (dot == 0 || dot == std::string::npos || rest.find_first_not_of("0123456789") != dot) return 0;
  return static_cast<pid_t>(std::stol(rest.substr(0, dot)));
}

// A writer killed outright (SIGKILL, a power cut of the process) cannot remove its temporary;
// whoever writes the same file next does, once the owner is gone.
void remove_stale_temporaries(const std::filesystem::path& final_path) {
  std::error_code error;
  const std::filesystem::path parent = final_path.parent_path().empty() ? "." : final_path.parent_path();
  const std::string filename = final_path.filename().string();
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const pid_t owner = temporary_owner(entry.path().filename().string(), filename);
    if (owner <= 0 || owner == ::getpid()) continue;
    if (::kill(owner, 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), error);
  }
}

// Opens a fresh temporary next to `final_path`. The leading dot hides it from globs and the
// pid plus a process-wide counter keep concurrent writers (threads or processes) apart;
// O_EXCL makes a collision with a stale file from a crashed run a retry, not an overwrite.
int open_temporary(const std::filesystem::path& final_path, std::filesystem::path& temporary) {
  static std::atomic<unsigned long> sequence{0};
  if (!final_path.has_filename()) fail("write", final_path, EISDIR);
  create_parent_directories(final_path);
  remove_stale_temporaries(final_path);
  // Built by appends: GCC 12 reports a false -Wrestrict on "." + std::string.
  std::string stem(1, '.');
  stem += final_path.filename().string();
  stem += '.';
  stem += std::to_string(::getpid());
  stem += '.';
  for (;;) {
    temporary = final_path.parent_path() / (stem + std::to_string(sequence.fetch_add(1)) + ".tmp");
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST) fail("create temporary file for", final_path, errno);
  }
}

// Returns 0 or the errno of the failed write.
int write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return 0;
}

// Closes and renames, or removes the temporary and throws.
void close_and_rename(int fd, int write_error, const std::filesystem::path& temporary,
                      const std::filesystem::path& final_path) {
  const int close_error = ::close(fd) == 0 ? 0 : errno;
  const int error = write_error != 0 ? write_error : close_error;
  if (error != 0) {
    ::unlink(temporary.c_str());
    fail("write", final_path, error);
  }
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    const int rename_error = errno;
    ::unlink(temporary.c_str());
    fail("rename temporary file onto", final_path, rename_error);
  }
}

// A buffered streambuf over a file descriptor that keeps the first write error's errno, which
// std::ofstream would lose behind a bare failbit.
class FdStreambuf final : public std::streambuf {
 public:
  explicit FdStreambuf(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

  int error() const { return error_; }

  // Writes out the buffer; returns the first error seen, 0 when none.
  int drain() {
    const std::size_t pending = static_cast<std::size_t>(pptr() - pbase());
    if (pending > 0 && error_ == 0) error_ = write_all(fd_, pbase(), pending);
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (drain() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }

  std::streamsize xsputn(const char* data, std::streamsize size) override {
    const auto count = static_cast<std::size_t>(size);
    if (count <= static_cast<std::size_t>(epptr() - pptr())) {
      std::memcpy(pptr(), data, count);
      pbump(static_cast<int>(count));
      return size;
    }
    // Larger than the room left: flush, then write big blocks straight through.
    if (drain() != 0) return 0;
    if (count >= buffer_.size()) {
      error_ = write_all(fd_, data, count);
      return error_ == 0 ? size : 0;
    }
    std::memcpy(pptr(), data, count);
    pbump(static_cast<int>(count));
    return size;
  }

  int sync() override { return drain() == 0 ? 0 : -1; }

 private:
  int fd_;
  int error_ = 0;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

void remove_open_temporaries() noexcept {
  for (auto& slot : g_open_temporaries)
    if (slot.state.load() == kReady) ::unlink(slot.path);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path temporary;
  const int fd = open_temporary(path, temporary);
  const int slot = track_temporary(temporary);
  try {
    close_and_rename(fd, write_all(fd, contents.data(), contents.size()), temporary, path);
  } catch (...) {
    untrack_temporary(slot);
    throw;
  }
  untrack_temporary(slot);
}

struct AtomicFileWriter::Impl {
  std::filesystem::path final_path;
  std::filesystem::path temporary;
  int fd;
  int slot;
  FdStreambuf buffer;
  std::ostream stream;
  bool open = true;

  Impl(std::filesystem::path path, std::filesystem::path temp, int descriptor)
      : final_path(std::move(path)),
        temporary(std::move(temp)),
        fd(descriptor),
        slot(track_temporary(temporary)),
        buffer(fd),
        stream(&buffer) {}
  ~Impl() { untrack_temporary(slot); }

  void abandon() noexcept {
    if (!open) return;
    open = false;
    ::close(fd);
    ::unlink(temporary.c_str());
  }
};

AtomicFileWriter::AtomicFileWriter(std::filesystem::path final_path) {
  std::filesystem::path temporary;
  const int fd = open_temporary(final_path, temporary);
  impl_ = std::make_unique<Impl>(std::move(final_path), std::move(temporary), fd);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&&) noexcept = default;

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->abandon();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() {
  if (impl_) impl_->abandon();
}

std::ostream& AtomicFileWriter::stream() {
  if (!impl_ || !impl_->open) throw std::logic_error("AtomicFileWriter: stream() after commit()");
  return impl_->stream;
}

void AtomicFileWriter::commit() {
  if (!impl_ || !impl_->open) throw std::logic_error("AtomicFileWriter: commit() called twice");
  impl_->open = false;
  const int write_error = impl_->buffer.drain();
  try {
    close_and_rename(impl_->fd, write_error, impl_->temporary, impl_->final_path);
  } catch (...) {
    untrack_temporary(std::exchange(impl_->slot, -1));
    throw;
  }
  untrack_temporary(std::exchange(impl_->slot, -1));
}

const std::filesystem::path& AtomicFileWriter::final_path() const {
  return impl_->final_path;
}
const std::filesystem::path& AtomicFileWriter::temporary_path() const {
  return impl_->temporary;
}

}  // namespace stratus::sim
