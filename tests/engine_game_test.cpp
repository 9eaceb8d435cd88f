// Starting and stopping games: the checks of section 4 in their order,
// the effects, the snapshot, the end alarm and the past game.
#include <catch2/catch.hpp>

#include "engine/local_time.hpp"
#include "engine_fixture.hpp"

using namespace truinlag;
using namespace engine_fixture;

TEST_CASE("Start: resets teams, picks catchers, draws, arms the end alarm, broadcasts") {
  GameWorld w;
  auto outcome = w.run(Start{w.session});
  REQUIRE(std::holds_alternative<Success>(outcome.result));
  const engine::TeamData& catcher = w.team(w.catcher());
  const engine::TeamData& runner = w.team(w.runner());
  CHECK(catcher.team.role == Role::Catcher);
  CHECK(runner.team.role == Role::Runner);
  CHECK(catcher.team.points == 500);
  CHECK(runner.team.points == 0);
  CHECK(catcher.team.challenges.empty());
  CHECK(runner.team.challenges.size() == 3);
  CHECK(runner.team.zone == std::optional<ZoneId>(w.zone110));
  // The end alarm: 17:00 in Zürich on the same day = 16:00 UTC.
  const Timestamp five_pm = kMorning + 7 * 60 * kMinute;
  REQUIRE(outcome.timers.size() == 1);
  CHECK(outcome.timers[0].key == engine::TimerKey{engine::TimerKind::EndAlarm, w.session, 0});
  CHECK(outcome.timers[0].deadline == std::optional<Timestamp>(five_pm));
  const auto& game = w.engine.state().sessions.at(w.session).session.game;
  REQUIRE(game.has_value());
  CHECK(game->name == "OG am 2026-11-25");
  CHECK(game->end_alarm == five_pm);
  REQUIRE(outcome.broadcast.has_value());
  CHECK(outcome.broadcast->session == std::optional<SessionId>(w.session));
  const auto& started = std::get<Started>(outcome.broadcast->event);
  CHECK(started.teams.size() == 2);
  CHECK(started.game == *game);
  // Drawn challenges carry the pool's titles and additional points.
  for (const OpenChallenge& open : runner.team.challenges) {
    REQUIRE(open.challenge.has_value());
    const Challenge& raw = w.engine.state().challenges.at(*open.challenge);
    CHECK(open.title == *raw.title);
    CHECK(open.points == raw.additional_points);
  }
}

TEST_CASE("Start: each refusal in the order of the rules, changing nothing") {
  SECTION("game already running") {
    GameWorld w;
    w.start();
    CHECK(std::holds_alternative<GameInProgress>(w.refused(Start{w.session})));
  }
  SECTION("end time has passed") {
    GameWorld w;
    w.now = kMorning + 8 * 60 * kMinute - kMinute / 2;  // 16:59:30 local
    CHECK(w.refused(Start{w.session}) == Error{BadData{"end_time 17:00 has passed"}});
  }
  SECTION("too few approved challenges") {
    GameWorld w(2);
    CHECK(std::holds_alternative<TooFewChallenges>(w.refused(Start{w.session})));
  }
  SECTION("centre zone missing") {
    GameWorld w;
    ConfigPatch p;
    p.centre_zone = 999;
    w.ok(SetConfig{w.session, p});
    CHECK(w.refused(Start{w.session}) == Error{NotFound{"centre zone 999"}});
  }
  SECTION("start zone missing") {
    GameWorld w;
    ConfigPatch p;
    p.start_zone = 998;
    w.ok(SetConfig{w.session, p});
    CHECK(w.refused(Start{w.session}) == Error{NotFound{"start zone 998"}});
  }
  SECTION("a configured set missing") {
    GameWorld w;
    ConfigPatch p;
    p.challenge_sets = std::vector<ChallengeSetId>{w.set, 77};
    w.ok(SetConfig{w.session, p});
    CHECK(w.refused(Start{w.session}) == Error{NotFound{"challenge set 77"}});
  }
  SECTION("as many catchers as teams") {
    GameWorld w;
    ConfigPatch p;
    p.num_catchers = 2;
    w.ok(SetConfig{w.session, p});
    CHECK(std::holds_alternative<BadData>(w.refused(Start{w.session})));
  }
  SECTION("a team without players") {
    GameWorld w;
    w.create(AddTeam{w.session, "Leer", std::nullopt, std::nullopt});
    CHECK(w.refused(Start{w.session}) == Error{BadData{"team Leer has no players"}});
  }
}

TEST_CASE("while a game runs, set-up of its session is refused with GameInProgress") {
  GameWorld w;
  w.start();
  const TeamId t = w.blau;
  CHECK(std::holds_alternative<GameInProgress>(
      w.refused(AddTeam{w.session, "Neu", std::nullopt, std::nullopt})));
  CHECK(std::holds_alternative<GameInProgress>(w.refused(RemoveTeam{w.session, t})));
  CHECK(std::holds_alternative<GameInProgress>(w.refused(RenameTeam{w.session, t, "X"})));
  CHECK(std::holds_alternative<GameInProgress>(w.refused(SetConfig{w.session, ConfigPatch{}})));
  CHECK(std::holds_alternative<GameInProgress>(
      w.refused(AddChallengeToTeam{w.session, t, "T", "D", 1})));
  CHECK(std::holds_alternative<GameInProgress>(w.refused(RemoveSession{w.session})));
  CHECK(std::holds_alternative<GameInProgress>(
      w.refused(SetPlayerSession{w.players[0], std::nullopt})));
  CHECK(std::holds_alternative<GameInProgress>(w.refused(RemovePlayer{w.players[0]})));
}

TEST_CASE("a team's Discord channel is set, kept, cleared, also while a game runs") {
  GameWorld w;
  const TeamId t = w.blau;
  CHECK(w.team(t).team.discord_channel == std::nullopt);
  w.ok(SetTeamDiscordChannel{w.session, t, 1189340571922456657ULL});
  CHECK(w.team(t).team.discord_channel == std::optional<std::uint64_t>(1189340571922456657ULL));
  w.start();
  // Section 10: allowed during a game; the same value again writes nothing.
  CHECK(w.run(SetTeamDiscordChannel{w.session, t, 1189340571922456657ULL}).changed.empty());
  const auto moved = w.run(SetTeamDiscordChannel{w.session, t, 42});
  CHECK(moved.changed.size() == 1);
  CHECK(w.team(t).team.discord_channel == std::optional<std::uint64_t>(42));
  w.ok(SetTeamDiscordChannel{w.session, t, std::nullopt});
  CHECK(w.team(t).team.discord_channel == std::nullopt);
  CHECK(w.refused(SetTeamDiscordChannel{w.session, 999, 1}) == Error{NotFound{"team 999"}});
  CHECK(w.refused(SetTeamDiscordChannel{w.session + 100, t, 1}) ==
        Error{NotFound{"session " + std::to_string(w.session + 100)}});
}

TEST_CASE("the snapshot isolates a running game from edits of global data") {
  GameWorld w;
  w.start();
  const auto snapshot = *w.engine.state().sessions.at(w.session).snapshot;
  CHECK(snapshot.challenges.size() == 5);
  CHECK(snapshot.player_names.at(w.players[0]) == "Ana");
  // Global edits are accepted...
  w.ok(RenamePlayer{w.players[0], "Anastasia"});
  w.ok(DeleteAllChallenges{});
  w.create(AddZone{130, 1, 1, false, false, false});
  // ...and the game does not see them: redraws still come from the pool.
  CHECK(w.engine.state().sessions.at(w.session).snapshot == snapshot);
  w.ok(GenerateTeamChallenges{w.session, w.runner()});
  CHECK(w.team(w.runner()).team.challenges.size() == 3);
  // The past game keeps the names of the snapshot.
  w.ok(Stop{w.session});
  const PastGame& past = w.engine.state().past_games.begin()->second;
  bool found_ana = false;
  for (const PastTeam& team : past.teams) {
    for (const std::string& name : team.players) found_ana |= name == "Ana";
  }
  CHECK(found_ana);
}

TEST_CASE("Stop: archives the game, cancels timers, broadcasts Ended") {
  GameWorld w;
  w.start();
  CHECK(w.refused(truinlag::Catch{w.session, w.catcher(), w.catcher(), 0}) ==
        Error{BadData{"a team cannot catch itself"}});
  const TeamId catcher = w.catcher();
  w.ok(truinlag::Catch{w.session, catcher, w.runner(), 0});  // arms a grace period
  REQUIRE(w.engine.state().timers.size() == 2);
  w.now += 60 * kMinute;
  auto stopped = w.run(Stop{w.session});
  REQUIRE(std::holds_alternative<Success>(stopped.result));
  CHECK(w.engine.state().timers.empty());
  CHECK(stopped.timers.size() == 2);
  for (const auto& change : stopped.timers) CHECK_FALSE(change.deadline.has_value());
  REQUIRE(stopped.broadcast.has_value());
  CHECK(std::holds_alternative<Ended>(stopped.broadcast->event));
  CHECK_FALSE(w.engine.state().sessions.at(w.session).session.game.has_value());
  CHECK(std::holds_alternative<GameNotRunning>(w.refused(Stop{w.session})));

  auto list = std::get<PastGames>(w.ok(ListPastGames{}));
  REQUIRE(list.games.size() == 1);
  CHECK(list.games[0].name == "OG am 2026-11-25");
  auto game = std::get<PastGameResult>(w.ok(GetPastGame{list.games[0].id})).game;
  CHECK(game.start == kMorning);
  CHECK(game.end == kMorning + 60 * kMinute);
  CHECK(game.teams.size() == 2);
  CHECK(game.events.size() == 1);
  CHECK(std::holds_alternative<CatchEvent>(game.events[0]));
  // Filter by player: Ana played, a new player did not.
  CHECK(std::get<PastGames>(w.ok(ListPastGames{w.players[0]})).games.size() == 1);
  const PlayerId newcomer =
      w.create(AddPlayer{"Eve", "pe", std::nullopt, std::nullopt, std::nullopt});
  CHECK(std::get<PastGames>(w.ok(ListPastGames{newcomer})).games.empty());
  CHECK(w.refused(GetPastGame{99}) == Error{NotFound{"past game 99"}});
}

TEST_CASE("the end alarm stops the game when it fires; stale timers do nothing") {
  GameWorld w;
  w.start();
  const engine::TimerKey alarm{engine::TimerKind::EndAlarm, w.session, 0};
  const Timestamp deadline = w.engine.state().timers.at(alarm);
  // Too early: the deadline has not come, nothing happens.
  auto early = w.engine.fire(alarm, deadline - 1);
  CHECK_FALSE(early.broadcast.has_value());
  CHECK(w.engine.state().sessions.at(w.session).session.game.has_value());
  auto fired = w.engine.fire(alarm, deadline);
  REQUIRE(fired.broadcast.has_value());
  CHECK(std::holds_alternative<Ended>(fired.broadcast->event));
  CHECK(w.engine.state().past_games.size() == 1);
  // Firing again (a timer that raced a cancel) changes nothing.
  const engine::State before = w.engine.state();
  auto again = w.engine.fire(alarm, deadline + 5);
  CHECK_FALSE(again.broadcast.has_value());
  CHECK(w.engine.state() == before);
}

TEST_CASE("local time: DST gaps and overlaps, dates and weekdays in the session's zone") {
  using namespace truinlag::engine;
  // 2026-03-29: Zürich jumps from 02:00 to 03:00. 02:30 does not exist:
  // the first instant after the gap is 03:00 CEST = 01:00 UTC.
  const Timestamp night_of_change = 1'774'744'200'000;  // 00:30 UTC = 01:30 CET
  CHECK(today_at(night_of_change, "Europe/Zurich", {2, 30}) == 1'774'746'000'000);
  // 2026-10-25: 02:30 happens twice; the earlier is 02:30 CEST = 00:30 UTC.
  const Timestamp fall_back = 1'792'888'200'000;  // 00:30 UTC
  CHECK(today_at(fall_back, "Europe/Zurich", {2, 30}) == 1'792'888'200'000);
  CHECK(local_date(kMorning, "Europe/Zurich") == "2026-11-25");
  CHECK(local_weekday(kMorning, "Europe/Zurich") == 3);           // Wednesday
  CHECK(local_weekday(1'795'856'400'000, "Europe/Zurich") == 6);  // Saturday
  CHECK(local_weekday(1'795'942'800'000, "Europe/Zurich") == 0);  // Sunday
  CHECK(local_minutes_of_day(kMorning, "Europe/Zurich") == Approx(600));
  CHECK(is_time_zone("America/New_York"));
  CHECK_FALSE(is_time_zone("Nowhere/Special"));
}

TEST_CASE("two sessions play at the same time without touching each other") {
  GameWorld w;
  const SessionId b = w.create(AddSession{"Family", Mode::Traditional});
  const PlayerId e = w.create(AddPlayer{"Eve", "pe", std::nullopt, std::nullopt, b});
  const PlayerId f = w.create(AddPlayer{"Fay", "pf", std::nullopt, std::nullopt, b});
  const TeamId gruen = w.create(AddTeam{b, "Grün", std::nullopt, std::nullopt});
  const TeamId gelb = w.create(AddTeam{b, "Gelb", std::nullopt, std::nullopt});
  w.ok(AssignPlayerToTeam{b, e, gruen});
  w.ok(AssignPlayerToTeam{b, f, gelb});
  ConfigPatch p;
  p.num_catchers = 1;
  p.challenge_sets = std::vector<ChallengeSetId>{w.set};
  p.bounty_start_points = 200;
  w.ok(SetConfig{b, p});
  w.start();
  w.ok(Start{b});
  const TeamId b_catcher = w.team(gruen).team.role == Role::Catcher ? gruen : gelb;
  CHECK(w.team(b_catcher).team.points == 200);
  CHECK(w.team(w.catcher()).team.points == 500);
  const auto a_before = w.team(w.catcher());
  w.ok(Stop{b});
  CHECK(w.team(w.catcher()) == a_before);
  CHECK(w.engine.state().sessions.at(w.session).session.game.has_value());
  CHECK(w.engine.state().timers.size() == 1);  // only A's end alarm is left
  // A team of B is not reachable through A.
  CHECK(std::holds_alternative<NotFound>(
      w.refused(truinlag::Catch{w.session, w.catcher(), gelb, 0})));
}

TEST_CASE("a drawn trap tells the catchers: TrapSet with the challenge and its message") {
  SECTION("no trap in the pool: no TrapSet") {
    GameWorld w;
    const auto started = w.run(Start{w.session});
    REQUIRE(started.broadcast.has_value());
    CHECK(std::holds_alternative<Started>(started.broadcast->event));
    CHECK(started.more_broadcasts.empty());
  }
  SECTION("a pool of traps: one TrapSet per drawn trap, after the broadcast that drew it") {
    GameWorld w(0);
    for (int i = 0; i < 6; ++i) {
      Challenge trap = w.unspecific("Falle " + std::to_string(i), 100);
      trap.action = Trap{10, i % 2 == 0 ? std::optional<std::string>("Sie sind am See")
                                        : std::nullopt};
      w.create(AddChallenge{trap});
    }
    const auto started = w.run(Start{w.session});
    REQUIRE(started.broadcast.has_value());
    CHECK(std::holds_alternative<Started>(started.broadcast->event));
    const TeamId runner = w.runner();
    const auto& drawn = w.team(runner).team.challenges;
    REQUIRE(!drawn.empty());
    REQUIRE(started.more_broadcasts.size() == drawn.size());
    for (std::size_t i = 0; i < drawn.size(); ++i) {
      const auto& out = started.more_broadcasts[i];
      CHECK(out.session == std::optional<SessionId>(w.session));
      const auto* trap = std::get_if<TrapSet>(&out.event);
      REQUIRE(trap != nullptr);
      CHECK(trap->team == runner);
      CHECK(trap->challenge == drawn[i]);
      // The message is the trap's own: even-numbered ones have one.
      const std::string& title = drawn[i].title;
      const bool even = (title.back() - '0') % 2 == 0;
      CHECK(trap->message ==
            (even ? std::optional<std::string>("Sie sind am See") : std::nullopt));
    }
    // A redraw tells them again.
    const auto redrawn = w.run(GenerateTeamChallenges{w.session, runner});
    CHECK(redrawn.more_broadcasts.size() == w.team(runner).team.challenges.size());
  }
}
