namespace stratus::models {
const char* placeholder_version() { return "0.1.0"; }
}  // namespace stratus::sim
