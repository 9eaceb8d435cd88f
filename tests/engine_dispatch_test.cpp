// The engine's dispatcher: the command table and the first commands.
#include <catch2/catch.hpp>

#include "engine/command_table.hpp"
#include "engine/engine.hpp"
#include "engine_fixture.hpp"

using namespace truinlag;
using namespace truinlag::engine;
using engine_fixture::GameWorld;

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

TEST_CASE("uploads: check_upload refuses what needs no decoding, attach_pictures records ids") {
  GameWorld w;
  w.ok(Start{w.session});
  const TeamId runner = w.runner();
  const PlayerId ana = w.players[0];
  // Unknown targets, before any work is done.
  CHECK(w.engine.check_upload(UploadPlayerPicture{999, "x"})->result ==
        Result{Failure{NotFound{"player 999"}}});
  CHECK(w.engine.check_upload(UploadTeamPicture{w.session, 999, "x"})->result ==
        Result{Failure{NotFound{"team 999"}}});
  CHECK(w.engine.check_upload(UploadTeamPicture{77, runner, "x"})->result ==
        Result{Failure{NotFound{"session 77"}}});
  const auto no_period = w.engine.check_upload(UploadPeriodPictures{w.session, runner, 0, {"x"}});
  REQUIRE(no_period);
  CHECK(no_period->result == Result{Failure{NotFound{"period 0 of team " + std::to_string(runner) +
                                                     " (it has 0 finished periods)"}}});
  CHECK_FALSE(w.engine.check_upload(UploadPlayerPicture{ana, "x"}));
  CHECK_FALSE(w.engine.check_upload(UploadTeamPicture{w.session, runner, "x"}));

  Outcome player = w.engine.attach_pictures(UploadPlayerPicture{ana, ""}, {41});
  CHECK(player.result == Result{PictureIds{{41}}});
  CHECK(w.engine.state().players.at(ana).picture == 41);
  CHECK(player.changed == std::vector<ChangedEntity>{{EntityKind::Player, ana}});
  Outcome team = w.engine.attach_pictures(UploadTeamPicture{w.session, runner, ""}, {42});
  CHECK(w.team(runner).team.picture == 42);
  CHECK(team.changed == std::vector<ChangedEntity>{{EntityKind::Team, runner}});

  w.ok(truinlag::Complete{w.session, runner, 0, 0});
  CHECK(w.engine.check_upload(UploadPeriodPictures{w.session, runner, 0, {}})->result ==
        Result{Failure{BadData{"jpegs: no picture given"}}});
  CHECK_FALSE(w.engine.check_upload(UploadPeriodPictures{w.session, runner, 0, {"x", "y"}}));
  w.engine.attach_pictures(UploadPeriodPictures{w.session, runner, 0, {"", ""}}, {43, 44});
  w.engine.attach_pictures(UploadPeriodPictures{w.session, runner, 0, {""}}, {45});
  CHECK(w.team(runner).team.periods.at(0).pictures == std::vector<PictureId>{43, 44, 45});
  // The period's event carries them.
  const auto events = std::get<Events>(w.ok(GetEvents{w.session})).events;
  REQUIRE(events.size() == 1);
  CHECK(std::get<CompleteEvent>(events[0]).pictures == std::vector<PictureId>{43, 44, 45});

  // A target that went away while the pool worked: refused, nothing set.
  const PlayerId eve =
      w.create(AddPlayer{"Eve", "pass-eve", std::nullopt, std::nullopt, std::nullopt});
  CHECK_FALSE(w.engine.check_upload(UploadPlayerPicture{eve, "x"}));
  w.ok(RemovePlayer{eve});
  CHECK(w.engine.attach_pictures(UploadPlayerPicture{eve, ""}, {46}).result ==
        Result{Failure{NotFound{"player " + std::to_string(eve)}}});
}

TEST_CASE("the picture commands are the server's: execute() refuses them, naming each") {
  Engine engine(1);
  for (const Command& command :
       {Command{UploadPlayerPicture{1, "jpeg"}}, Command{UploadTeamPicture{}},
        Command{UploadPeriodPictures{}}, Command{GetPictures{}}, Command{GetThumbnails{}}}) {
    const std::string_view name =
        std::visit([](const auto& c) { return std::string_view(c.kName); }, command);
    Outcome outcome = engine.execute(command, 0);
    if (name == "upload_team_picture" || name == "upload_period_pictures") {
      // Session commands meet the generic session check first.
      CHECK(std::get<Failure>(outcome.result).error == Error{NotFound{"session 0"}});
      continue;
    }
    REQUIRE(std::holds_alternative<Failure>(outcome.result));
    const Error& error = std::get<Failure>(outcome.result).error;
    REQUIRE(std::holds_alternative<Internal>(error));
    CHECK_THAT(std::get<Internal>(error).text,
               Catch::Contains(std::string(name)) && Catch::Contains("picture pipeline"));
  }
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
