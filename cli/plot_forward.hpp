#pragma once
// `stratus plot ...` is `stratus-plot ...`: the charts live in a separate binary next to this
// one, so that the CLI (and every simulation it runs) never loads Qt.

namespace stratus::cli {

/// Replaces this process with the sibling `stratus-plot`, passing argv[2...] (argv[1] is
/// "plot"). Returns only when that fails, after a message on stderr: exit code 1.
int forward_to_plot(int argc, char** argv);

}  // namespace stratus::cli
