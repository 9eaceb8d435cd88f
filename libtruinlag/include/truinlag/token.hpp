// Login tokens of the gateway's admin and spectator connections
// (game-rules section 11). The engine keeps only a keyed hash of each
// token's secret; the secret itself appears once, in TokenCreated.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "truinlag/basics.hpp"

namespace truinlag {

using TokenId = std::int64_t;

enum class TokenRole : std::uint8_t { Admin, Spectator };
template <>
struct EnumNames<TokenRole> {
  static constexpr std::array<std::string_view, 2> names{"admin", "spectator"};
};

// What ListTokens shows of a token: never its secret nor its hash.
struct TokenInfo {
  std::string name;
  TokenRole role = TokenRole::Spectator;
  Timestamp created = 0;

  static constexpr auto kFields =
      std::tuple{Field{"name", &TokenInfo::name}, Field{"role", &TokenInfo::role},
                 Field{"created", &TokenInfo::created}};
  bool operator==(const TokenInfo&) const = default;
};

}  // namespace truinlag
