// The contract of a command, declared once, next to its struct in
// commands.hpp (`using Answer = ...; static constexpr Contract kContract`).
//
// Everything generic about a command is read from here: the engine's
// checks before any handler runs (session exists, a game must or must not
// run), the answer type of the typed client helpers and the CLI's calls,
// the read-only guarantee the tests enforce, and who may call it
// (game-rules section 11), for the gateway. Redis's command table is the
// model; unlike a table beside the code, a contract cannot fall out of step
// with its command.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "truinlag/basics.hpp"

namespace truinlag {

enum class Scope : std::uint8_t {
  Global,   // not tied to a session
  Session,  // names a session in its `session` field (checked at compile time)
  Server,   // served by the server runtime, not the engine (Subscribe, Backup)
};

enum class GameRule : std::uint8_t {
  Any,      // with or without a running game
  Needs,    // GameNotRunning unless the session's game runs
  Refuses,  // GameInProgress while the session's game runs
};

// What a player's connection may do with the command (section 11). Admin
// connections (the unix socket, admin tokens) may call every command; a
// spectator may call what a player may, when it changes nothing and is not
// about the player itself (Always, OwnSession).
enum class PlayerMay : std::uint8_t {
  Nothing,     // admin only
  Always,      // any player (the answer is redacted for the role)
  OwnSession,  // the command's `session` is the player's session
  OwnTeam,     // the field named `actor` is the player's team
  Self,        // the field named `actor` is the player itself
};

struct Contract {
  Scope scope = Scope::Global;
  bool changes_state = false;  // false: never changes anything (tests enforce it)
  GameRule game = GameRule::Any;
  PlayerMay player = PlayerMay::Nothing;
  std::string_view actor = {};  // for OwnTeam and Self: the field compared
};

// Contracts by role: spelled out so each command's line reads as a sentence.
inline constexpr Contract global_read(PlayerMay player = PlayerMay::Nothing,
                                      std::string_view actor = {}) {
  return {Scope::Global, false, GameRule::Any, player, actor};
}
inline constexpr Contract global_write(PlayerMay player = PlayerMay::Nothing,
                                       std::string_view actor = {}) {
  return {Scope::Global, true, GameRule::Any, player, actor};
}
inline constexpr Contract session_read(PlayerMay player = PlayerMay::Nothing) {
  return {Scope::Session, false, GameRule::Any, player, {}};
}
inline constexpr Contract session_write(GameRule game, PlayerMay player = PlayerMay::Nothing,
                                        std::string_view actor = {}) {
  return {Scope::Session, true, game, player, actor};
}
inline constexpr Contract server_command(bool changes_state,
                                         PlayerMay player = PlayerMay::Nothing) {
  return {Scope::Server, changes_state, GameRule::Any, player, {}};
}

// May a spectator call a command with this contract?
constexpr bool spectator_may(const Contract& c) {
  return !c.changes_state && (c.player == PlayerMay::Always || c.player == PlayerMay::OwnSession);
}

namespace contract_detail {
template <class C>
constexpr bool has_field(std::string_view name) {
  return std::apply([&](const auto&... f) { return ((f.name == name) || ...); }, C::kFields);
}
template <class C>
constexpr bool has_session_field() {
  if constexpr (requires(C c) { c.session; }) {
    return std::is_same_v<decltype(C::session), SessionId> && has_field<C>("session");
  } else {
    return false;
  }
}
}  // namespace contract_detail

// The compile-time rules of a contract: a session-scoped command has a
// `SessionId session` field, an own-team or self permission names a field
// the command has, an own-session permission belongs to a session command.
template <class C>
constexpr bool contract_is_sound() {
  constexpr Contract c = C::kContract;
  if (c.scope == Scope::Session && !contract_detail::has_session_field<C>()) return false;
  if (c.player == PlayerMay::OwnSession && c.scope != Scope::Session) return false;
  if ((c.player == PlayerMay::OwnTeam || c.player == PlayerMay::Self) &&
      !contract_detail::has_field<C>(c.actor)) {
    return false;
  }
  return true;
}

}  // namespace truinlag
