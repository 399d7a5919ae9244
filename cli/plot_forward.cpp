#include "cli/plot_forward.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace stratus::cli {

int forward_to_plot(int argc, char** argv) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    std::cerr << "stratus plot: cannot find this program's folder (/proc/self/exe): " << error.message()
              << "\n";
    return 1;
  }
  const std::string plot = (self.parent_path() / "stratus-plot").string();
  // argv[0] names the command as the user typed it, for stratus-plot's messages and help.
  std::string program = "stratus plot";
  std::vector<char*> args{program.data()};
  for (int i = 2; i < argc; ++i)
    args.push_back(argv[i]);
  args.push_back(nullptr);
  execv(plot.c_str(), args.data());
  std::cerr << "stratus plot: cannot run " << plot << ": " << std::strerror(errno)
            << " (build it with `cmake --build build --target stratus-plot`; it needs Qt 6)\n";
  return 1;
}

}  // namespace stratus::cli
