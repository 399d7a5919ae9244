// libFuzzer target: the desktop app's decoder of `stratus run --stream` lines
// (gui/app/stream_message.hpp), which reads what a child process prints and is documented never
// to throw. The input is split into lines as the app's run worker splits the child's output.
#include <QByteArray>

#include "fuzz/fuzz_input.hpp"
#include "gui/app/stream_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray input =
      QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  for (const QByteArray& line : input.split('\n')) {
    try {
      (void)stratus::gui::decode_stream_line(line);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz: decode_stream_line threw: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
