// The access matrix of game-rules section 11, for every command: admin,
// a player acting for itself or its own team, a player naming another
// team or player, a player of another session, a spectator. The expected
// answers are written out here by hand from section 11 (not read from the
// contracts they test), and the test fails for a command missing from the
// table, so a new command cannot be left out.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "engine/command_table.hpp"
#include "gateway/principal.hpp"

using namespace truinlag;
using gateway::authorize;
using gateway::Principal;
using Access = gateway::Role;  // truinlag::Role is a team's (runner, catcher)

namespace {

struct May {
  bool player;     // with its own session, team and player id in the command
  bool spectator;  // an unbound spectator token
};

// Section 11, row by row.
const std::map<std::string, May> kExpected = {
    {"ping", {true, true}},
    {"get_state", {false, false}},
    {"shutdown", {false, false}},
    {"subscribe", {false, false}},
    {"add_session", {false, false}},
    {"remove_session", {false, false}},
    {"add_player", {false, false}},
    {"set_player_session", {false, false}},
    {"rename_player", {false, false}},
    {"set_player_nickname", {false, false}},
    {"set_player_passphrase", {false, false}},
    {"set_player_phone", {true, false}},
    {"set_player_discord", {false, false}},
    {"remove_player", {false, false}},
    {"get_player_by_passphrase", {false, false}},
    {"add_challenge_set", {false, false}},
    {"get_challenge_sets", {false, false}},
    {"add_challenge", {false, false}},
    {"set_challenge", {false, false}},
    {"get_challenges", {false, false}},
    {"delete_all_challenges", {false, false}},
    {"add_zone", {false, false}},
    {"add_minutes_to", {false, false}},
    {"get_zones", {false, false}},
    {"upload_player_picture", {true, false}},
    {"get_thumbnails", {true, true}},
    {"get_pictures", {true, true}},
    {"list_past_games", {true, false}},
    {"get_past_game", {true, true}},
    {"get_session_state", {true, true}},
    {"get_config", {false, false}},
    {"set_config", {false, false}},
    {"add_team", {false, false}},
    {"remove_team", {false, false}},
    {"rename_team", {true, false}},
    {"set_session_discord", {false, false}},
    {"set_team_discord_channel", {false, false}},
    {"assign_player_to_team", {false, false}},
    {"make_team_catcher", {false, false}},
    {"make_team_runner", {false, false}},
    {"generate_team_challenges", {false, false}},
    {"add_challenge_to_team", {false, false}},
    {"start", {false, false}},
    {"stop", {false, false}},
    {"catch", {true, false}},
    {"complete", {true, false}},
    {"send_location", {true, false}},
    {"get_events", {true, true}},
    {"get_locations", {true, true}},
    {"get_past_locations", {true, true}},
    {"upload_team_picture", {true, false}},
    {"upload_period_pictures", {true, false}},
    {"adjust_team", {false, false}},
    {"backup", {false, false}},
    {"import", {false, false}},
    {"export", {false, false}},
    {"add_token", {false, false}},
    {"list_tokens", {false, false}},
    {"revoke_token", {false, false}},
    {"resume", {true, true}},
};

constexpr SessionId kOurs = 1, kOther = 2;
constexpr PlayerId kMe = 10, kTeammate = 12, kRival = 11, kStranger = 20;
constexpr TeamId kMyTeam = 100, kRivalTeam = 101, kStrangerTeam = 200;

engine::State scenario() {
  engine::State state;
  auto player = [&](PlayerId id, SessionId session) {
    Player p;
    p.id = id;
    p.session = session;
    state.players[id] = p;
  };
  auto team = [&](TeamId id, SessionId session, std::vector<PlayerId> players) {
    engine::TeamData data;
    data.team.id = id;
    data.team.session = session;
    data.team.players = std::move(players);
    state.teams[id] = data;
  };
  player(kMe, kOurs);
  player(kTeammate, kOurs);
  player(kRival, kOurs);
  player(kStranger, kOther);
  team(kMyTeam, kOurs, {kMe, kTeammate});
  team(kRivalTeam, kOurs, {kRival});
  team(kStrangerTeam, kOther, {kStranger});
  return state;
}

// Every id field gets `team` or `player` by its type of id: a field named
// like a team ("team", "catcher", "caught") a team id, one named "player"
// a player id; `session` the session. Other fields keep their defaults.
template <class C>
C filled(SessionId session, PlayerId player, TeamId team) {
  C c{};
  std::apply(
      [&](const auto&... field) {
        (
            [&] {
              auto& member = c.*(field.member);
              using M = std::remove_cvref_t<decltype(member)>;
              if constexpr (std::is_same_v<M, std::int64_t> ||
                            std::is_same_v<M, std::optional<std::int64_t>>) {
                if (field.name == "session") member = session;
                if (field.name == "player") member = player;
                if (field.name == "team" || field.name == "catcher" || field.name == "caught")
                  member = team;
              }
            }(),
            ...);
      },
      C::kFields);
  return c;
}

template <std::size_t... I>
std::vector<std::pair<std::string, Command>> all_commands(SessionId session, PlayerId player,
                                                          TeamId team, std::index_sequence<I...>) {
  using V = Command;
  return {{std::string(std::variant_alternative_t<I, V>::kName),
           Command{filled<std::variant_alternative_t<I, V>>(session, player, team)}}...};
}

std::vector<std::pair<std::string, Command>> all_commands(SessionId session, PlayerId player,
                                                          TeamId team) {
  return all_commands(session, player, team,
                      std::make_index_sequence<std::variant_size_v<Command>>{});
}

bool allowed(const Principal& who, const Command& command, const engine::State& state) {
  return !authorize(who, command, state).has_value();
}

}  // namespace

TEST_CASE("every command is in the access table of section 11") {
  const auto commands = all_commands(kOurs, kMe, kMyTeam);
  CHECK(commands.size() == kExpected.size());
  for (const auto& [name, command] : commands) {
    INFO(name);
    CHECK(kExpected.contains(name));
  }
}

TEST_CASE("the access matrix: admin, own team, another team, another session, spectator") {
  const engine::State state = scenario();
  const Principal admin{Access::Admin, 0, std::nullopt};
  const Principal me{Access::Player, kMe, std::nullopt};
  const Principal stranger{Access::Player, kStranger, std::nullopt};
  const Principal spectator{Access::Spectator, 0, std::nullopt};
  const Principal other_spectator{Access::Spectator, 0, kOther};

  const auto own = all_commands(kOurs, kMe, kMyTeam);
  const auto rivals = all_commands(kOurs, kRival, kRivalTeam);
  const auto teammates = all_commands(kOurs, kTeammate, kMyTeam);
  for (std::size_t i = 0; i < own.size(); ++i) {
    const auto& [name, command] = own[i];
    INFO(name);
    const May may = kExpected.at(name);
    const Contract& contract = engine::contract_of(command);
    CHECK(allowed(admin, command, state));
    CHECK(allowed(me, command, state) == may.player);
    CHECK(allowed(spectator, command, state) == may.spectator);
    // A spectator bound to another session reads nothing of this one.
    if (contract.scope == Scope::Session) CHECK_FALSE(allowed(other_spectator, command, state));
    // A player of another session may not touch this session at all.
    if (contract.scope == Scope::Session) CHECK_FALSE(allowed(stranger, command, state));
    // Naming another team or player is forbidden where the command acts
    // for one; a teammate's id is another player's too.
    const bool acts_for_someone =
        contract.player == PlayerMay::OwnTeam || contract.player == PlayerMay::Self;
    if (acts_for_someone) {
      CHECK_FALSE(allowed(me, rivals[i].second, state));
      if (contract.player == PlayerMay::Self) CHECK_FALSE(allowed(me, teammates[i].second, state));
      if (contract.player == PlayerMay::OwnTeam)
        CHECK(allowed(me, teammates[i].second, state) == may.player);
    } else {
      CHECK(allowed(me, rivals[i].second, state) == may.player);
    }
  }
}

TEST_CASE("hand-written: another's location, another team's catch or completion are Forbidden") {
  const engine::State state = scenario();
  const Principal me{Access::Player, kMe, std::nullopt};
  SendLocation location{kOurs, kRival, {}};
  auto refusal = authorize(me, location, state);
  REQUIRE(refusal);
  CHECK(refusal->command == "send_location");
  CHECK(refusal->text == "a player may do this only for itself");
  truinlag::Catch caught{};
  caught.session = kOurs;
  caught.catcher = kRivalTeam;
  caught.caught = kMyTeam;
  CHECK(authorize(me, caught, state));
  caught.catcher = kMyTeam;
  caught.caught = kRivalTeam;
  CHECK_FALSE(authorize(me, caught, state));
  Complete complete{};
  complete.session = kOurs;
  complete.team = kRivalTeam;
  CHECK(authorize(me, complete, state));
  // Every player's past games are not its own.
  CHECK(authorize(me, ListPastGames{std::nullopt}, state));
  CHECK_FALSE(authorize(me, ListPastGames{kMe}, state));
  // The same player, moved to the rival team, acts for it from now on.
  engine::State moved = state;
  moved.teams[kMyTeam].team.players = {kTeammate};
  moved.teams[kRivalTeam].team.players = {kRival, kMe};
  CHECK_FALSE(authorize(me, complete, moved));
}
