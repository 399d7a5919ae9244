#pragma once
// Helpers shared by the libFuzzer targets: the input as text, a tmpfs file for loaders that take
// a path, and the rule for exceptions. A loader may reject its input only with the exceptions
// the CLI reports as bad input (exit code 2); anything else escaping is a bug, so it aborts and
// libFuzzer keeps the input as a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>

namespace stratus::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A file of this process in /dev/shm (memory, so that millions of runs do not wear a disk),
/// rewritten for each input and removed at exit.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name)
      : path_("/dev/shm/stratus-fuzz-" + std::to_string(::getpid()) + "-" + name) {}
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() { std::remove(path_.c_str()); }

  const std::string& write(std::string_view content) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

namespace detail {
template <typename First, typename... Rest, typename F>
void catch_expected(F& f) {
  try {
    if constexpr (sizeof...(Rest) == 0)
      f();
    else
      catch_expected<Rest...>(f);
  } catch (const First&) {
  }
}
}  // namespace detail

/// Calls `f`; exceptions of the types listed are the loader's documented way of rejecting bad
/// input, any other one is reported and aborts.
template <typename... Expected, typename F>
void expect_only(F&& f) {
  try {
    detail::catch_expected<Expected...>(f);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: unexpected exception: %s\n", e.what());
    std::abort();
  }
}

}  // namespace stratus::fuzz
