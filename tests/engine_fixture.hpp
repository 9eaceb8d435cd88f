// Test support for the engine: a fixed clock, a fixed seed, and a builder
// for the world a game needs (session, players, teams, zones, challenges).
#pragma once

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/command_table.hpp"
#include "engine/engine.hpp"

// Failed checks print errors and results readably.
namespace Catch {
template <>
struct StringMaker<truinlag::Error> {
  static std::string convert(const truinlag::Error& error) { return truinlag::describe(error); }
};
}  // namespace Catch

namespace engine_fixture {
using namespace truinlag;

// Wednesday 2026-11-25, 10:00 in Zürich (09:00 UTC): inside the default
// 09:00-17:00 game day.
inline constexpr Timestamp kMorning = 1'795'597'200'000;
inline constexpr Timestamp kMinute = 60'000;

// Runs commands against an engine and checks their answers.
struct EngineFixture {
  engine::Engine engine{42};
  Timestamp now = kMorning;

  // Runs a command and holds it to its contract (truinlag/contract.hpp):
  // a read-only command changes nothing, and a success is the command's
  // declared Answer. Every engine test's command is checked this way.
  engine::Outcome run(const Command& command) {
    const Contract& contract = engine::contract_of(command);
    std::optional<engine::State> before;
    if (!contract.changes_state) before = engine.state();
    engine::Outcome outcome = engine.execute(command, now);
    const std::string_view name =
        std::visit([](const auto& c) { return std::string_view(c.kName); }, command);
    INFO("command " << name);
    if (before) {
      CHECK(outcome.changed.empty());
      CHECK(engine.state() == *before);
    }
    if (!std::holds_alternative<Failure>(outcome.result)) {
      const std::size_t answer = std::visit(
          [](const auto& c) {
            return variant_index_v<typename std::decay_t<decltype(c)>::Answer, Result>;
          },
          command);
      CHECK(outcome.result.index() == answer);
    }
    return outcome;
  }

  // Runs a command that must succeed; returns its result.
  Result ok(const Command& command) {
    engine::Outcome outcome = run(command);
    if (const auto* failure = std::get_if<Failure>(&outcome.result)) {
      FAIL("command " << std::visit([](const auto& c) { return std::string(c.kName); }, command)
                      << " failed: " << describe(failure->error));
    }
    return outcome.result;
  }

  // Runs a command that must create something; returns the new id.
  std::int64_t create(const Command& command) {
    Result result = ok(command);
    REQUIRE(std::holds_alternative<Created>(result));
    return std::get<Created>(result).id;
  }

  // Runs a command that must fail and change nothing; returns the error.
  Error refused(const Command& command) {
    const engine::State before = engine.state();
    engine::Outcome outcome = run(command);
    REQUIRE(std::holds_alternative<Failure>(outcome.result));
    CHECK(engine.state() == before);
    CHECK(outcome.changed.empty());
    CHECK(outcome.timers.empty());
    CHECK_FALSE(outcome.broadcast.has_value());
    CHECK(outcome.more_broadcasts.empty());
    return std::get<Failure>(outcome.result).error;
  }

  const engine::TeamData& team(TeamId id) const { return engine.state().teams.at(id); }
  const Player& player(PlayerId id) const { return engine.state().players.at(id); }
};

// A ready-to-start world: session "OG" with two teams of two players,
// zones 110 and 120 (20 minutes apart), one set with `challenges`
// approved Unspezifisch challenges, 1 catcher, no points wiggle.
struct GameWorld : EngineFixture {
  SessionId session = 0;
  ZoneId zone110 = 0;
  ZoneId zone120 = 0;
  ChallengeSetId set = 0;
  std::vector<PlayerId> players;
  TeamId blau = 0;
  TeamId rot = 0;
  std::vector<ChallengeId> challenges;

  explicit GameWorld(int challenge_count = 5) {
    session = create(AddSession{"OG", Mode::Traditional});
    zone110 = create(AddZone{110, 5, 9, true, false, true});
    zone120 = create(AddZone{120, 2, 4, false, true, false});
    ok(AddMinutesTo{zone110, zone120, 20});
    ok(AddMinutesTo{zone120, zone110, 22});
    set = create(AddChallengeSet{"Standard"});
    for (int i = 0; i < challenge_count; ++i) {
      challenges.push_back(
          create(AddChallenge{unspecific("Challenge " + std::to_string(i), 100 * (i + 1))}));
    }
    for (const char* name : {"Ana", "Bo", "Cla", "Dan"}) {
      players.push_back(create(
          AddPlayer{name, std::string("pass-") + name, std::nullopt, std::nullopt, session}));
    }
    blau = create(AddTeam{session, "Blau", std::nullopt, std::nullopt});
    rot = create(AddTeam{session, "Rot", std::nullopt, std::nullopt});
    ok(AssignPlayerToTeam{session, players[0], blau});
    ok(AssignPlayerToTeam{session, players[1], blau});
    ok(AssignPlayerToTeam{session, players[2], rot});
    ok(AssignPlayerToTeam{session, players[3], rot});
    ConfigPatch patch;
    patch.num_catchers = 1;
    patch.challenge_sets = std::vector<ChallengeSetId>{set};
    // No points wiggle: a drawn challenge is worth exactly its formula, so
    // tests of catches and completions can assert points and bounties.
    patch.relative_standard_deviation = 0.0;
    ok(SetConfig{session, patch});
  }

  Challenge unspecific(const std::string& title, std::int64_t points) const {
    Challenge c;
    c.kind = ChallengeKind::Unspezifisch;
    c.status = ChallengeStatus::Approved;
    c.sets = {set};
    c.title = title;
    c.description = "Do " + title;
    c.additional_points = points;
    return c;
  }

  void start() { ok(Start{session}); }
  TeamId catcher() const { return team(blau).team.role == Role::Catcher ? blau : rot; }
  TeamId runner() const { return team(blau).team.role == Role::Catcher ? rot : blau; }
  std::uint64_t period_of(TeamId id) const { return team(id).team.periods.size(); }
  PlayerId player_of(TeamId id) const { return team(id).team.players.front(); }
};

inline Location at(double latitude, double longitude, Timestamp time, double accuracy = 5) {
  return Location{latitude, longitude, accuracy, 0, 0, time};
}

}  // namespace engine_fixture
