// Playing (section 5): catch and complete arithmetic and checks, grace
// periods and their timers, locations and the track.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"

using namespace truinlag;
using namespace engine_fixture;

namespace {

// A started game where the runner has earned a bounty of 90 (300 points).
struct PlayingWorld : GameWorld {
  TeamId c = 0;  // catcher
  TeamId r = 0;  // runner
  PlayingWorld() {
    start();
    c = catcher();
    r = runner();
    // Replace the draw with a known challenge worth 300 points.
    now += kMinute;
  }
  // Completes the runner's challenge at `index`; returns its points.
  std::int64_t complete_first() {
    const std::int64_t points = team(r).team.challenges.at(0).points;
    ok(truinlag::Complete{session, r, 0, period_of(r)});
    return points;
  }
};

}  // namespace

TEST_CASE("Complete: points, bounty = floor(P x 0.3), a period, a new draw, Period(i)") {
  PlayingWorld w;
  const OpenChallenge first = w.team(w.r).team.challenges.at(0);
  auto outcome = w.run(truinlag::Complete{w.session, w.r, 0, 0});
  REQUIRE(std::holds_alternative<PeriodIndex>(outcome.result));
  CHECK(std::get<PeriodIndex>(outcome.result).index == 0);
  const Team& team = w.team(w.r).team;
  CHECK(team.points == first.points);
  CHECK(team.bounty == static_cast<std::int64_t>(first.points * 3 / 10));
  REQUIRE(team.periods.size() == 1);
  const auto& done = std::get<CompletedChallenge>(team.periods[0].context);
  CHECK(done.title == first.title);
  CHECK(done.points == first.points);
  CHECK(team.periods[0].end_time == w.now);
  CHECK(team.challenges.size() == 3);
  // (That the completed challenge is not drawn again while others fit the
  // slots is a rule of the draw: engine_draw_test, "relaxation".)
  REQUIRE(outcome.broadcast.has_value());
  CHECK(std::get<Completed>(outcome.broadcast->event).challenge == done);
}

TEST_CASE("bounty is floored: 0.3 x 333 = 99.9 -> 99") {
  GameWorld odd(0);
  for (int i = 0; i < 3; ++i) {
    odd.create(AddChallenge{odd.unspecific("Odd " + std::to_string(i), 333)});
  }
  odd.start();
  odd.now += kMinute;
  odd.ok(truinlag::Complete{odd.session, odd.runner(), 1, 0});
  CHECK(odd.team(odd.runner()).team.points == 333);
  CHECK(odd.team(odd.runner()).team.bounty == 99);
}

TEST_CASE("Complete: the checks in order") {
  PlayingWorld w;
  CHECK(w.refused(truinlag::Complete{w.session, 999, 0, 0}) == Error{NotFound{"team 999"}});
  CHECK(std::holds_alternative<BadData>(w.refused(truinlag::Complete{w.session, w.r, 0, 5})));
  CHECK(w.refused(truinlag::Complete{w.session, w.c, 0, 0}) ==
        Error{TeamIsCatcher{w.team(w.c).team.name}});
  CHECK(std::holds_alternative<NotFound>(w.refused(truinlag::Complete{w.session, w.r, 3, 0})));
  w.complete_first();
  // A second completion within 30 s of the period end is too rapid.
  w.now += 29'000;
  CHECK(std::holds_alternative<TooRapid>(w.refused(truinlag::Complete{w.session, w.r, 0, 1})));
  w.now += 1'000;
  w.ok(truinlag::Complete{w.session, w.r, 0, 1});
  // The same request repeated (a retry with the old period id) is stale.
  w.now += kMinute;
  CHECK(std::holds_alternative<BadData>(w.refused(truinlag::Complete{w.session, w.r, 0, 1})));
}

TEST_CASE("Complete: an action lock refuses until it expires") {
  GameWorld w(0);
  Challenge locked = w.unspecific("Locked", 100);
  locked.action = UncompletableMinutes{10};
  for (int i = 0; i < 3; ++i) {
    Challenge c = locked;
    c.title = "Locked " + std::to_string(i);
    w.create(AddChallenge{c});
  }
  w.start();
  const TeamId r = w.runner();
  const Timestamp until = kMorning + 10 * kMinute;
  CHECK(w.team(r).team.challenges.at(0).locked_until == std::optional<Timestamp>(until));
  w.now = kMorning + 5 * kMinute;
  CHECK(w.refused(truinlag::Complete{w.session, r, 0, 0}) == Error{ChallengeLocked{until}});
  w.now = until;
  w.ok(truinlag::Complete{w.session, r, 0, 0});
}

TEST_CASE("Catch: bounty moves, roles swap, periods end, grace period starts") {
  PlayingWorld w;
  const std::int64_t points = w.complete_first();
  const std::int64_t bounty = static_cast<std::int64_t>(points * 3 / 10);
  w.now += kMinute;
  auto outcome = w.run(truinlag::Catch{w.session, w.c, w.r, 0});
  REQUIRE(std::holds_alternative<PeriodIndex>(outcome.result));
  CHECK(std::get<PeriodIndex>(outcome.result).index == 0);
  const Team& catcher = w.team(w.c).team;  // now a runner
  const Team& caught = w.team(w.r).team;   // now a catcher
  CHECK(catcher.role == Role::Runner);
  CHECK(caught.role == Role::Catcher);
  CHECK(catcher.points == 500 + bounty);
  CHECK(catcher.bounty == 0);
  CHECK(caught.bounty == 0);
  CHECK(caught.points == points);  // points stay with the team that earned them
  CHECK(caught.challenges.empty());
  CHECK(catcher.challenges.size() == 3);
  CHECK(std::get<CaughtSomeone>(catcher.periods.back().context) == CaughtSomeone{w.r, bounty});
  CHECK(std::get<WasCaught>(caught.periods.back().context) == WasCaught{w.c, bounty});
  const Timestamp grace_end = w.now + 15 * kMinute;
  CHECK(catcher.grace_period_end == std::optional<Timestamp>(grace_end));
  const engine::TimerKey grace{engine::TimerKind::GracePeriodEnd, w.session, w.c};
  REQUIRE(outcome.timers.size() == 1);
  CHECK(outcome.timers[0] == engine::TimerChange{grace, grace_end});
  REQUIRE(outcome.broadcast.has_value());
  const auto& event = std::get<Caught>(outcome.broadcast->event);
  CHECK(event.catcher.id == w.c);
  CHECK(event.caught.id == w.r);
  // The same catch repeated (stale period id) is refused and changes nothing.
  CHECK(std::holds_alternative<BadData>(w.refused(truinlag::Catch{w.session, w.c, w.r, 0})));

  // The grace period ends when its timer fires: broadcast TeamLeftGracePeriod.
  auto left = w.engine.fire(grace, grace_end);
  REQUIRE(left.broadcast.has_value());
  CHECK(std::get<TeamLeftGracePeriod>(left.broadcast->event).team.id == w.c);
  CHECK_FALSE(w.team(w.c).team.grace_period_end.has_value());
}

TEST_CASE("Catch: the checks in order") {
  PlayingWorld w;
  CHECK(w.refused(truinlag::Catch{w.session, 999, w.r, 0}) == Error{NotFound{"team 999"}});
  CHECK(w.refused(truinlag::Catch{w.session, w.c, 999, 0}) == Error{NotFound{"team 999"}});
  CHECK(std::holds_alternative<BadData>(w.refused(truinlag::Catch{w.session, w.c, w.r, 3})));
  CHECK(w.refused(truinlag::Catch{w.session, w.r, w.c, 0}) ==
        Error{TeamIsRunner{w.team(w.r).team.name}});
  // Too far: Zürich HB and Winterthur.
  w.ok(SendLocation{w.session, w.player_of(w.c), at(47.3779, 8.5403, w.now)});
  w.ok(SendLocation{w.session, w.player_of(w.r), at(47.5000, 8.7241, w.now)});
  CHECK(std::holds_alternative<TeamsTooFar>(w.refused(truinlag::Catch{w.session, w.c, w.r, 0})));
  // 250 m apart (about 0.00225 degrees of latitude): close enough.
  w.now += kMinute;
  w.ok(SendLocation{w.session, w.player_of(w.r), at(47.3801, 8.5403, w.now)});
  w.ok(truinlag::Catch{w.session, w.c, w.r, 0});
}

namespace {

// Three teams (Blau, Rot, Gelb), one catcher.
struct ThreeTeams : GameWorld {
  TeamId gelb = 0;
  ThreeTeams() {
    const PlayerId eve = create(AddPlayer{"Eve", "pe", std::nullopt, std::nullopt, session});
    gelb = create(AddTeam{session, "Gelb", std::nullopt, std::nullopt});
    ok(AssignPlayerToTeam{session, eve, gelb});
    start();
  }
  std::vector<TeamId> with_role(Role role) const {
    std::vector<TeamId> out;
    for (TeamId t : {blau, rot, gelb}) {
      if (team(t).team.role == role) out.push_back(t);
    }
    return out;
  }
};

}  // namespace

TEST_CASE("Catch: a team in its grace period cannot be caught; completing ends grace") {
  ThreeTeams w;
  REQUIRE(w.with_role(Role::Catcher).size() == 1);
  const TeamId hunter = w.with_role(Role::Catcher)[0];
  const TeamId prey = w.with_role(Role::Runner)[0];
  w.now += kMinute;
  w.ok(truinlag::Catch{w.session, hunter, prey, 0});
  // `hunter` is a runner in its grace period now; `prey` hunts.
  w.now += kMinute;
  CHECK(w.refused(truinlag::Catch{w.session, prey, hunter, 1}) ==
        Error{TeamInGracePeriod{w.team(hunter).team.name}});
  // Completing a challenge ends the grace period and cancels its timer.
  auto done = w.run(truinlag::Complete{w.session, hunter, 0, 1});
  REQUIRE(std::holds_alternative<PeriodIndex>(done.result));
  CHECK(std::get<PeriodIndex>(done.result).index == 1);
  CHECK_FALSE(w.team(hunter).team.grace_period_end.has_value());
  const engine::TimerKey grace{engine::TimerKind::GracePeriodEnd, w.session, hunter};
  CHECK(std::find(done.timers.begin(), done.timers.end(),
                  engine::TimerChange{grace, std::nullopt}) != done.timers.end());
  CHECK(w.engine.state().timers.count(grace) == 0);
  // Now it can be caught; a grace timer firing late (raced the cancel) does nothing.
  auto stale = w.engine.fire(grace, w.now + 60 * kMinute);
  CHECK_FALSE(stale.broadcast.has_value());
  w.now += kMinute;
  w.ok(truinlag::Catch{w.session, prey, hunter, 1});
}

TEST_CASE("Catch: a caught team loses its own grace period") {
  ThreeTeams w;
  const TeamId hunter = w.with_role(Role::Catcher)[0];
  const std::vector<TeamId> runners = w.with_role(Role::Runner);
  w.now += kMinute;
  w.ok(truinlag::Catch{w.session, hunter, runners[0], 0});  // hunter: runner in grace
  const engine::TimerKey grace{engine::TimerKind::GracePeriodEnd, w.session, hunter};
  REQUIRE(w.engine.state().timers.count(grace) == 1);
  // The grace period ends by its timer, then runners[0] (catcher) catches hunter.
  w.engine.fire(grace, w.now + 15 * kMinute);
  w.now += 16 * kMinute;
  auto caught = w.run(truinlag::Catch{w.session, runners[0], hunter, 1});
  REQUIRE(std::holds_alternative<PeriodIndex>(caught.result));
  CHECK(w.team(hunter).team.role == Role::Catcher);
}

TEST_CASE("SendLocation: ignored between games, NotFound without a team, range checked") {
  GameWorld w;
  auto between = w.run(SendLocation{w.session, w.players[0], at(47, 8, w.now)});
  CHECK(std::holds_alternative<Success>(between.result));
  CHECK(between.changed.empty());
  CHECK_FALSE(between.broadcast.has_value());
  w.start();
  const PlayerId loner = w.create(AddPlayer{"Lone", "pl", std::nullopt, std::nullopt, w.session});
  CHECK(w.refused(SendLocation{w.session, loner, at(47, 8, w.now)}) ==
        Error{NotFound{"team of player " + std::to_string(loner)}});
  CHECK(std::holds_alternative<BadData>(
      w.refused(SendLocation{w.session, w.players[0], at(91, 8, w.now)})));
}

TEST_CASE("SendLocation: the acceptance rule, case by case, with counters") {
  GameWorld w;
  w.start();
  const TeamId r = w.runner();
  const PlayerId p = w.player_of(r);
  const Timestamp t0 = w.now;
  auto send = [&](Location loc) {
    auto outcome = w.run(SendLocation{w.session, p, loc});
    REQUIRE(std::holds_alternative<Success>(outcome.result));
    return w.team(r).team.location == std::optional<Location>(loc);
  };
  CHECK(send(at(47.370, 8.54, t0, 100)));                // no current location
  CHECK(send(at(47.371, 8.54, t0 + 1000, 19)));          // accuracy < 20 m
  CHECK_FALSE(send(at(47.372, 8.54, t0 + 6000, 30)));    // ratio 1.58, 5 s
  CHECK_FALSE(send(at(47.372, 8.54, t0 + 10000, 25)));   // ratio 1.32, only 9 s
  CHECK(send(at(47.373, 8.54, t0 + 17000, 25)));         // ratio 1.32 < 1.5 after > 15 s
  CHECK(send(at(47.374, 8.54, t0 + 18000, 24)));         // ratio 0.96 < 1.0
  CHECK_FALSE(send(at(47.375, 8.54, t0 + 40000, 100)));  // ratio 4.2 after 22 s
  CHECK(send(at(47.376, 8.54, t0 + 49000, 100)));        // more than 30 s
  CHECK(w.player(p).locations_sent == 8);
  CHECK(w.player(p).locations_accepted == 5);
}

TEST_CASE("SendLocation: the track keeps points > 20 m and > 10 s apart") {
  GameWorld w;
  w.start();
  const TeamId r = w.runner();
  const PlayerId p = w.player_of(r);
  const Timestamp t0 = w.now;
  auto track_size = [&] { return w.team(r).track.size(); };
  w.ok(SendLocation{w.session, p, at(47.3700, 8.54, t0)});
  CHECK(track_size() == 1);
  w.ok(SendLocation{w.session, p, at(47.3701, 8.54, t0 + 20000)});  // 11 m: too close
  CHECK(track_size() == 1);
  w.ok(SendLocation{w.session, p, at(47.3710, 8.54, t0 + 25000)});  // 111 m, 25 s
  CHECK(track_size() == 2);
  w.ok(SendLocation{w.session, p, at(47.3720, 8.54, t0 + 30000)});  // 111 m but 5 s
  CHECK(track_size() == 2);
  // Locations are accepted into the current location even when not tracked.
  CHECK(w.team(r).team.location->latitude == Approx(47.3720));
  auto locations = std::get<Locations>(w.ok(GetLocations{w.session}));
  REQUIRE(locations.teams.size() == 2);
  w.now = t0 + 30000;
  auto recent = std::get<PastLocations>(w.ok(GetPastLocations{w.session, r, 10}));
  REQUIRE(recent.track.size() == 1);  // only the point of t0 + 25 s is at most 10 s old
  CHECK(recent.track[0].timestamp == t0 + 25000);
  CHECK(std::get<PastLocations>(w.ok(GetPastLocations{w.session, r, std::nullopt})).track.size() ==
        2);
  CHECK(std::holds_alternative<NotFound>(w.refused(GetPastLocations{w.session, 999, 10})));
}

TEST_CASE("SendLocation: broadcast unless the team is in its grace period") {
  GameWorld w;
  w.start();
  const TeamId c = w.catcher();
  const TeamId r = w.runner();
  auto seen = w.run(SendLocation{w.session, w.player_of(r), at(47.37, 8.54, w.now)});
  REQUIRE(seen.broadcast.has_value());
  CHECK(seen.broadcast->event == BroadcastEvent{LocationSent{r, at(47.37, 8.54, w.now)}});
  w.now += kMinute;
  w.ok(truinlag::Catch{w.session, c, r, 0});  // c: runner in grace
  auto hidden = w.run(SendLocation{w.session, w.player_of(c), at(47.37, 8.54, w.now)});
  CHECK(std::holds_alternative<Success>(hidden.result));
  CHECK_FALSE(hidden.broadcast.has_value());
  CHECK(w.team(c).team.location.has_value());  // stored all the same
}

TEST_CASE("events are derived from periods in time order, with the track point") {
  GameWorld w;
  w.start();
  const TeamId c = w.catcher();
  const TeamId r = w.runner();
  w.ok(SendLocation{w.session, w.player_of(r), at(47.37, 8.54, w.now)});
  w.now += kMinute;
  w.ok(truinlag::Complete{w.session, r, 0, 0});
  w.now += kMinute;
  w.ok(truinlag::Catch{w.session, c, r, 0});
  auto events = std::get<Events>(w.ok(GetEvents{w.session})).events;
  REQUIRE(events.size() == 2);
  const auto& complete = std::get<CompleteEvent>(events[0]);
  CHECK(complete.completer == r);
  CHECK(complete.time == kMorning + kMinute);
  CHECK(complete.location == std::optional<Location>(at(47.37, 8.54, kMorning)));
  const auto& caught = std::get<CatchEvent>(events[1]);
  CHECK(caught.catcher == c);
  CHECK(caught.caught == r);
  CHECK(caught.time == kMorning + 2 * kMinute);
  auto state = std::get<truinlag::SessionState>(w.ok(GetSessionState{w.session}));
  CHECK(state.events == events);
  CHECK(state.teams.size() == 2);
  CHECK(state.game.has_value());
}

TEST_CASE("MakeTeamCatcher ends a running grace period and cancels its timer") {
  // A catcher hunts in the open: an admin making a team in its grace
  // period a catcher must not leave it invisible with a countdown.
  PlayingWorld w;
  w.ok(truinlag::Catch{w.session, w.c, w.r, 0});  // w.c is a runner in grace now
  REQUIRE(w.team(w.c).team.grace_period_end.has_value());
  const engine::TimerKey grace{engine::TimerKind::GracePeriodEnd, w.session, w.c};
  auto outcome = w.run(MakeTeamCatcher{w.session, w.c});
  CHECK(std::holds_alternative<Success>(outcome.result));
  CHECK_FALSE(w.team(w.c).team.grace_period_end.has_value());
  CHECK(w.engine.state().timers.count(grace) == 0);
  CHECK(outcome.timers == std::vector<engine::TimerChange>{{grace, std::nullopt}});
}
