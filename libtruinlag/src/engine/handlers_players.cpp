// Sessions and players (global data, game-rules sections 1 and 3).
#include <algorithm>
#include <tuple>

#include "engine/edits.hpp"
#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

std::string player_label(PlayerId id) { return "player " + std::to_string(id); }

// `text` trimmed; none if it is absent or blank (nicknames, phones).
std::optional<std::string> optional_text(const std::optional<std::string>& text) {
  if (!text || trim(*text).empty()) return std::nullopt;
  return trim(*text);
}

// The shape of every player setter: the player must exist, then the value
// is refused, kept (unchanged) or stored (set_field).
template <class T>
Outcome set_player_field(State& state, PlayerId id, T Player::*field, T value,
                         Refusal refusal = std::nullopt) {
  const auto found = state.players.find(id);
  if (found == state.players.end()) return refuse(NotFound{player_label(id)});
  return set_field(found->second.*field, std::move(value), {EntityKind::Player, id},
                   std::move(refusal));
}

// The first uniqueness rule a player's names would break, ignoring the
// player `self` (for renames). `passphrase` is a hash (passphrase_hash), as
// the stored ones are.
std::optional<Error> player_clash(const State& state, PlayerId self, const std::string* name,
                                  const std::optional<std::string>* nickname,
                                  const std::string* passphrase) {
  for (const auto& [id, other] : state.players) {
    if (id == self) continue;
    if (name && same_name(*name, other.name)) return AlreadyExists{"player name '" + *name + "'"};
    if (nickname && *nickname && other.nickname && same_name(**nickname, *other.nickname)) {
      return AlreadyExists{"player nickname '" + **nickname + "'"};
    }
    if (passphrase && same_hash(*passphrase, other.passphrase)) {
      return AlreadyExists{"player passphrase"};  // never echo someone's passphrase
    }
  }
  return std::nullopt;
}

// Takes the player off every team it is on.
void leave_teams(State& state, PlayerId player, Outcome& outcome) {
  for (auto& [id, team] : state.teams) {
    auto& players = team.team.players;
    const auto member = std::find(players.begin(), players.end(), player);
    if (member != players.end()) {
      players.erase(member);
      outcome.touch(EntityKind::Team, id);
    }
  }
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
  return add_entity(state_.sessions, id, std::move(created), EntityKind::Session);
}

Outcome Engine::handle(const SetSessionDiscord& c, Timestamp) {
  // The three ids are one setting of the bot: set together, cleared when absent.
  Session& stored = session(c.session).session;
  auto ids =
      std::tie(stored.discord_server, stored.discord_game_channel, stored.discord_admin_channel);
  const auto wanted = std::tuple{c.server, c.game_channel, c.admin_channel};
  if (ids == wanted) return reply(Success{});
  ids = wanted;
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Session, c.session);
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
  player.nickname = optional_text(c.nickname);
  if (player.name.empty()) return refuse(BadData{"a player needs a name"});
  if (trim(c.passphrase).empty()) return refuse(BadData{"a player needs a passphrase"});
  player.passphrase = passphrase_hash(secrets_, c.passphrase);  // only the hash is kept
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
  return add_entity(state_.players, id, std::move(player), EntityKind::Player);
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
  leave_teams(state_, c.player, outcome);  // leaving a session means leaving its teams
  const auto from = player.session;
  player.session = c.session;
  outcome.touch(EntityKind::Player, c.player);
  outcome.broadcast = BroadcastOut{std::nullopt, PlayerChangedSession{c.player, from, c.session}};
  return outcome;
}

Outcome Engine::handle(const RenamePlayer& c, Timestamp) {
  const std::string name = trim(c.name);
  return set_player_field(state_, c.player, &Player::name, name,
                          name.empty() ? Refusal{BadData{"a player needs a name"}}
                                       : player_clash(state_, c.player, &name, nullptr, nullptr));
}

Outcome Engine::handle(const SetPlayerNickname& c, Timestamp) {
  const auto nickname = optional_text(c.nickname);
  return set_player_field(state_, c.player, &Player::nickname, nickname,
                          player_clash(state_, c.player, nullptr, &nickname, nullptr));
}

Outcome Engine::handle(const SetPlayerPassphrase& c, Timestamp) {
  const bool blank = trim(c.passphrase).empty();
  const std::string hash = blank ? std::string() : passphrase_hash(secrets_, c.passphrase);
  return set_player_field(state_, c.player, &Player::passphrase, hash,
                          blank ? Refusal{BadData{"a player needs a passphrase"}}
                                : player_clash(state_, c.player, nullptr, nullptr, &hash));
}

Outcome Engine::handle(const SetPlayerPhone& c, Timestamp) {
  return set_player_field(state_, c.player, &Player::phone, optional_text(c.phone));
}

Outcome Engine::handle(const SetPlayerDiscord& c, Timestamp) {
  return set_player_field(state_, c.player, &Player::discord_id, c.user);
}

Outcome Engine::handle(const RemovePlayer& c, Timestamp) {
  if (state_.players.count(c.player) == 0) return refuse(NotFound{player_label(c.player)});
  if (in_running_game(state_, c.player)) {
    return refuse(GameInProgress{"player " + state_.players.at(c.player).name +
                                 " plays in a running game; stop it before removing the player"});
  }
  Outcome outcome = reply(Success{});
  leave_teams(state_, c.player, outcome);
  state_.players.erase(c.player);
  outcome.touch(EntityKind::Player, c.player);
  outcome.broadcast = BroadcastOut{std::nullopt, PlayerDeleted{c.player}};
  return outcome;
}

Outcome Engine::handle(const GetPlayerByPassphrase& c, Timestamp) {
  // The answer carries no passphrase (nor its hash), like every answer.
  const auto found = player_by_passphrase(c.passphrase);
  if (!found) return refuse(NotFound{"player with this passphrase"});
  Player player = state_.players.at(*found);
  player.passphrase.clear();
  return reply(PlayerResult{std::move(player)});
}

}  // namespace truinlag::engine
