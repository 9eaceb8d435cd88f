#include "auth/secret_key.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace truinlag::auth {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

std::string errno_text() { return std::strerror(errno); }

// Closes a descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Writes a new key file; false if it exists already (another start won
// the race, or it appeared meanwhile: read it then).
bool create(const std::string& path, std::array<unsigned char, SecretKey::kBytes>& key) {
  Fd file{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (file.fd < 0) {
    if (errno == EEXIST) return false;
    throw KeyError("cannot create the key file " + path + ": " + errno_text());
  }
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    ::unlink(path.c_str());
    throw KeyError("cannot create the key file " + path + ": no secure random bytes");
  }
  // fchmod: the umask may have taken bits off 0600, never added any, but
  // owner read and write are needed.
  if (::fchmod(file.fd, 0600) != 0 ||
      ::write(file.fd, key.data(), key.size()) != static_cast<ssize_t>(key.size()) ||
      ::fsync(file.fd) != 0) {
    const std::string why = errno_text();
    ::unlink(path.c_str());
    throw KeyError("cannot write the key file " + path + ": " + why);
  }
  return true;
}

}  // namespace

SecretKey SecretKey::open(const std::string& path) {
  std::array<unsigned char, kBytes> key{};
  if (create(path, key)) return SecretKey(key);
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (file.fd < 0) throw KeyError("cannot open the key file " + path + ": " + errno_text());
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    throw KeyError("cannot read the key file " + path + ": " + errno_text());
  }
  if (!S_ISREG(info.st_mode)) throw KeyError("the key file " + path + " is not a regular file");
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(info.st_mode & 0777));
    throw KeyError("the key file " + path + " has mode " + mode +
                   ": group or others may read or write it, and it holds the key of every "
                   "stored passphrase and token; run chmod 600 on it and start again");
  }
  if (info.st_size != static_cast<off_t>(kBytes)) {
    throw KeyError("the key file " + path + " holds " + std::to_string(info.st_size) +
                   " bytes, not " + std::to_string(kBytes) +
                   "; it is not a truinlag key (restore the right one: without it no stored "
                   "passphrase or token can be checked)");
  }
  if (::read(file.fd, key.data(), key.size()) != static_cast<ssize_t>(key.size())) {
    throw KeyError("cannot read the key file " + path + ": " + errno_text());
  }
  return SecretKey(key);
}

std::string SecretKey::hash(std::string_view secret) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest,
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return hex(digest, size);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no secure random bytes (RAND_bytes failed)");
  }
  return hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

}  // namespace truinlag::auth
