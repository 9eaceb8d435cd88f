// The engine's dispatcher: the command table and the first commands.
#include <catch2/catch.hpp>

#include "engine/command_table.hpp"
#include "engine/engine.hpp"

using namespace truinlag;
using namespace truinlag::engine;

TEST_CASE("Ping answers Success and broadcasts its payload to everyone") {
  Engine engine(1);
  Outcome outcome = engine.execute(Ping{"hello"}, 1000);
  CHECK(std::holds_alternative<Success>(outcome.result));
  REQUIRE(outcome.broadcast.has_value());
  CHECK_FALSE(outcome.broadcast->session.has_value());  // global
  CHECK(outcome.broadcast->event == BroadcastEvent{Pinged{"hello"}});
  CHECK(outcome.changed.empty());
  CHECK(outcome.timers.empty());
  CHECK_FALSE(outcome.shutdown_requested);

  Outcome empty = engine.execute(Ping{}, 1000);
  CHECK(empty.broadcast->event == BroadcastEvent{Pinged{std::nullopt}});
}

TEST_CASE("GetState of a new engine lists no sessions and no players") {
  Engine engine(1);
  Outcome outcome = engine.execute(GetState{}, 0);
  REQUIRE(std::holds_alternative<GlobalState>(outcome.result));
  CHECK(std::get<GlobalState>(outcome.result).sessions.empty());
  CHECK(std::get<GlobalState>(outcome.result).players.empty());
  CHECK_FALSE(outcome.broadcast.has_value());
}

TEST_CASE("Shutdown answers Success and asks the server to stop") {
  Engine engine(1);
  Outcome outcome = engine.execute(Shutdown{}, 0);
  CHECK(std::holds_alternative<Success>(outcome.result));
  CHECK(outcome.shutdown_requested);
  CHECK_FALSE(outcome.broadcast.has_value());
}

TEST_CASE("session commands naming an unknown session are NotFound, generically") {
  Engine engine(1);
  for (const Command& command :
       {Command{GetConfig{5}}, Command{Start{5}}, Command{truinlag::Catch{5, 1, 2, 0}},
        Command{SendLocation{5, 1, {}}}, Command{Stop{5}}}) {
    Outcome outcome = engine.execute(command, 0);
    REQUIRE(std::holds_alternative<Failure>(outcome.result));
    CHECK(std::get<Failure>(outcome.result).error == Error{NotFound{"session 5"}});
    CHECK(outcome.changed.empty());
    CHECK_FALSE(outcome.broadcast.has_value());
  }
}

TEST_CASE("picture uploads, not in this engine version yet, say which command") {
  Engine engine(1);
  Outcome outcome = engine.execute(UploadPlayerPicture{1, "jpeg"}, 0);
  REQUIRE(std::holds_alternative<Failure>(outcome.result));
  const Error& error = std::get<Failure>(outcome.result).error;
  REQUIRE(std::holds_alternative<Internal>(error));
  CHECK_THAT(std::get<Internal>(error).text, Catch::Contains("upload_player_picture"));
}

TEST_CASE("Subscribe is not the engine's business") {
  Engine engine(1);
  Outcome outcome = engine.execute(Subscribe{}, 0);
  REQUIRE(std::holds_alternative<Failure>(outcome.result));
}

TEST_CASE("the command contracts declare the properties of the rules") {
  auto props = [](const Command& c) { return contract_of(c); };
  CHECK(props(Ping{}).scope == Scope::Global);
  CHECK_FALSE(props(Ping{}).changes_state);
  CHECK(props(truinlag::Catch{}).game == GameRule::Needs);
  CHECK(props(Complete{}).game == GameRule::Needs);
  CHECK(props(Stop{}).game == GameRule::Needs);
  CHECK_FALSE(props(SendLocation{}).game == GameRule::Needs);  // answered Success between games
  for (const Command& c : {Command{AddTeam{}}, Command{RemoveTeam{}}, Command{RenameTeam{}},
                           Command{SetConfig{}}, Command{Start{}}, Command{AddChallengeToTeam{}}}) {
    CHECK(props(c).game == GameRule::Refuses);
    CHECK(props(c).scope == Scope::Session);
  }
  CHECK(props(Subscribe{}).scope == Scope::Server);
}

TEST_CASE("who may call what: the contracts follow game-rules section 11") {
  auto props = [](const Command& c) { return contract_of(c); };
  // A player acts for itself and its own team only.
  CHECK(props(SendLocation{}).player == PlayerMay::Self);
  CHECK(props(SendLocation{}).actor == "player");
  CHECK(props(truinlag::Catch{}).player == PlayerMay::OwnTeam);
  CHECK(props(truinlag::Catch{}).actor == "catcher");
  CHECK(props(Complete{}).player == PlayerMay::OwnTeam);
  CHECK(props(UploadPeriodPictures{}).player == PlayerMay::OwnTeam);
  CHECK(props(RenameTeam{}).player == PlayerMay::OwnTeam);
  CHECK(props(SetPlayerPhone{}).player == PlayerMay::Self);
  CHECK(props(GetEvents{}).player == PlayerMay::OwnSession);
  // The organisers' commands stay theirs.
  for (const Command& c : {Command{Shutdown{}}, Command{Start{}}, Command{Stop{}},
                           Command{Import{}}, Command{Export{}}, Command{Backup{}},
                           Command{SetConfig{}}, Command{GetPlayerByPassphrase{}}}) {
    CHECK(props(c).player == PlayerMay::Nothing);
    CHECK_FALSE(spectator_may(props(c)));
  }
  // Spectators read what a player of the session may read, and change nothing.
  CHECK(spectator_may(props(GetLocations{})));
  CHECK(spectator_may(props(Ping{})));
  CHECK_FALSE(spectator_may(props(SendLocation{})));
  CHECK_FALSE(spectator_may(props(ListPastGames{})));  // about the player itself
  for (const Contract& c : kContracts) {
    if (spectator_may(c)) CHECK_FALSE(c.changes_state);
  }
}

TEST_CASE("describe() prints an error in one line") {
  CHECK(describe(NotFound{"session 5"}) == "not_found: session 5");
  CHECK(describe(GameInProgress{}) == "game_in_progress");
  CHECK(describe(ChallengeLocked{42}) == "challenge_locked: 42");
}
