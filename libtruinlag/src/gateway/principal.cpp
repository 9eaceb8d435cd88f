#include "gateway/principal.hpp"

#include <tuple>
#include <type_traits>

#include "engine/command_table.hpp"

namespace truinlag::gateway {
namespace {

// The value of the id field named `name` (contract.hpp's `actor`).
template <class C>
std::optional<std::int64_t> id_field(const C& command, std::string_view name) {
  std::optional<std::int64_t> out;
  std::apply(
      [&](const auto&... field) {
        (
            [&] {
              using Member = std::remove_cvref_t<decltype(command.*(field.member))>;
              if constexpr (std::is_same_v<Member, std::int64_t>) {
                if (field.name == name) out = command.*(field.member);
              } else if constexpr (std::is_same_v<Member, std::optional<std::int64_t>>) {
                // Absent (e.g. ListPastGames of everyone) names nobody.
                if (field.name == name) out = command.*(field.member);
              }
            }(),
            ...);
      },
      C::kFields);
  return out;
}

std::optional<SessionId> session_field(const Command& command) {
  return std::visit(
      [](const auto& c) -> std::optional<SessionId> {
        using C = std::decay_t<decltype(c)>;
        if constexpr (contract_detail::has_session_field<C>()) {
          return c.session;
        } else {
          return std::nullopt;
        }
      },
      command);
}

std::string_view name_of(const Command& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kName; }, command);
}

Forbidden forbid(const Command& command, std::string text) {
  return Forbidden{std::string(name_of(command)), std::move(text)};
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::Admin:
      return "admin";
    case Role::Player:
      return "player";
    case Role::Spectator:
      return "spectator";
  }
  return "?";
}

Membership membership_of(const engine::State& state, PlayerId player) {
  Membership m;
  if (auto it = state.players.find(player); it != state.players.end())
    m.session = it->second.session;
  for (const auto& [id, data] : state.teams) {
    for (PlayerId member : data.team.players) {
      if (member == player) {
        m.team = id;
        m.session = data.team.session;
        return m;
      }
    }
  }
  return m;
}

std::optional<Forbidden> authorize(const Principal& principal, const Command& command,
                                   const engine::State& state) {
  if (principal.role == Role::Admin) return std::nullopt;
  const Contract& contract = engine::contract_of(command);
  if (principal.role == Role::Spectator) {
    if (!spectator_may(contract)) return forbid(command, "a spectator may only read");
    if (contract.player == PlayerMay::OwnSession && principal.session &&
        session_field(command) != principal.session) {
      return forbid(command, "a spectator may read only its own session");
    }
    return std::nullopt;
  }
  // A player.
  const Membership mine = membership_of(state, principal.player);
  if (contract.scope == Scope::Session &&
      (!mine.session || session_field(command) != mine.session)) {
    return forbid(command, "a player may act only in its own session");
  }
  switch (contract.player) {
    case PlayerMay::Nothing:
      return forbid(command, "only an admin may do this");
    case PlayerMay::Always:
    case PlayerMay::OwnSession:  // checked above for every session command
      return std::nullopt;
    case PlayerMay::OwnTeam: {
      const auto team =
          std::visit([&](const auto& c) { return id_field(c, contract.actor); }, command);
      if (!mine.team || team != mine.team) {
        return forbid(command, "a player may do this only for its own team");
      }
      return std::nullopt;
    }
    case PlayerMay::Self: {
      const auto player =
          std::visit([&](const auto& c) { return id_field(c, contract.actor); }, command);
      if (player != principal.player) {
        return forbid(command, "a player may do this only for itself");
      }
      return std::nullopt;
    }
  }
  return forbid(command, "unknown permission");
}

}  // namespace truinlag::gateway
