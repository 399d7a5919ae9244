#pragma once
// The summary table printed at the end of `stratus run`.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace stratus::cli {

std::string summary_table(const nlohmann::json& summary, const std::filesystem::path& out_dir);

}  // namespace stratus::cli
