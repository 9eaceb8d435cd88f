// End to end (issue 14, items 3, 5, 6, 7, 8 and 10): input a careless
// script or a hostile client sends, through the real daemon, the real CLI
// and the client library's raw requests. Every one is refused with an error
// naming the field, and the daemon's state stays usable afterwards.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"
#include "truinlag/client.hpp"

using cli_support::Cli;
using cli_support::CliRun;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using json = nlohmann::json;
namespace tl = truinlag;

namespace {

struct Daemon {
  TempDir dir;
  std::string socket = dir.file("d.sock");
  std::unique_ptr<DaemonProcess> process;
  Cli cli{dir, socket};
  explicit Daemon(std::vector<std::string> extra = {})
      : process(std::make_unique<DaemonProcess>(socket, dir.file("d.db"), std::move(extra))) {
    REQUIRE(process->wait_ready());
  }
};

// A refusal by the engine: exit 1, and stderr says all of `parts`.
void refused(const Cli& cli, const std::string& args, std::vector<std::string> parts) {
  const CliRun run = cli.run(args);
  INFO("truinlag-cli " << args << "\nstdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code == 1);
  for (const std::string& part : parts) CHECK(run.err.find(part) != std::string::npos);
}

tl::Timestamp now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The text of the engine's BadData answer to `command` (fails otherwise).
std::string bad_data(tl::Client& client, tl::Command command) {
  const tl::Result result = client.send(std::move(command)).get();
  const auto* failure = std::get_if<tl::Failure>(&result);
  REQUIRE(failure != nullptr);
  const auto* bad = std::get_if<tl::BadData>(&failure->error);
  REQUIRE(bad != nullptr);
  return bad->text;
}

// A catalogue file of `count` approved challenges in set "Standard", each
// with a description of `description_bytes`; its path.
std::string challenge_file(const Daemon& d, const std::string& name, int count,
                           std::size_t description_bytes) {
  json file;
  file["challenge_sets"] = {"Standard"};
  file["challenges"] = json::array();
  for (int i = 0; i < count; ++i) {
    file["challenges"].push_back({{"kind", "unspezifisch"},
                                  {"status", "approved"},
                                  {"title", "Challenge " + std::to_string(i)},
                                  {"description", std::string(description_bytes, 'd')},
                                  {"sets", {"Standard"}}});
  }
  const std::string path = d.dir.file(name);
  std::ofstream(path, std::ios::binary) << file.dump();
  return path;
}

// A session "OG" with two teams of two and five approved challenges, the
// game day around now; the game is not started.
void set_up_game(const Cli& cli) {
  cli.ok("zone add 110 --conn-zones 6 --connections 16 --train-through --s-bahn");
  cli.ok("set add Standard");
  for (int i = 1; i <= 5; ++i) {
    cli.ok(
        "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
        "\"title\":\"Challenge " +
        std::to_string(i) + "\",\"description\":\"Do it\",\"additional_points\":100}'");
  }
  cli.ok("session add OG");
  for (int i = 1; i <= 4; ++i) {
    cli.ok("player add P" + std::to_string(i) + " --passphrase pass" + std::to_string(i) +
           " --session OG");
  }
  cli.ok("team add OG Blau");
  cli.ok("team add OG Rot");
  cli.ok("team assign OG P1 Blau");
  cli.ok("team assign OG P2 Blau");
  cli.ok("team assign OG P3 Rot");
  cli.ok("team assign OG P4 Rot");
  cli.ok("config set OG num_catchers=1 challenge_sets=Standard time_zone=" +
         truinlag::testing::midday_zone() + " start_time=06:00 end_time=22:00");
}

}  // namespace

TEST_CASE("numbers that are not numbers are refused, naming the field (items 3 and 5)") {
  Daemon d;
  d.cli.ok("session add OG");
  refused(d.cli, "config set OG relative_standard_deviation=nan",
          {"relative_standard_deviation", "finite"});
  refused(d.cli, "config set OG relative_standard_deviation=inf",
          {"relative_standard_deviation", "finite"});
  refused(d.cli, "config set OG travel_minutes_exponent=-inf", {"travel_minutes_exponent"});
  // Item 5: a duration past any game, which used to mean "no grace period".
  refused(d.cli, "config set OG grace_period_duration=9223372036854775807",
          {"grace_period_duration", "must lie in [0, 1440]"});
  refused(d.cli, "config set OG bounty_start_points=-1", {"bounty_start_points"});
  refused(d.cli, "config set OG num_challenges=1000", {"num_challenges"});
  // Nothing of it stuck: the defaults are what get shows.
  const json config = d.cli.json_of("config get OG")["config"];
  CHECK(config["grace_period_duration"] == 15);
  CHECK(config["relative_standard_deviation"].get<double>() == Approx(0.05));

  // The same through the library's raw requests.
  tl::Client client = tl::Client::connect(d.socket);
  tl::ConfigPatch patch;
  patch.travel_minutes_multiplier = std::numeric_limits<double>::quiet_NaN();
  CHECK(bad_data(client, tl::SetConfig{1, patch}).find("travel_minutes_multiplier") !=
        std::string::npos);
  patch = {};
  patch.perim_distance_range = tl::Range{0, std::numeric_limits<double>::infinity()};
  CHECK(bad_data(client, tl::SetConfig{1, patch}).find("perim_distance_range") !=
        std::string::npos);
  tl::Challenge challenge;
  challenge.title = "T";
  challenge.description = "D";
  challenge.bias_sat = std::numeric_limits<double>::quiet_NaN();
  CHECK(bad_data(client, tl::AddChallenge{challenge}).find("challenge.bias_sat") !=
        std::string::npos);
  challenge.bias_sat = 1;
  challenge.walking_minutes = std::numeric_limits<std::int64_t>::max();
  CHECK(bad_data(client, tl::AddChallenge{challenge}).find("walking_minutes") != std::string::npos);
}

TEST_CASE("locations out of range name their field; a real one is accepted after (items 3, 10)") {
  Daemon d;
  set_up_game(d.cli);
  d.cli.ok("game start OG");
  // The CLI refuses times that are no Unix seconds before sending.
  for (const std::string bad : {"nan", "1e20", "-inf"}) {
    const CliRun run = d.cli.run("game location OG P1 47.37 8.54 --time " + bad);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--time") != std::string::npos);
  }
  refused(d.cli, "game location OG P1 200 8.54", {"location.latitude", "200"});
  refused(d.cli, "game location OG P1 47.37 8.54 --accuracy -1", {"location.accuracy"});
  // A time a day and more away from the daemon's clock (seconds for ms).
  refused(d.cli, "game location OG P1 47.37 8.54 --time 1714816", {"location.timestamp"});

  tl::Client client = tl::Client::connect(d.socket);
  const tl::PlayerId p1 = 1;
  const auto location = [&](auto change) {
    tl::Location l{47.37, 8.54, 10, 90, 1, now_ms()};
    change(l);
    return tl::SendLocation{1, p1, l};
  };
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(bad_data(client, location([&](tl::Location& l) { l.longitude = inf; }))
            .find("location.longitude") != std::string::npos);
  CHECK(bad_data(client, location([](tl::Location& l) { l.heading = 360; }))
            .find("location.heading") != std::string::npos);
  CHECK(bad_data(client, location([](tl::Location& l) { l.speed = -1; })).find("location.speed") !=
        std::string::npos);
  CHECK(bad_data(client, location([](tl::Location& l) {
                   l.timestamp = std::numeric_limits<tl::Timestamp>::min();
                 }))
            .find("location.timestamp") != std::string::npos);
  // None of them reached the team: the real one is accepted and shown.
  d.cli.ok("game location OG P1 47.3779 8.5403");
  const json locations = d.cli.json_of("locations OG");
  INFO(locations.dump());
  CHECK(locations.dump().find("47.3779") != std::string::npos);
}

TEST_CASE("text that is not text, or too long, is refused at every field (items 6 and 7)") {
  Daemon d;
  // popen's shell is dash, without $'...': printf makes the bytes.
  refused(d.cli, "session add \"$(printf '\\377\\376 bad')\"", {"name", "not valid UTF-8"});
  refused(d.cli, "player add \"$(printf 'a\\001b')\" --passphrase secret",
          {"name", "control character U+0001"});
  refused(d.cli, "player add Ann --passphrase \"$(printf 'line\\tbreak')\"",
          {"passphrase", "control character"});
  refused(d.cli, "set add " + std::string(201, 'x'), {"name", "201 bytes, the limit is 200"});
  // A description may hold line breaks; a title may not.
  d.cli.ok("set add Standard");
  d.cli.ok(
      "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
      "\"title\":\"Ok\",\"description\":\"first line\\nsecond line\"}'");
  refused(d.cli,
          "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
          "\"title\":\"two\\nlines\",\"description\":\"d\"}'",
          {"challenge.title", "control character U+000A"});

  // A 10 MB set name in an import file: refused, nothing imported.
  const std::string file = d.dir.file("huge.json");
  {
    std::ofstream out(file, std::ios::binary);
    out << json{{"challenge_sets", {std::string(10'000'000, 'n')}}}.dump();
  }
  const CliRun run = d.cli.run("import " + file);
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("the limit is 200") != std::string::npos);
  // Invalid bytes in an import record are a rejection of that record.
  {
    std::ofstream out(file, std::ios::binary);
    out << R"({"challenge_sets": ["Fine"], "players": [{"name": "Ok", "passphrase": "p"},)"
        << R"({"name": "tab\tname", "passphrase": "p"}]})";
  }
  const CliRun skipped = d.cli.run("import --skip-invalid " + file);
  INFO(skipped.err);
  CHECK(skipped.exit_code == 0);
  CHECK(skipped.err.find("control character U+0009") != std::string::npos);

  // Whatever was tried, the lists and the export still work.
  const json sets = d.cli.json_of("set list");
  CHECK(sets.dump().find("Standard") != std::string::npos);
  CHECK(d.cli.run("export " + d.dir.file("out.json")).exit_code == 0);
  const json exported = json::parse(cli_support::file_text(d.dir.file("out.json")));
  CHECK(exported["challenge_sets"] == json{"Standard", "Fine"});
  CHECK(exported["players"].size() == 1);
}

TEST_CASE("a request over the daemon's frame limit fails alone, with a way out (item 8)") {
  Daemon d({"--max-frame-mib", "1", "--max-picture-mib", "0.5"});
  // About 2 MB of challenges: more than the daemon reads in one frame.
  const std::string path = challenge_file(d, "big.json", 2500, 700);
  const CliRun run = d.cli.run("import " + path);
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("exceeds the daemon's limit of 1048576 bytes") != std::string::npos);
  CHECK(run.err.find("split it into several files") != std::string::npos);
  CHECK(run.err.find("is truinlagd running") == std::string::npos);

  // The library: the connection survives a refused request.
  tl::Client client = tl::Client::connect(d.socket);
  tl::Ping big{std::string(2u << 20, 'p')};
  const std::string text = bad_data(client, big);
  CHECK(text.find("exceeds the daemon's limit") != std::string::npos);
  CHECK(client.sender().ping("still here").wait_for(std::chrono::seconds(5)) ==
        std::future_status::ready);
  d.cli.ok("ping");
}

TEST_CASE("the bare error words come with a sentence (item 10)") {
  Daemon d;
  set_up_game(d.cli);
  d.cli.ok("game start OG");
  refused(d.cli, "team add OG Grün", {"game_in_progress", "session 'OG' has a game running"});
  refused(d.cli, "session remove OG", {"game_in_progress", "stop it"});
  const json state = d.cli.json_of("state OG");
  std::string runner;
  for (const auto& team : state["teams"]) {
    if (team["role"] == "runner") runner = team["name"];
  }
  REQUIRE(!runner.empty());
  d.cli.ok("game complete OG " + runner + " 0 --period 0");
  refused(d.cli, "game complete OG " + runner + " 0 --period 1", {"too_rapid", "wait", " s"});
  d.cli.ok("game stop OG");
  refused(d.cli, "game stop OG", {"game_not_running", "session 'OG' has no game running"});
}

TEST_CASE("an answer larger than the output limit reaches the client that asked (item 7)") {
  // Hard limit 1 MiB, soft limit 1 MiB: the catalogue below answers
  // `challenge list` and `export` with about 1.2 MB each.
  Daemon d({"--output-limit-mib", "1", "--output-soft-limit-mib", "1"});
  const std::string path = challenge_file(d, "long.json", 300, 3900);
  d.cli.ok("import " + path);
  const json list = d.cli.json_of("challenge list");
  CHECK(list.dump().size() > (1u << 20));
  CHECK(list.dump().find("Challenge 299") != std::string::npos);
  const CliRun exported = d.cli.run("export " + d.dir.file("out.json"));
  INFO(exported.err);
  CHECK(exported.exit_code == 0);
  CHECK(json::parse(cli_support::file_text(d.dir.file("out.json")))["challenges"].size() == 300);
  // The limits still hold for what nobody asked for: the daemon still
  // serves others, and the log names no cut connection.
  d.cli.ok("ping");
  CHECK(d.process->log().find("disconnecting it") == std::string::npos);
}
