// AdjustTeam (game-rules section 10): the organisers' corrections of a
// team's points and bounty during a game, their refusals, the Correction
// event and the TeamAdjusted broadcast.
#include <catch2/catch.hpp>
#include <limits>

#include "engine_fixture.hpp"

using namespace truinlag;
using namespace engine_fixture;

namespace {

// A started GameWorld whose runner has completed one challenge, so that it
// has points and a bounty to correct.
struct CorrectedWorld : GameWorld {
  TeamId r = 0;
  std::int64_t points = 0;
  std::int64_t bounty = 0;

  CorrectedWorld() {
    start();
    r = runner();
    now += 10 * kMinute;
    ok(truinlag::Complete{session, r, 0, 0});
    points = team(r).team.points;
    bounty = team(r).team.bounty;
    REQUIRE(points > 0);
    REQUIRE(bounty > 0);
    now += 5 * kMinute;
  }
};

}  // namespace

TEST_CASE("AdjustTeam: points and bounty change by the deltas; a Correction event; broadcast") {
  CorrectedWorld w;
  const Team before = w.team(w.r).team;
  auto outcome = w.run(AdjustTeam{w.session, w.r, -40, 25, "  Uetliberg was Blau's  "});
  REQUIRE(std::holds_alternative<Success>(outcome.result));
  const Team& after = w.team(w.r).team;
  CHECK(after.points == w.points - 40);
  CHECK(after.bounty == w.bounty + 25);
  // No period ends, nothing is drawn, no role changes.
  CHECK(after.periods == before.periods);
  CHECK(after.challenges == before.challenges);
  CHECK(after.role == before.role);
  CHECK(outcome.timers.empty());

  const Correction expected{w.r, -40, 25, "Uetliberg was Blau's", w.now};
  REQUIRE(outcome.broadcast.has_value());
  CHECK(outcome.broadcast->session == std::optional<SessionId>(w.session));
  const auto* adjusted = std::get_if<TeamAdjusted>(&outcome.broadcast->event);
  REQUIRE(adjusted != nullptr);
  CHECK(adjusted->team == after);
  CHECK(adjusted->correction == expected);
  CHECK(outcome.more_broadcasts.empty());
  // The team's row and the session's (where the game's corrections live).
  CHECK(outcome.changed.size() == 2);

  const auto events = std::get<Events>(w.ok(GetEvents{w.session})).events;
  REQUIRE(events.size() == 2);
  CHECK(std::holds_alternative<CompleteEvent>(events[0]));
  CHECK(std::get<Correction>(events[1]) == expected);
  const auto state = std::get<SessionState>(w.ok(GetSessionState{w.session}));
  CHECK(state.events == events);
}

TEST_CASE("AdjustTeam: corrections in time order, and into the past game at Stop") {
  CorrectedWorld w;
  w.ok(AdjustTeam{w.session, w.r, 10, 0, "first"});
  w.now += kMinute;
  w.ok(AdjustTeam{w.session, w.r, -10, 0, "second"});
  w.ok(AdjustTeam{w.session, w.r, 0, 3, "third, same time and team"});
  w.now += kMinute;
  w.ok(AdjustTeam{w.session, w.catcher(), 0, 7, "fourth"});
  const auto events = std::get<Events>(w.ok(GetEvents{w.session})).events;
  REQUIRE(events.size() == 5);
  CHECK(std::get<Correction>(events[1]).reason == "first");
  CHECK(std::get<Correction>(events[2]).reason == "second");
  CHECK(std::get<Correction>(events[3]).reason == "third, same time and team");
  CHECK(std::get<Correction>(events[4]).reason == "fourth");

  w.now += kMinute;
  w.ok(Stop{w.session});
  const auto& past = w.engine.state().past_games.begin()->second;
  CHECK(past.events == events);
  const auto runner = std::find_if(past.teams.begin(), past.teams.end(),
                                   [&](const PastTeam& t) { return t.id == w.r; });
  REQUIRE(runner != past.teams.end());
  CHECK(runner->points == w.points);  // +10 - 10
  CHECK(runner->bounty == w.bounty + 3);
  // Between games GetEvents shows the last game whole, as the periods do;
  // the next game starts without them.
  CHECK(std::get<Events>(w.ok(GetEvents{w.session})).events == events);
  w.ok(Start{w.session});
  CHECK(std::get<Events>(w.ok(GetEvents{w.session})).events.empty());
  CHECK(w.engine.state().sessions.at(w.session).corrections.empty());
}

TEST_CASE("AdjustTeam: every refusal, and none changes anything") {
  CorrectedWorld w;
  SECTION("only while a game runs") {
    w.ok(Stop{w.session});
    CHECK(std::holds_alternative<GameNotRunning>(
        w.refused(AdjustTeam{w.session, w.r, 1, 0, "too late"})));
  }
  SECTION("an unknown session or team") {
    CHECK(w.refused(AdjustTeam{99, w.r, 1, 0, "why"}) == Error{NotFound{"session 99"}});
    CHECK(w.refused(AdjustTeam{w.session, 99, 1, 0, "why"}) == Error{NotFound{"team 99"}});
  }
  SECTION("an empty reason, or only blanks") {
    CHECK(w.refused(AdjustTeam{w.session, w.r, 1, 0, ""}) ==
          Error{BadData{"a correction needs a reason"}});
    CHECK(w.refused(AdjustTeam{w.session, w.r, 1, 0, "   "}) ==
          Error{BadData{"a correction needs a reason"}});
  }
  SECTION("points below 0, even when the bounty delta is fine") {
    const Error error = w.refused(AdjustTeam{w.session, w.r, -(w.points + 1), 5, "too much"});
    REQUIRE(std::holds_alternative<BadData>(error));
    CHECK(std::get<BadData>(error).text.find("points would be -1") == 0);
  }
  SECTION("bounty below 0, even when the points delta is fine") {
    const Error error = w.refused(AdjustTeam{w.session, w.r, 5, -(w.bounty + 1), "too much"});
    REQUIRE(std::holds_alternative<BadData>(error));
    CHECK(std::get<BadData>(error).text.find("bounty would be -1") == 0);
  }
  SECTION("past the int64 range") {
    const auto max = std::numeric_limits<std::int64_t>::max();
    CHECK(std::holds_alternative<BadData>(w.refused(AdjustTeam{w.session, w.r, max, 0, "x"})));
    CHECK(std::holds_alternative<BadData>(w.refused(AdjustTeam{w.session, w.r, 0, max, "x"})));
  }
  SECTION("exactly to 0 is fine") {
    w.ok(AdjustTeam{w.session, w.r, -w.points, -w.bounty, "all back"});
    CHECK(w.team(w.r).team.points == 0);
    CHECK(w.team(w.r).team.bounty == 0);
  }
}
