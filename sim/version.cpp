namespace stratus::sim {
const char* version() { return "0.1.0"; }
}  // namespace stratus::sim
