// Issue 8: a location is the most frequent write, so its outcome names
// only what it changed — the player's counters (PlayerCounts), the team's
// current location and maybe its track — never the whole player row,
// whose rewrite also rewrites its unique names.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"

using namespace engine_fixture;

TEST_CASE("a location touches the player's counters, not the player") {
  GameWorld w;
  w.start();
  const PlayerId player = w.players[0];
  const engine::Outcome outcome = w.run(SendLocation{w.session, player, at(47.37, 8.54, w.now)});
  REQUIRE(std::holds_alternative<Success>(outcome.result));
  const auto touched = [&](engine::EntityKind kind, std::int64_t id) {
    return std::find(outcome.changed.begin(), outcome.changed.end(),
                     engine::ChangedEntity{kind, id}) != outcome.changed.end();
  };
  CHECK(touched(engine::EntityKind::PlayerCounts, player));
  CHECK_FALSE(touched(engine::EntityKind::Player, player));
  CHECK(w.player(player).locations_sent == 1);
  CHECK(w.player(player).locations_accepted == 1);
}

TEST_CASE("a refused location (out of range) touches nothing") {
  GameWorld w;
  w.start();
  const engine::Outcome outcome = w.run(SendLocation{w.session, w.players[0], at(95, 8.54, w.now)});
  REQUIRE(std::holds_alternative<Failure>(outcome.result));
  CHECK(outcome.changed.empty());
}
