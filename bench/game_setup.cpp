#include "game_setup.hpp"

#include <ctime>
#include <stdexcept>

#include "team_names.hpp"

namespace truinlag::bench {

namespace {

// Runs a set-up command that must succeed.
Result expect_ok(ClientPool& pool, Command command) {
  const std::string name = std::visit([](const auto& c) { return std::string(c.kName); }, command);
  Result result = pool.call(0, std::move(command));
  if (const auto* failure = std::get_if<Failure>(&result)) {
    throw std::runtime_error(name + " refused: " + describe(failure->error));
  }
  return result;
}

std::int64_t expect_created(ClientPool& pool, Command command) {
  Result result = expect_ok(pool, std::move(command));
  if (const auto* created = std::get_if<Created>(&result)) return created->id;
  throw std::runtime_error("expected an id");
}

}  // namespace

std::string zone_where_it_is_noon() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  int offset = 12 - utc.tm_hour;  // local = UTC + offset
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset == 0) return "Etc/UTC";
  // The Etc zones count westwards: Etc/GMT-3 is UTC+3.
  return offset > 0 ? "Etc/GMT-" + std::to_string(offset) : "Etc/GMT+" + std::to_string(-offset);
}

RunningGame start_game(ClientPool& pool, const std::string& name, int teams, int players_per_team) {
  RunningGame game;
  game.session = expect_created(pool, AddSession{name, Mode::Traditional});
  AddZone zone;
  zone.number = 110;
  zone.num_conn_zones = 5;
  zone.num_connections = 9;
  zone.train_through = true;
  // Several benchmarks may share one daemon; the zone may exist already.
  (void)pool.call(0, zone);
  const ChallengeSetId set = expect_created(pool, AddChallengeSet{name + "-set"});
  for (int i = 0; i < 5; ++i) {
    Challenge c;
    c.kind = ChallengeKind::Unspezifisch;
    c.status = ChallengeStatus::Approved;
    c.sets = {set};
    c.title = name + " challenge " + std::to_string(i);
    c.description = "Do it";
    c.additional_points = 100 * (i + 1);
    expect_created(pool, AddChallenge{c});
  }
  for (int t = 0; t < teams; ++t) {
    const TeamId team = expect_created(
        pool,
        AddTeam{game.session, team_name(static_cast<std::size_t>(t)), std::nullopt, std::nullopt});
    for (int p = 0; p < players_per_team; ++p) {
      const std::string player_name = name + "-" + std::to_string(t) + "-" + std::to_string(p);
      const PlayerId player = expect_created(
          pool,
          AddPlayer{player_name, player_name + "-pass", std::nullopt, std::nullopt, game.session});
      expect_ok(pool, AssignPlayerToTeam{game.session, player, team});
      game.players.push_back(player);
    }
  }
  ConfigPatch patch;
  patch.num_catchers = 1;
  patch.challenge_sets = std::vector<ChallengeSetId>{set};
  patch.time_zone = zone_where_it_is_noon();
  patch.start_time = TimeOfDay{6, 0};
  patch.end_time = TimeOfDay{22, 0};
  expect_ok(pool, SetConfig{game.session, patch});
  expect_ok(pool, Start{game.session});
  return game;
}

}  // namespace truinlag::bench
