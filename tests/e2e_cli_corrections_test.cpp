// End to end through truinlag-cli (issue 16, game-rules section 10):
// `team adjust` corrects a team during a game; the Correction event shows
// in `events`, in `watch`, in the past game after `game stop`, and survives
// kill -9 and a restart before and after the stop.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"

using cli_support::Cli;
using cli_support::file_text;
using truinlag::testing::DaemonProcess;
using truinlag::testing::midday_zone;
using truinlag::testing::TempDir;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Zones, a set of five approved challenges, session OG with teams Blau and
// Rot of two players each, one catcher, a game day around now.
void set_up_og(const Cli& cli) {
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
  cli.ok("session add OG");
  for (int i = 1; i <= 4; ++i) {
    const std::string player = "OG" + std::to_string(i);
    cli.ok("player add " + player + " --passphrase pass-" + player + " --session OG");
  }
  cli.ok("team add OG Blau");
  cli.ok("team add OG Rot");
  cli.ok("team assign OG OG1 Blau");
  cli.ok("team assign OG OG2 Blau");
  cli.ok("team assign OG OG3 Rot");
  cli.ok("team assign OG OG4 Rot");
  cli.ok("config set OG num_catchers=1 challenge_sets=Standard time_zone=" + midday_zone() +
         " start_time=06:00 end_time=22:00");
}

json team_named(const json& state, const std::string& name) {
  for (const auto& team : state["teams"]) {
    if (team["name"] == name) return team;
  }
  FAIL("no team " << name);
  return {};
}

std::vector<json> corrections_in(const json& events) {
  std::vector<json> out;
  for (const auto& event : events) {
    if (event["type"] == "correction") out.push_back(event);
  }
  return out;
}

}  // namespace

TEST_CASE("team adjust: refusals, events, watch, scoreboard, the past game, kill -9 twice") {
  TempDir dir;
  const std::string socket = dir.file("k.sock");
  const std::string db = dir.file("k.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  set_up_og(cli);

  // Between games: GameNotRunning (exit 1), and a usage error without --reason.
  const auto early = cli.run("team adjust OG Blau --points 5 --reason early");
  CHECK(early.exit_code == 1);
  CHECK_THAT(early.err, Catch::Contains("no game running"));
  CHECK(cli.run("team adjust OG Blau --points 5").exit_code == 2);

  const std::string watched = dir.file("watch.out");
  REQUIRE(std::system((cli.base + " --json watch --session OG > " + watched + " 2>&1 &").c_str()) ==
          0);
  std::this_thread::sleep_for(500ms);  // connected and subscribed

  cli.ok("game start OG");
  json state = cli.json_of("state OG");
  std::string runner, catcher;
  for (const auto& team : state["teams"]) {
    (team["role"] == "runner" ? runner : catcher) = team["name"];
  }
  cli.ok("game complete OG " + runner + " 0 --period 0");
  state = cli.json_of("state OG");
  const long long points = team_named(state, runner)["points"];
  const long long bounty = team_named(state, runner)["bounty"];
  REQUIRE(points > 50);

  CHECK(cli.ok("team adjust OG " + runner +
               " --points -50 --bounty 10 --reason \"Challenge was Blau's\"") ==
        "team #" + std::to_string(team_named(state, runner)["id"].get<long long>()) +
            " adjusted\n");
  state = cli.json_of("state OG");
  CHECK(team_named(state, runner)["points"] == points - 50);
  CHECK(team_named(state, runner)["bounty"] == bounty + 10);
  CHECK(team_named(state, runner)["period_id"] == 1);  // no period ended

  // Refused, changing nothing: below 0, an empty reason.
  const auto below = cli.run("team adjust OG " + runner + " --points=-" + std::to_string(points) +
                             " --reason oops");
  CHECK(below.exit_code == 1);
  CHECK_THAT(below.err, Catch::Contains("cannot go below 0"));
  CHECK(cli.run("team adjust OG " + runner + " --bounty -1 --reason \"\"").exit_code == 1);
  CHECK(cli.json_of("state OG") == state);

  // `events`: the text line and the JSON event.
  CHECK_THAT(cli.ok("events OG"),
             Catch::Contains(runner + " corrected, points -50, bounty +10: Challenge was Blau's"));
  const json events = cli.json_of("events OG")["events"];
  const auto corrections = corrections_in(events);
  REQUIRE(corrections.size() == 1);
  CHECK(corrections[0]["team"] == team_named(state, runner)["id"]);
  CHECK(corrections[0]["points_delta"] == -50);
  CHECK(corrections[0]["bounty_delta"] == 10);
  CHECK(corrections[0]["reason"] == "Challenge was Blau's");
  // The scoreboard shows the corrected points.
  const json board = cli.json_of("scoreboard OG");
  bool found = false;
  for (const auto& row : board) {
    if (row["name"] == runner) {
      found = true;
      CHECK(row["points"] == points - 50);
    }
  }
  CHECK(found);

  // Committed before the answer: kill -9, restart, the same events.
  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("events OG")["events"] == events);
  CHECK(cli.json_of("state OG") == state);

  // Stop: the past game has the correction; kill -9 again, still there.
  cli.ok("game stop OG");
  const json past_list = cli.json_of("past list");
  REQUIRE(past_list["games"].size() == 1);
  const std::string id = std::to_string(past_list["games"][0]["id"].get<long long>());
  const json past = cli.json_of("past show " + id)["game"];
  CHECK(past["events"] == events);
  CHECK_THAT(cli.ok("past show " + id), Catch::Contains(runner + " corrected, points -50"));
  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("past show " + id)["game"] == past);
  // Between games the session's events are the last game's, corrections
  // included (as its periods are), until the next start.
  CHECK(cli.json_of("events OG")["events"] == events);

  // The watcher saw one TeamAdjusted, with the team after the correction.
  std::this_thread::sleep_for(200ms);
  std::size_t adjusted = 0;
  std::istringstream lines(file_text(watched));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    const json b = json::parse(line);
    if (b["event"]["type"] != "team_adjusted") continue;
    ++adjusted;
    CHECK(b["event"]["team"]["points"] == points - 50);
    CHECK(b["event"]["correction"]["reason"] == "Challenge was Blau's");
  }
  CHECK(adjusted == 1);
  cli.ok("shutdown");
  REQUIRE(daemon->wait_exit(5s).has_value());
}
