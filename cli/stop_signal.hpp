#pragma once
// Ctrl-C (SIGINT) and SIGTERM end a run early without losing it: the first signal asks the
// run to stop at its next slice, after which it settles its books and writes complete partial
// results (status "stopped"). A second signal aborts at once: the temporaries of files being
// written are removed (sim/atomic_file.hpp) and the process exits 128 + the signal, so no
// output is ever half-written either way.
//
// One simulation runs per process, so the state is process-wide; a handler can only reach the
// run through a lock-free global.

namespace stratus::cli {

class StopSignals {
 public:
  /// Installs the handlers for the object's lifetime, restoring the previous ones after.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// True once SIGINT or SIGTERM has arrived.
  static bool requested();
  /// The first signal received (SIGINT or SIGTERM), 0 when none.
  static int signal_number();
  /// The conventional exit code of a process ended by that signal: 130 for SIGINT, 143 for
  /// SIGTERM; 0 when none arrived.
  static int exit_code();
};

}  // namespace stratus::cli
