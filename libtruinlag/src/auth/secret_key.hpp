// The daemon's key for secrets (passphrases, login tokens): 32 random
// bytes in the file `<database>.key`, beside the database. Secrets are
// stored only as HMAC-SHA256 under this key, so a copy of the database
// alone (a backup, a stolen laptop) yields no passphrase and no token;
// the key never leaves this class (not in logs, not in answers).
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace truinlag::auth {

// A key file that cannot be used: its sentence says why and what to do.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SecretKey {
 public:
  static constexpr std::size_t kBytes = 32;

  // Reads the key file at `path`, or creates it (O_CREAT | O_EXCL, mode
  // 0600, RAND_bytes) when there is none. Throws KeyError for a file that
  // group or others may read or write, that is not exactly 32 bytes, or
  // that cannot be read or created.
  static SecretKey open(const std::string& path);

  // A key from given bytes, for deterministic tests (engine/secrets.hpp).
  static SecretKey from_bytes(const std::array<unsigned char, kBytes>& key) {
    return SecretKey(key);
  }

  // The key file of a database: "<database path>.key".
  static std::string path_for(const std::string& database_path) { return database_path + ".key"; }

  // HMAC-SHA256 of `secret` under the key, as 64 lowercase hex digits (hex:
  // it is stored in a TEXT column and compared as text).
  std::string hash(std::string_view secret) const;

 private:
  explicit SecretKey(const std::array<unsigned char, kBytes>& key) : key_(key) {}
  std::array<unsigned char, kBytes> key_;
};

// Equality of two strings in time that depends only on their lengths
// (CRYPTO_memcmp), for comparing hashes of secrets.
bool constant_time_equal(std::string_view a, std::string_view b);

// `bytes` cryptographically secure random bytes (RAND_bytes) as lowercase
// hex; throws std::runtime_error if OpenSSL's generator fails.
std::string random_hex(std::size_t bytes);

}  // namespace truinlag::auth
