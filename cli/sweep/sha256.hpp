#pragma once
// SHA-256 (FIPS 180-4), for the identities a sweep stores: the scenario file's hash, the sweep
// spec's hash and each run's key. A cryptographic hash, so that two different runs never share
// a key by accident; written here because it is 80 lines and the project has no crypto library.
#include <string>
#include <string_view>

namespace stratus::cli::sweep {

/// The digest of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace stratus::cli::sweep
