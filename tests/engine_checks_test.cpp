// Issue 16 item 5: checks of the engine that had no test, the warnings it
// gives the log, and the end alarm's moment when it fires late.
#include <catch2/catch.hpp>
#include <cmath>
#include <type_traits>

#include "engine/config_rules.hpp"
#include "engine_fixture.hpp"

using namespace truinlag;
using namespace engine_fixture;

namespace {

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Catch: a catcher cannot be caught (TeamIsCatcher names the caught team)") {
  GameWorld w;
  w.start();
  const TeamId first = w.catcher();
  const TeamId second = w.runner();
  w.ok(MakeTeamCatcher{w.session, second});  // two catchers now
  CHECK(w.refused(truinlag::Catch{w.session, first, second, 0}) ==
        Error{TeamIsCatcher{w.team(second).team.name}});
}

TEST_CASE("Catch without locations is allowed, with a warning for the log (not a note)") {
  GameWorld w;
  w.start();
  auto outcome = w.run(truinlag::Catch{w.session, w.catcher(), w.runner(), 0});
  REQUIRE(std::holds_alternative<PeriodIndex>(outcome.result));
  CHECK(mentions(outcome.warnings, "allowed without locations of both teams"));
  CHECK_FALSE(mentions(outcome.notes, "allowed without locations"));
}

TEST_CASE("GenerateTeamChallenges: each refusal, changing nothing") {
  SECTION("an unknown team") {
    GameWorld w;
    w.start();
    CHECK(w.refused(GenerateTeamChallenges{w.session, 99}) == Error{NotFound{"team 99"}});
  }
  SECTION("no game running: only a running game's pool can be drawn from") {
    GameWorld w;
    CHECK(std::holds_alternative<GameNotRunning>(
        w.refused(GenerateTeamChallenges{w.session, w.blau})));
  }
  SECTION("a catcher draws nothing") {
    GameWorld w;
    w.start();
    CHECK(w.refused(GenerateTeamChallenges{w.session, w.catcher()}) ==
          Error{TeamIsCatcher{w.team(w.catcher()).team.name}});
  }
  SECTION("nothing drawable: TooFewChallenges, and the failed draw is a warning") {
    // When nothing fits, the draw relaxes down to "anything of the pool"
    // (completed challenges too), so only an empty pool fails. Start never
    // freezes one, so the game's snapshot is emptied in a copy of the state
    // the engine resumes from.
    GameWorld w;
    w.start();
    engine::State state = w.engine.state();
    state.sessions.at(w.session).snapshot->challenges.clear();
    engine::Engine resumed(state, 7);
    const TeamId r = w.runner();
    auto outcome = resumed.execute(GenerateTeamChallenges{w.session, r}, w.now);
    REQUIRE(std::holds_alternative<Failure>(outcome.result));
    CHECK(std::holds_alternative<TooFewChallenges>(std::get<Failure>(outcome.result).error));
    CHECK(resumed.state() == state);  // the old challenges stay
    CHECK(outcome.changed.empty());
    // The refusal still carries the draw's lines for the log.
    CHECK(mentions(outcome.warnings, "failed: the game's pool is empty"));
    CHECK(mentions(outcome.warnings, "slot stays empty"));
  }
  SECTION("a runner with challenges left redraws: Success") {
    GameWorld w;
    w.start();
    auto outcome = w.run(GenerateTeamChallenges{w.session, w.runner()});
    CHECK(std::holds_alternative<Success>(outcome.result));
    CHECK(w.team(w.runner()).team.challenges.size() == 3);
    CHECK(outcome.warnings.empty());
  }
}

TEST_CASE("MakeTeamRunner draws during a game, not between games") {
  GameWorld w;
  SECTION("between games: a runner with no challenges") {
    w.ok(MakeTeamCatcher{w.session, w.blau});
    auto outcome = w.run(MakeTeamRunner{w.session, w.blau});
    REQUIRE(std::holds_alternative<Success>(outcome.result));
    CHECK(w.team(w.blau).team.challenges.empty());
  }
  SECTION("during a game: the new runner draws, and the broadcast shows the draw") {
    w.start();
    const TeamId c = w.catcher();
    REQUIRE(w.team(c).team.challenges.empty());
    auto outcome = w.run(MakeTeamRunner{w.session, c});
    REQUIRE(std::holds_alternative<Success>(outcome.result));
    const Team& team = w.team(c).team;
    CHECK(team.role == Role::Runner);
    CHECK(team.challenges.size() == 3);
    REQUIRE(outcome.broadcast.has_value());
    CHECK(std::get<TeamMadeRunner>(outcome.broadcast->event).team == team);
  }
}

TEST_CASE("validity rule 3: Kaff and Ortsspezifisch need a kaffskala 1-6 and a zone") {
  EngineFixture f;
  const ChallengeSetId set = f.create(AddChallengeSet{"S"});
  const ZoneId zone = f.create(AddZone{154, 2, 4, false, true, false});
  auto rule = [&](const Challenge& c) {
    Error e = f.refused(AddChallenge{c});
    REQUIRE(std::holds_alternative<BadData>(e));
    return std::get<BadData>(e).text;
  };
  for (const ChallengeKind kind : {ChallengeKind::Kaff, ChallengeKind::Ortsspezifisch}) {
    INFO("kind " << enum_name(kind));
    Challenge good;
    good.kind = kind;
    good.status = ChallengeStatus::Approved;
    good.sets = {set};
    good.place =
        kind == ChallengeKind::Kaff ? std::optional<std::string>("Buch am Irchel") : std::nullopt;
    if (kind == ChallengeKind::Ortsspezifisch) {
      good.title = "Uetliberg";
      good.description = "Go up";
    }
    good.kaffskala = 3;
    good.grade = 2;
    good.zones = {zone};
    Challenge c = good;
    c.kaffskala.reset();
    CHECK(rule(c) == "Kaff and Ortsspezifisch challenges need a kaffskala 1-6");
    c.kaffskala = 0;  // in the number range 0-6, but not on the scale
    CHECK(rule(c) == "Kaff and Ortsspezifisch challenges need a kaffskala 1-6");
    c = good;
    c.zones.clear();
    CHECK(rule(c) == "Kaff and Ortsspezifisch challenges need at least one zone");
    // The same challenge with the rule satisfied is accepted.
    f.create(AddChallenge{good});
  }
}

// One row per config key with a number range (engine/config_rules.hpp),
// walked over the config's field list, so a key added later is covered
// without a new row here: just inside the range is accepted, just outside
// it on either side is BadData naming the key.
TEST_CASE("SetConfig: every key's range, one row per key, from the config's field list") {
  GameWorld w;
  std::size_t numeric_keys = 0;
  const auto set = [&](const ConfigPatch& patch) { return w.run(SetConfig{w.session, patch}); };
  // Accepted, or refused by another rule of that key (a divisor must not be
  // 0), but never for its range.
  const auto inside = [&](std::string_view key, const ConfigPatch& patch) {
    auto outcome = set(patch);
    if (const auto* failure = std::get_if<Failure>(&outcome.result)) {
      const auto* bad = std::get_if<BadData>(&failure->error);
      REQUIRE(bad != nullptr);
      CHECK_THAT(bad->text,
                 Catch::StartsWith(std::string(key) + ": ") && !Catch::Contains("must lie in"));
    }
  };
  const auto outside = [&](std::string_view key, const ConfigPatch& patch) {
    const engine::State before = w.engine.state();
    auto outcome = set(patch);
    REQUIRE(std::holds_alternative<Failure>(outcome.result));
    const Error& error = std::get<Failure>(outcome.result).error;
    REQUIRE(std::holds_alternative<BadData>(error));
    CHECK_THAT(std::get<BadData>(error).text,
               Catch::StartsWith(std::string(key) + ": ") && Catch::Contains("must lie in"));
    CHECK(w.engine.state() == before);
  };
  const auto row = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    const auto& field = std::get<I>(ConfigPatch::kFields);
    const std::string_view key = field.name;
    using V = typename std::decay_t<decltype(ConfigPatch{}.*(field.member))>::value_type;
    constexpr bool is_number = std::is_arithmetic_v<V> && !std::is_same_v<V, bool>;
    constexpr bool is_range = std::is_same_v<V, Range>;
    if constexpr (is_number || is_range) {
      ++numeric_keys;
      INFO("config key " << key);
      const auto range = engine::config_range(key);
      // Every number of the config has a range: a key without one is a gap.
      REQUIRE(range.has_value());
      const auto patch = [&](V value) {
        ConfigPatch p;
        p.*(field.member) = value;
        return p;
      };
      const double up = std::is_integral_v<V> ? 1.0 : std::max(1.0, std::abs(range->max));
      const double down = std::is_integral_v<V> ? 1.0 : std::max(1.0, std::abs(range->min));
      if constexpr (is_number) {
        inside(key, patch(static_cast<V>(range->max)));
        outside(key, patch(static_cast<V>(range->max + up)));
        inside(key, patch(static_cast<V>(range->min)));
        if (!(std::is_unsigned_v<V> && range->min == 0)) {
          outside(key, patch(static_cast<V>(range->min - down)));
        }
      } else {
        inside(key, patch(Range{range->min, range->max}));
        outside(key, patch(Range{range->min, range->max + up}));
        outside(key, patch(Range{range->min - down, range->max}));
      }
      // Back to the default, so the next row starts from the same config.
      REQUIRE(std::holds_alternative<Success>(
          set(patch(Config{}.*(std::get<I>(Config::kFields).member))).result));
    }
  };
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (row(std::integral_constant<std::size_t, I>{}), ...);
  }
  (std::make_index_sequence<std::tuple_size_v<decltype(ConfigPatch::kFields)>>{});
  // Each range of the table belongs to a number of the config.
  CHECK(numeric_keys == std::size(engine::kConfigRanges));
}

TEST_CASE("an end alarm that fires late ends the game at the alarm's moment") {
  GameWorld w;
  w.start();
  const engine::TimerKey alarm{engine::TimerKind::EndAlarm, w.session, 0};
  const Timestamp deadline = w.engine.state().timers.at(alarm);
  // The daemon was down at the deadline and starts three hours later.
  auto fired = w.engine.fire(alarm, deadline + 3 * 60 * kMinute);
  REQUIRE(fired.broadcast.has_value());
  CHECK(std::holds_alternative<Ended>(fired.broadcast->event));
  REQUIRE(w.engine.state().past_games.size() == 1);
  CHECK(w.engine.state().past_games.begin()->second.end == deadline);
  // Stop ends a game at the moment it is asked.
  w.ok(Start{w.session});
  w.now += 5 * kMinute;
  w.ok(Stop{w.session});
  CHECK(w.engine.state().past_games.rbegin()->second.end == w.now);
}
