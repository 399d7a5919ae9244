#pragma once
// Result folders of shipped scenarios, made by the real `stratus` binary in a temporary
// folder, once per test process: a discrete web service, a serverless run, a run with an
// availability zone failure, a fluid growth run over more than a year, and a comparison.
#include <gtest/gtest.h>

#include <QImage>
#include <QString>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include "tests/support/process.hpp"

namespace stratus::testing {

inline const std::map<std::string, std::string>& example_commands() {
  const std::string scenarios = std::string(STRATUS_SOURCE_DIR) + "/scenarios/";
  // az-outage is shortened (the zone fails at 1 h for 30 min, 2 h in all) and growth-3y runs
  // 400 days: enough for dates, purchases and capital costs, in well under a second each.
  const std::string az = "--param arrival_rate=20 --param outage_at=1h --param outage_duration=30min";
  static const std::map<std::string, std::string> commands{
      {"web", "run " + scenarios + "web-service.yaml --until 2h"},
      {"photo", "run " + scenarios + "photo-resize.yaml --until 2h"},
      {"az", "run " + scenarios + "az-outage.yaml --variant three-az-asg " + az + " --until 2h"},
      {"growth", "run " + scenarios + "growth-3y.yaml --until 400d"},
      {"comparison", "compare " + scenarios + "az-outage.yaml --variants two-az,three-az-asg " + az +
                         " --param duration=2h -j 2"},
  };
  return commands;
}

/// Removes the process's example folders when the tests end.
struct ExampleFolder {
  std::filesystem::path root = temp_dir("charts-examples");
  ~ExampleFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
  }
};

/// The result folder of an example ("web", "photo", "az", "growth", "comparison"; for the
/// comparison, the folder holding comparison.csv). Throws when the run fails.
inline std::filesystem::path example_result(const std::string& name) {
  static ExampleFolder folder;
  static std::map<std::string, std::filesystem::path> made;
  if (const auto it = made.find(name); it != made.end()) return it->second;
  const auto command = example_commands().find(name);
  if (command == example_commands().end()) throw std::invalid_argument("no example run named " + name);
  const std::filesystem::path out = folder.root / name;
  const CommandResult result = run_command(stratus_cmd(command->second + " --out " + out.string() + " -q"));
  if (result.exit_code != 0)
    throw std::runtime_error("stratus " + command->second + " failed (" + std::to_string(result.exit_code) +
                             "):\n" + result.output);
  return made[name] = out;
}

inline QString qpath(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

/// The share of pixels that differ from the top-left pixel (the background).
inline double non_background_share(const QImage& image) {
  if (image.isNull()) return 0.0;
  const QRgb background = image.pixel(0, 0);
  long long differ = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (image.pixel(x, y) != background) ++differ;
  return static_cast<double>(differ) / (static_cast<double>(image.width()) * image.height());
}

}  // namespace stratus::testing
