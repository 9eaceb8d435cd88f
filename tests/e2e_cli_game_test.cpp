// End to end through truinlag-cli (issues 3 and 4): an organiser sets up
// and plays a game with the CLI against the real daemon while two `watch`
// processes record what they are sent; then the daemon is killed and the
// game's `state --json` must come back identical.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"

using cli_support::Cli;
using cli_support::file_text;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using json = nlohmann::json;
using namespace std::chrono_literals;

using truinlag::testing::midday_zone;

namespace {

// One line per broadcast of a `watch --json` output file.
std::vector<json> broadcasts(const std::string& path) {
  std::vector<json> out;
  std::istringstream lines(file_text(path));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '{') out.push_back(json::parse(line));  // skip exit messages
  }
  return out;
}

std::size_t count_type(const std::vector<json>& list, const std::string& type) {
  std::size_t n = 0;
  for (const auto& b : list) n += b["event"]["type"] == type;
  return n;
}

void set_up_session(const Cli& cli, const std::string& name) {
  cli.ok("session add " + name);
  for (int i = 1; i <= 4; ++i) {
    const std::string player = name + std::to_string(i);
    cli.ok("player add " + player + " --passphrase pass-" + player + " --session " + name);
  }
  cli.ok("team add " + name + " Blau");
  cli.ok("team add " + name + " Rot");
  cli.ok("team assign " + name + " " + name + "1 Blau");
  cli.ok("team assign " + name + " " + name + "2 Blau");
  cli.ok("team assign " + name + " " + name + "3 Rot");
  cli.ok("team assign " + name + " " + name + "4 Rot");
  cli.ok("config set " + name + " num_catchers=1 challenge_sets=Standard time_zone=" +
         midday_zone() + " start_time=06:00 end_time=22:00");
}

}  // namespace

TEST_CASE("a scripted game through the CLI, watched, killed and restored") {
  TempDir dir;
  const std::string socket = dir.file("c.sock");
  const std::string db = dir.file("c.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());

  cli.ok("zone add 110 --conn-zones 6 --connections 16 --train-through --s-bahn");
  cli.ok("zone add 120 --conn-zones 2 --connections 4 --mongus");
  cli.ok("zone minutes 110 120 20");
  cli.ok("set add Standard");
  for (int i = 1; i <= 5; ++i) {
    cli.ok(
        "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
        "\"title\":\"Challenge " +
        std::to_string(i) +
        "\",\"description\":\"Do it\",\"additional_points\":" + std::to_string(100 * i) + "}'");
  }
  set_up_session(cli, "OG");
  set_up_session(cli, "Family");

  const std::string only_og = dir.file("og.out");
  const std::string everything = dir.file("all.out");
  REQUIRE(std::system((cli.base + " --json watch --session OG > " + only_og + " 2>&1 &").c_str()) ==
          0);
  REQUIRE(std::system((cli.base + " --json watch > " + everything + " 2>&1 &").c_str()) == 0);
  std::this_thread::sleep_for(500ms);  // both watchers connected and subscribed

  cli.ok("game start OG");
  cli.ok("game start Family");
  json state = cli.json_of("state OG");
  REQUIRE(state["teams"].size() == 2);
  json catcher, runner;
  for (const auto& team : state["teams"]) (team["role"] == "catcher" ? catcher : runner) = team;
  CHECK(catcher["points"] == 500);
  CHECK(runner["points"] == 0);
  CHECK(runner["challenges"].size() == 3);
  CHECK(catcher["challenges"].empty());
  const std::string c_name = catcher["name"];
  const std::string r_name = runner["name"];

  // The runner completes its first challenge: points P, bounty floor(0.3 P).
  const long long points = runner["challenges"][0]["points"];
  cli.ok("game complete OG " + r_name + " 0 --period 0");
  state = cli.json_of("state OG");
  for (const auto& team : state["teams"]) {
    if (team["name"] == r_name) {
      CHECK(team["points"] == points);
      CHECK(team["bounty"] == points * 3 / 10);
      CHECK(team["period_id"] == 1);
    }
  }
  // The catcher catches it with its period id: the bounty moves, roles swap.
  cli.ok("game catch OG " + c_name + " " + r_name + " --period 0");
  state = cli.json_of("state OG");
  for (const auto& team : state["teams"]) {
    if (team["name"] == c_name) {
      CHECK(team["role"] == "runner");
      CHECK(team["points"] == 500 + points * 3 / 10);
      CHECK(team["in_grace_period"] == true);
    } else {
      CHECK(team["role"] == "catcher");
      CHECK(team["bounty"] == 0);
    }
  }
  // The same catch again is stale: refused (exit 1), nothing changes.
  CHECK(cli.run("game catch OG " + c_name + " " + r_name + " --period 0").exit_code == 1);
  CHECK(cli.json_of("state OG") == state);

  // Issue 4: kill -9 and restart; the game's state is identical.
  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("state OG") == state);

  cli.ok("game stop OG");
  cli.ok("game stop Family");
  const std::string past = cli.ok("past list");
  CHECK_THAT(past, Catch::Contains("OG am") && Catch::Contains("Family am"));
  std::this_thread::sleep_for(200ms);  // the watchers print their last lines

  // The watcher of OG saw OG's game (before the restart) and nothing of Family.
  const auto og = broadcasts(only_og);
  json og_id;
  const json global = cli.json_of("state");
  for (const auto& session : global["sessions"]) {
    if (session["name"] == "OG") og_id = session["id"];
  }
  REQUIRE_FALSE(og_id.is_null());
  for (const auto& b : og) CHECK(b["session"] == og_id);
  CHECK(count_type(og, "started") == 1);
  CHECK(count_type(og, "completed") == 1);
  CHECK(count_type(og, "caught") == 1);
  // The other watcher saw both sessions start.
  const auto all = broadcasts(everything);
  CHECK(count_type(all, "started") == 2);
  cli.ok("shutdown");
  REQUIRE(daemon->wait_exit(5s).has_value());
}

TEST_CASE(
    "team discord: set, shown in state, survives a restart, cleared; bad ids are usage errors") {
  TempDir dir;
  const std::string socket = dir.file("d.sock");
  const std::string db = dir.file("d.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  cli.ok("set add Standard");
  set_up_session(cli, "OG");

  CHECK(cli.ok("team discord OG Blau 18446744073709551615") ==
        "team #1's Discord channel is 18446744073709551615\n");
  auto teams = cli.json_of("state OG")["teams"];
  CHECK(teams[0]["name"] == "Blau");
  CHECK(teams[0]["discord_channel"] == 18446744073709551615ULL);
  CHECK(teams[1]["discord_channel"].is_null());

  // Committed before the answer: a killed daemon keeps it.
  daemon.reset();
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("state OG")["teams"][0]["discord_channel"] == 18446744073709551615ULL);

  for (const char* bad : {"-1", "18446744073709551616", "0x10", "abc"}) {
    const auto run = cli.run(std::string("team discord OG Blau ") + bad);
    INFO(bad << ": " << run.err);
    CHECK(run.exit_code == 2);
  }
  CHECK(cli.run("team discord OG Grün 5").exit_code == 1);
  CHECK(cli.ok("team discord OG Blau") == "team #1 has no Discord channel\n");
  CHECK(cli.json_of("state OG")["teams"][0]["discord_channel"].is_null());
}

TEST_CASE("session discord and player discord: set, shown, kept across a restart, cleared") {
  TempDir dir;
  const std::string socket = dir.file("w.sock");
  const std::string db = dir.file("w.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  cli.ok("set add Standard");
  set_up_session(cli, "OG");

  CHECK(cli.ok("session discord OG --server 11 --game-channel 22 --admin-channel 33") ==
        "session #1: Discord ids set\n");
  CHECK(cli.ok("player discord OG1 284751982375469056") ==
        "player #1's Discord id is 284751982375469056\n");
  daemon.reset();  // killed: both were committed before their answers
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  const auto global = cli.json_of("state");
  CHECK(global["sessions"][0]["discord_server"] == 11);
  CHECK(global["sessions"][0]["discord_game_channel"] == 22);
  CHECK(global["sessions"][0]["discord_admin_channel"] == 33);
  CHECK(global["players"][0]["discord_id"] == 284751982375469056ULL);

  CHECK(cli.run("player discord OG1 -5").exit_code == 2);
  CHECK(cli.run("session discord OG --server 0x1").exit_code == 2);
  cli.ok("session discord OG --game-channel 22");
  cli.ok("player discord OG1");
  const auto cleared = cli.json_of("state");
  CHECK(cleared["sessions"][0]["discord_server"].is_null());
  CHECK(cleared["sessions"][0]["discord_game_channel"] == 22);
  CHECK(cleared["sessions"][0]["discord_admin_channel"].is_null());
  CHECK(cleared["players"][0]["discord_id"].is_null());
}
