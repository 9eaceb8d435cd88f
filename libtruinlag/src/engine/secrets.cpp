#include "engine/secrets.hpp"

#include <memory>

#include "auth/secret_key.hpp"
#include "truinlag/names.hpp"

namespace truinlag::engine {
namespace {

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

}  // namespace

Secrets fake_secrets() {
  std::array<unsigned char, auth::SecretKey::kBytes> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i);
  auto key = std::make_shared<const auth::SecretKey>(auth::SecretKey::from_bytes(bytes));
  auto counter = std::make_shared<std::uint64_t>(0);
  return Secrets{[key](std::string_view secret) { return key->hash(secret); },
                 [counter] {
                   // 32 hex digits like a real one, but predictable.
                   std::string digits = std::to_string(++*counter);
                   return "fake-token-" + std::string(32 - digits.size(), '0') + digits;
                 }};
}

std::string passphrase_hash(const Secrets& secrets, std::string_view passphrase) {
  return secrets.hash(encode_utf8(normalise_name(passphrase)));
}

bool same_hash(std::string_view a, std::string_view b) { return auth::constant_time_equal(a, b); }

}  // namespace truinlag::engine
