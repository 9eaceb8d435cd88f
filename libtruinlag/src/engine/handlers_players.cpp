// Sessions and players (global data, game-rules sections 1 and 3).
#include <algorithm>

#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

std::string player_label(PlayerId id) { return "player " + std::to_string(id); }

// The first uniqueness rule a player's names would break, ignoring the
// player `self` (for renames).
std::optional<Error> player_clash(const State& state, PlayerId self, const std::string* name,
                                  const std::optional<std::string>* nickname,
                                  const std::string* passphrase) {
  for (const auto& [id, other] : state.players) {
    if (id == self) continue;
    if (name && same_name(*name, other.name)) return AlreadyExists{"player name '" + *name + "'"};
    if (nickname && *nickname && other.nickname && same_name(**nickname, *other.nickname)) {
      return AlreadyExists{"player nickname '" + **nickname + "'"};
    }
    if (passphrase && same_name(*passphrase, other.passphrase)) {
      return AlreadyExists{"player passphrase"};  // never echo someone's passphrase
    }
  }
  return std::nullopt;
}

// True if the player is on a team of a session whose game runs.
bool in_running_game(const State& state, PlayerId player) {
  for (const auto& [id, team] : state.teams) {
    const auto& players = team.team.players;
    if (std::find(players.begin(), players.end(), player) == players.end()) continue;
    if (state.sessions.at(team.team.session).session.game) return true;
  }
  return false;
}

}  // namespace

Outcome Engine::handle(const AddSession& c, Timestamp) {
  const std::string name = trim(c.name);
  if (name.empty()) return refuse(BadData{"a session needs a name"});
  for (const auto& [id, other] : state_.sessions) {
    if (same_name(name, other.session.name)) return refuse(AlreadyExists{"session '" + name + "'"});
  }
  const SessionId id = state_.next.session++;
  SessionData created;
  created.session.id = id;
  created.session.name = name;
  created.session.mode = c.mode;
  state_.sessions.emplace(id, std::move(created));
  Outcome outcome = reply(Created{id});
  outcome.touch(EntityKind::Session, id);
  return outcome;
}

Outcome Engine::handle(const RemoveSession& c, Timestamp) {
  const auto found = state_.sessions.find(c.session);
  if (found == state_.sessions.end()) {
    return refuse(NotFound{"session " + std::to_string(c.session)});
  }
  if (found->second.session.game) {
    return refuse(GameInProgress{"session '" + found->second.session.name +
                                 "' has a game running; stop it before removing the session"});
  }
  Outcome outcome = reply(Success{});
  for (auto& [id, player] : state_.players) {
    if (player.session == c.session) {
      player.session.reset();
      outcome.touch(EntityKind::Player, id);
    }
  }
  for (auto it = state_.teams.begin(); it != state_.teams.end();) {
    if (it->second.team.session == c.session) {
      outcome.touch(EntityKind::Team, it->first);
      it = state_.teams.erase(it);
    } else {
      ++it;
    }
  }
  state_.sessions.erase(found);
  outcome.touch(EntityKind::Session, c.session);
  return outcome;
}

Outcome Engine::handle(const AddPlayer& c, Timestamp) {
  Player player;
  player.name = trim(c.name);
  player.passphrase = trim(c.passphrase);
  if (c.nickname) player.nickname = trim(*c.nickname);
  if (player.nickname && player.nickname->empty()) player.nickname.reset();
  if (player.name.empty()) return refuse(BadData{"a player needs a name"});
  if (player.passphrase.empty()) return refuse(BadData{"a player needs a passphrase"});
  if (auto clash = player_clash(state_, 0, &player.name, &player.nickname, &player.passphrase)) {
    return refuse(*clash);
  }
  if (c.session && state_.sessions.count(*c.session) == 0) {
    return refuse(NotFound{"session " + std::to_string(*c.session)});
  }
  player.discord_id = c.discord_id;
  player.session = c.session;
  player.id = state_.next.player++;
  const PlayerId id = player.id;
  state_.players.emplace(id, std::move(player));
  Outcome outcome = reply(Created{id});
  outcome.touch(EntityKind::Player, id);
  return outcome;
}

Outcome Engine::handle(const SetPlayerSession& c, Timestamp) {
  const auto found = state_.players.find(c.player);
  if (found == state_.players.end()) return refuse(NotFound{player_label(c.player)});
  Player& player = found->second;
  if (c.session && state_.sessions.count(*c.session) == 0) {
    return refuse(NotFound{"session " + std::to_string(*c.session)});
  }
  if (player.session == c.session) return reply(Success{});
  if (player.session && state_.sessions.at(*player.session).session.game) {
    return refuse(GameInProgress{
        "player " + player.name + " plays in the running game of session '" +
        state_.sessions.at(*player.session).session.name + "'; stop it before moving the player"});
  }
  Outcome outcome = reply(Success{});
  // Leaving a session means leaving its teams.
  for (auto& [id, team] : state_.teams) {
    auto& players = team.team.players;
    const auto member = std::find(players.begin(), players.end(), c.player);
    if (member != players.end()) {
      players.erase(member);
      outcome.touch(EntityKind::Team, id);
    }
  }
  const auto from = player.session;
  player.session = c.session;
  outcome.touch(EntityKind::Player, c.player);
  outcome.broadcast = BroadcastOut{std::nullopt, PlayerChangedSession{c.player, from, c.session}};
  return outcome;
}

Outcome Engine::handle(const RenamePlayer& c, Timestamp) {
  const auto found = state_.players.find(c.player);
  if (found == state_.players.end()) return refuse(NotFound{player_label(c.player)});
  const std::string name = trim(c.name);
  if (name.empty()) return refuse(BadData{"a player needs a name"});
  if (auto clash = player_clash(state_, c.player, &name, nullptr, nullptr)) return refuse(*clash);
  if (found->second.name == name) return reply(Success{});
  found->second.name = name;
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Player, c.player);
  return outcome;
}

Outcome Engine::handle(const SetPlayerNickname& c, Timestamp) {
  const auto found = state_.players.find(c.player);
  if (found == state_.players.end()) return refuse(NotFound{player_label(c.player)});
  std::optional<std::string> nickname;
  if (c.nickname && !trim(*c.nickname).empty()) nickname = trim(*c.nickname);
  if (auto clash = player_clash(state_, c.player, nullptr, &nickname, nullptr)) {
    return refuse(*clash);
  }
  if (found->second.nickname == nickname) return reply(Success{});
  found->second.nickname = nickname;
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Player, c.player);
  return outcome;
}

Outcome Engine::handle(const SetPlayerPassphrase& c, Timestamp) {
  const auto found = state_.players.find(c.player);
  if (found == state_.players.end()) return refuse(NotFound{player_label(c.player)});
  const std::string passphrase = trim(c.passphrase);
  if (passphrase.empty()) return refuse(BadData{"a player needs a passphrase"});
  if (auto clash = player_clash(state_, c.player, nullptr, nullptr, &passphrase)) {
    return refuse(*clash);
  }
  if (found->second.passphrase == passphrase) return reply(Success{});
  found->second.passphrase = passphrase;
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Player, c.player);
  return outcome;
}

Outcome Engine::handle(const SetPlayerPhone& c, Timestamp) {
  const auto found = state_.players.find(c.player);
  if (found == state_.players.end()) return refuse(NotFound{player_label(c.player)});
  std::optional<std::string> phone;
  if (c.phone && !trim(*c.phone).empty()) phone = trim(*c.phone);
  if (found->second.phone == phone) return reply(Success{});
  found->second.phone = phone;
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Player, c.player);
  return outcome;
}

Outcome Engine::handle(const RemovePlayer& c, Timestamp) {
  if (state_.players.count(c.player) == 0) return refuse(NotFound{player_label(c.player)});
  if (in_running_game(state_, c.player)) {
    return refuse(GameInProgress{"player " + state_.players.at(c.player).name +
                                 " plays in a running game; stop it before removing the player"});
  }
  Outcome outcome = reply(Success{});
  for (auto& [id, team] : state_.teams) {
    auto& players = team.team.players;
    const auto member = std::find(players.begin(), players.end(), c.player);
    if (member != players.end()) {
      players.erase(member);
      outcome.touch(EntityKind::Team, id);
    }
  }
  state_.players.erase(c.player);
  outcome.touch(EntityKind::Player, c.player);
  outcome.broadcast = BroadcastOut{std::nullopt, PlayerDeleted{c.player}};
  return outcome;
}

Outcome Engine::handle(const GetPlayerByPassphrase& c, Timestamp) {
  for (const auto& [id, player] : state_.players) {
    if (same_name(player.passphrase, c.passphrase)) return reply(PlayerResult{player});
  }
  return refuse(NotFound{"player with this passphrase"});
}

}  // namespace truinlag::engine
