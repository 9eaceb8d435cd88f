// Who a gateway connection is, and what it may do (game-rules section 11).
//
// A connection logs in as an admin (token), a spectator (token) or a
// player (passphrase). A player's team and session are looked up in the
// engine's state at every request, so a player moved to another team acts
// with its new team from its next request on. authorize() is pure: the
// whole access matrix is tested from the commands' contracts
// (truinlag/contract.hpp), so a new command cannot be left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/state.hpp"
#include "truinlag/commands.hpp"
#include "truinlag/errors.hpp"

namespace truinlag::gateway {

enum class Role : std::uint8_t { Admin, Player, Spectator };

std::string_view role_name(Role role);

struct Principal {
  Role role = Role::Spectator;
  PlayerId player = 0;  // Role::Player only
  // Spectators of one session (a token may be bound to one); nullopt: all.
  std::optional<SessionId> session;
};

// The player's current team and session (nullopt when it has none).
struct Membership {
  std::optional<SessionId> session;
  std::optional<TeamId> team;
};
Membership membership_of(const engine::State& state, PlayerId player);

// nullopt: allowed. Otherwise Forbidden naming the command and why.
std::optional<Forbidden> authorize(const Principal& principal, const Command& command,
                                   const engine::State& state);

}  // namespace truinlag::gateway
