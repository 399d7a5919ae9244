// Malformed scenarios: every file under tests/data/errors/ must produce exactly the
// diagnostics listed in its .expected file (line:col: message, sorted, all at once), through
// the loader and through `stratus validate` (exit code 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "models/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using stratus::testing::read_text;

std::vector<fs::path> error_cases() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(std::string(STRATUS_TEST_DATA) + "/errors"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioErrors, ReportsExactlyTheExpectedDiagnostics) {
  const fs::path file = GetParam();
  fs::path expected_file = file;
  expected_file.replace_extension(".expected");
  const std::string expected = read_text(expected_file);
  ASSERT_FALSE(expected.empty()) << expected_file;

  std::string actual;
  try {
    stratus::models::load_scenario(file.string());
    FAIL() << file << " loaded without error";
  } catch (const stratus::sim::InputError& e) {
    for (const auto& d : e.diagnostics()) {
      EXPECT_EQ(d.where.file, file.string());
      std::ostringstream line;
      line << d.where.line << ":" << d.where.column << ": " << d.message << "\n";
      actual += line.str();
    }
  }
  EXPECT_EQ(actual, expected);
}

TEST_P(ScenarioErrors, ValidateExitsTwoWithFileLineColumn) {
  const fs::path file = GetParam();
  const auto r = stratus::testing::run_command(stratus::testing::stratus_cmd("validate " + file.string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output.rfind(file.string() + ":", 0), 0u) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioErrors, ::testing::ValuesIn(error_cases()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.stem().string();
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(ScenarioErrors, AtLeastFifteenCases) {
  EXPECT_GE(error_cases().size(), 15u);
}

}  // namespace
