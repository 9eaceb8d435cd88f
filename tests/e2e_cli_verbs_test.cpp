// End to end through truinlag-cli (issue 16): the verbs a newcomer looked
// for (nickname, phone, `player add --phone`, `team challenge`), and an end
// alarm that fired while the daemon was down: at the next start the game
// ends, at the alarm's moment, not the restart's.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"

using cli_support::Cli;
using truinlag::testing::DaemonProcess;
using truinlag::testing::midday_zone;
using truinlag::testing::TempDir;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

json player_named(const Cli& cli, const std::string& name) {
  const json state = cli.json_of("state");
  for (const auto& player : state["players"]) {
    if (player["name"] == name) return player;
  }
  FAIL("no player " << name);
  return {};
}

// Zones, a set of five approved challenges, session OG with teams Blau and
// Rot of one player each, one catcher, a game day around now.
void set_up_og(const Cli& cli) {
  cli.ok("zone add 110 --conn-zones 6 --connections 16 --train-through --s-bahn");
  cli.ok("zone add 120 --conn-zones 2 --connections 4 --mongus");
  cli.ok("zone minutes 110 120 20");
  cli.ok("set add Standard");
  for (int i = 1; i <= 5; ++i) {
    cli.ok(
        "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
        "\"title\":\"Challenge " +
        std::to_string(i) + "\",\"description\":\"Do it\",\"additional_points\":100}'");
  }
  cli.ok("session add OG");
  cli.ok("player add OG1 --passphrase p1 --session OG");
  cli.ok("player add OG2 --passphrase p2 --session OG");
  cli.ok("team add OG Blau");
  cli.ok("team add OG Rot");
  cli.ok("team assign OG OG1 Blau");
  cli.ok("team assign OG OG2 Rot");
  cli.ok("config set OG num_catchers=1 challenge_sets=Standard time_zone=" + midday_zone() +
         " start_time=06:00 end_time=22:00");
}

}  // namespace

TEST_CASE("player nickname and phone: set, cleared, at player add, kept across kill -9") {
  TempDir dir;
  const std::string socket = dir.file("v.sock");
  const std::string db = dir.file("v.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());

  cli.ok("player add Ann --passphrase p-ann --nickname Fuchsi --phone \"+41 79 555 01 01\"");
  cli.ok("player add Ben --passphrase p-ben");
  CHECK(player_named(cli, "Ann")["nickname"] == "Fuchsi");
  CHECK(player_named(cli, "Ann")["phone"] == "+41 79 555 01 01");
  CHECK(player_named(cli, "Ben")["phone"].is_null());

  CHECK(cli.ok("player nickname Ben Bär") == "player #2: nickname set\n");
  CHECK(cli.ok("player phone Bär \"044 555 02 02\"") == "player #2: phone set\n");
  // A nickname is unique: refused, exit 1, nothing changes.
  const auto taken = cli.run("player nickname Ann Bär");
  CHECK(taken.exit_code == 1);
  CHECK(player_named(cli, "Ann")["nickname"] == "Fuchsi");
  CHECK(cli.run("player phone Ben 044 555").exit_code == 2);  // one PHONE: quote it

  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(player_named(cli, "Ben")["nickname"] == "Bär");
  CHECK(player_named(cli, "Ben")["phone"] == "044 555 02 02");

  CHECK(cli.ok("player nickname Ben") == "player #2: nickname cleared\n");
  CHECK(cli.json_of("player phone Ben")["type"] == "success");
  CHECK(player_named(cli, "Ben")["nickname"].is_null());
  CHECK(player_named(cli, "Ben")["phone"].is_null());

  // `player add` with a nickname someone has: refused, and no player made.
  CHECK(cli.run("player add Cem --passphrase p-cem --nickname Fuchsi --phone 1").exit_code == 1);
  CHECK(cli.json_of("state")["players"].size() == 2);
}

TEST_CASE("team challenge: AddChallengeToTeam through the CLI, refused during a game") {
  TempDir dir;
  const std::string socket = dir.file("a.sock");
  const Cli cli(dir, socket);
  DaemonProcess daemon(socket, dir.file("a.db"));
  REQUIRE(daemon.wait_ready());
  set_up_og(cli);

  CHECK(cli.ok("team challenge OG Blau \"Sing on the tram\" --description \"Loud\" --points 150") ==
        "team #1 has the challenge \"Sing on the tram\"\n");
  const json blau = cli.json_of("state OG")["teams"][0];
  REQUIRE(blau["challenges"].size() == 1);
  CHECK(blau["challenges"][0]["title"] == "Sing on the tram");
  CHECK(blau["challenges"][0]["description"] == "Loud");
  CHECK(blau["challenges"][0]["points"] == 150);
  CHECK(cli.run("team challenge OG Blau \" \"").exit_code == 1);  // a title is needed
  CHECK(cli.run("team challenge OG Blau Zoo --points 0x10").exit_code == 2);
  cli.ok("game start OG");
  const auto running = cli.run("team challenge OG Blau Zoo");
  CHECK(running.exit_code == 1);
  CHECK_THAT(running.err, Catch::Contains("game running"));
}

TEST_CASE("an end alarm passed while the daemon was down: the game ends at the alarm's moment") {
  TempDir dir;
  const std::string socket = dir.file("e.sock");
  const std::string db = dir.file("e.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  set_up_og(cli);
  cli.ok("game start OG");
  const json game = cli.json_of("state OG")["game"];
  const long long end_alarm = game["end_alarm"];
  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());

  // Started again 12 hours later (its clock ahead): the 22:00 alarm, about
  // 10 hours after noon, has passed and fires at start-up.
  daemon = std::make_unique<DaemonProcess>(socket, db,
                                           std::vector<std::string>{"--clock-offset", "43200"});
  REQUIRE(daemon->wait_ready());
  const json state = cli.json_of("state OG");
  CHECK(state["game"].is_null());
  const json list = cli.json_of("past list")["games"];
  REQUIRE(list.size() == 1);
  const json past = cli.json_of("past show " + std::to_string(list[0]["id"].get<long long>()));
  CHECK(past["game"]["start"] == game["start"]);
  CHECK(past["game"]["end"] == end_alarm);
  // Kept: after another restart the past game is the same.
  daemon.reset();
  daemon = std::make_unique<DaemonProcess>(socket, db,
                                           std::vector<std::string>{"--clock-offset", "43200"});
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("past show " + std::to_string(list[0]["id"].get<long long>())) == past);
}

TEST_CASE("the engine's warnings reach the daemon's log at warning level") {
  TempDir dir;
  const std::string socket = dir.file("w.sock");
  const Cli cli(dir, socket);
  // Each log line names its level: "<time> warn  <text>" (an info line
  // reads "<time> info  <text>").
  DaemonProcess daemon(socket, dir.file("w.db"));
  REQUIRE(daemon.wait_ready());
  set_up_og(cli);
  cli.ok("game start OG");
  json teams = cli.json_of("state OG")["teams"];
  std::string catcher, runner;
  for (const auto& team : teams) (team["role"] == "catcher" ? catcher : runner) = team["name"];

  // Nobody sent a location: the catch is allowed, with a warning.
  cli.ok("game catch OG " + catcher + " " + runner + " --period 0");
  CHECK_THAT(daemon.log(), Catch::Contains(" warn  catch of " + runner + " by " + catcher +
                                           " allowed without locations of both teams"));
  // (The failed draw's warning is an engine test, engine_checks_test: a
  // running game's pool always has an approved challenge to draw.)
}
