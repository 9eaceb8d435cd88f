// How the engine handles secrets (passphrases, login tokens) without
// doing I/O itself: the keyed hash and the secure random source are
// injected. The server passes the daemon key's HMAC (auth/secret_key.hpp)
// and RAND_bytes; tests pass fakes, so the engine stays deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace truinlag::engine {

struct Secrets {
  // The keyed hash that is stored instead of a secret.
  std::function<std::string(std::string_view)> hash;
  // A new token secret: 128 bits or more from a secure random source.
  std::function<std::string()> new_token;
};

// Deterministic stand-ins for tests and tools without a key file: the
// "hash" is a fixed-key HMAC-SHA256 (hex) and tokens count up. Never for a
// daemon (the server passes the key file's).
Secrets fake_secrets();

// What a passphrase is hashed as: its normalised form (names.hpp), so that
// " Fuchs " and "fuchs" stay the same passphrase as they always were.
std::string passphrase_hash(const Secrets& secrets, std::string_view passphrase);

// Equality of two hashes in time that depends only on their lengths.
bool same_hash(std::string_view a, std::string_view b);

}  // namespace truinlag::engine
