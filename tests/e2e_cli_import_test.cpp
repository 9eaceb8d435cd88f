// End to end: `truinlag-cli import` and `export` against real daemons
// (issue 6): lossless JSON and CSV round trips between daemons, the
// all-or-nothing rule with and without --skip-invalid, and a 1,000
// challenge file.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"

using cli_support::Cli;
using truinlag::testing::DaemonProcess;
using cli_support::file_text;
using truinlag::testing::TempDir;
using json = nlohmann::json;

namespace {

// A daemon with its own database, and a CLI for it.
struct Daemon {
  TempDir dir;
  std::unique_ptr<DaemonProcess> process;
  Cli cli;
  explicit Daemon(const std::string& name)
      : process(std::make_unique<DaemonProcess>(dir.file(name + ".sock"), dir.file(name + ".db"))),
        cli(dir, dir.file(name + ".sock")) {
    REQUIRE(process->wait_ready());
  }
};

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

json challenge(const std::string& title, int points, const json& sets) {
  return {{"kind", "unspezifisch"}, {"status", "approved"}, {"title", title},
          {"description", "Mached " + title + " 🎉"}, {"additional_points", points},
          {"sets", sets}};
}

// A catalogue as an organiser would write it: sets, zones with minutes,
// challenges of several kinds with Swiss German and emoji, players in
// sessions that do not exist yet.
json sample_catalogue() {
  json file;
  file["challenge_sets"] = {"Standard", "Familie 👨‍👩‍👧"};
  file["zones"] = {
      {{"number", 110}, {"num_conn_zones", 6}, {"num_connections", 16}, {"train_through", true},
       {"mongus", false}, {"s_bahn_zone", true}},
      {{"number", 172}, {"num_conn_zones", 2}, {"num_connections", 4}, {"train_through", false},
       {"mongus", true}, {"s_bahn_zone", false}}};
  file["zone_minutes"] = {{{"from", 110}, {"to", 172}, {"minutes", 40}},
                          {{"from", 172}, {"to", 110}, {"minutes", 42}}};
  file["challenges"] = json::array();
  for (int i = 0; i < 10; ++i) {
    file["challenges"].push_back(challenge("Chällenge " + std::to_string(i), 100 + i, {"Standard"}));
  }
  file["challenges"].push_back({{"kind", "kaff"}, {"status", "approved"}, {"place", "Sternenberg"},
                                {"kaffskala", 6}, {"grade", 4}, {"zones", {172}},
                                {"sets", {"Standard", "Familie 👨‍👩‍👧"}},
                                {"comment", "Bus, dann \"zu Fuss\"\nzweiti Zile"},
                                {"translated_titles", {{"en", "Trip to Sternenberg 🏔️"}}},
                                {"action", {{"type", "trap"}, {"stuck_minutes", 5},
                                            {"catcher_message", "Sie sind im Wald!"}}},
                                {"repetitions", {1, 4}}});
  file["players"] = {{{"name", "Anabel"}, {"nickname", "Ana"}, {"passphrase", "Röschti 42"},
                      {"discord_id", 1234567890123}, {"phone", "+41 79 000 00 00"},
                      {"session", "OG"}},
                     {{"name", "Bö"}, {"passphrase", "bo-pass"}}};
  return file;
}

}  // namespace

TEST_CASE("export -> import into an empty daemon -> export: byte-identical JSON and CSV") {
  Daemon first("first");
  write_file(first.dir.file("in.json"), sample_catalogue().dump(2));
  CHECK(first.cli.ok("import " + first.dir.file("in.json")) == "imported 19 record(s)\n");
  const std::string exported = first.cli.ok("export");
  // The sessions the players named were made; the challenges found their sets and zones.
  const json state = first.cli.json_of("state");
  CHECK(state["sessions"].size() == 1);
  CHECK(json::parse(exported)["challenges"].size() == 11);

  SECTION("JSON") {
    Daemon second("second");
    write_file(second.dir.file("e.json"), exported);
    second.cli.ok("import " + second.dir.file("e.json"));
    CHECK(second.cli.ok("export") == exported);
    // The export also writes files, the same bytes.
    second.cli.ok("export " + second.dir.file("again.json"));
    CHECK(file_text(second.dir.file("again.json")) == exported);
    CHECK(exported.find("Familie 👨‍👩‍👧") != std::string::npos);
    CHECK(exported.find("Trip to Sternenberg 🏔️") != std::string::npos);
  }
  SECTION("CSV, one file per kind, imported together") {
    Daemon second("second");
    std::string files;
    for (const char* kind : {"sets", "zones", "minutes", "challenges", "players"}) {
      const std::string path = first.dir.file(std::string(kind) + ".csv");
      first.cli.ok("export --what " + std::string(kind) + " " + path);
      files += " " + path;
    }
    CHECK(file_text(first.dir.file("minutes.csv")) == "from,to,minutes\n110,172,40\n172,110,42\n");
    second.cli.ok("import" + files);
    CHECK(second.cli.ok("export") == exported);
  }
}

TEST_CASE("import: 2 duplicate titles among 300 challenges") {
  json file;
  file["challenge_sets"] = {"Standard"};
  file["challenges"] = json::array();
  for (int i = 0; i < 298; ++i) {
    file["challenges"].push_back(challenge("Challenge " + std::to_string(i), 100, {"Standard"}));
  }
  // Records 298 and 299 repeat the titles of records 17 and 140 (names are
  // compared case-insensitively).
  file["challenges"].push_back(challenge("challenge 17", 100, {"Standard"}));
  file["challenges"].push_back(challenge("Challenge 140", 100, {"Standard"}));
  Daemon daemon("dup");
  const std::string path = daemon.dir.file("dup.json");
  write_file(path, file.dump());

  const auto without = daemon.cli.run("import " + path);
  CHECK(without.exit_code == 1);
  CHECK_THAT(without.err, ::Catch::Contains("$.challenges[298]") &&
                              ::Catch::Contains("$.challenges[299]") &&
                              ::Catch::Contains("nothing imported: 2 record(s) refused"));
  CHECK(daemon.cli.json_of("challenge list")["challenges"].size() == 0);
  CHECK(daemon.cli.json_of("set list")["sets"].size() == 0);  // the set went too: all or nothing

  const auto with = daemon.cli.run("import --skip-invalid " + path);
  CHECK(with.exit_code == 0);
  CHECK(with.out == "imported 299 record(s), skipped 2\n");  // 1 set + 298 challenges
  CHECK_THAT(with.err, ::Catch::Contains("skipped: " + path + " $.challenges[298]") &&
                           ::Catch::Contains("challenge 17"));
  CHECK(daemon.cli.json_of("challenge list")["challenges"].size() == 298);

  SECTION("the same from CSV names the lines") {
    Daemon csv("csv");
    std::string text = "kind,status,title,description,additional_points,sets\n";
    for (const auto& c : file["challenges"]) {
      text += "unspezifisch,approved," + c["title"].get<std::string>() + ",D,100,Standard\n";
    }
    write_file(csv.dir.file("dup.csv"), text);
    const auto refused = csv.cli.run("import " + csv.dir.file("dup.csv"));
    CHECK(refused.exit_code == 1);
    // Record 298 is on line 300 (the header is line 1).
    CHECK_THAT(refused.err, ::Catch::Contains("dup.csv line 300") && ::Catch::Contains("dup.csv line 301"));
    CHECK(csv.cli.json_of("challenge list")["challenges"].size() == 0);
  }
}

TEST_CASE("import: records that do not read, missing references, exit codes") {
  Daemon daemon("bad");
  json file;
  file["challenges"] = {challenge("Guet", 10, {"Standard"}),
                        {{"kind", "unspezifisch"}, {"status", "aproved"}, {"title", "X"}},
                        challenge("Ohni Set", 10, {"Gibts nöd"})};
  file["challenge_sets"] = {"Standard"};
  const std::string path = daemon.dir.file("bad.json");
  write_file(path, file.dump());
  // A record that does not read: a usage error (2) before anything is sent.
  const auto refused = daemon.cli.run("import " + path);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, ::Catch::Contains("$.challenges[1]") && ::Catch::Contains("aproved"));
  CHECK(daemon.cli.json_of("challenge list")["challenges"].size() == 0);
  // Skipping it, the engine refuses the unknown set: reported, the rest lands.
  const auto skipped = daemon.cli.run("import --skip-invalid " + path);
  CHECK(skipped.exit_code == 0);
  CHECK_THAT(skipped.err, ::Catch::Contains("$.challenges[2]") &&
                              ::Catch::Contains("challenge set 'Gibts nöd'"));
  CHECK(daemon.cli.json_of("challenge list")["challenges"].size() == 1);
  // Not a catalogue, no file, CSV of all kinds: usage errors.
  write_file(daemon.dir.file("list.json"), "[]");
  CHECK(daemon.cli.run("import " + daemon.dir.file("list.json")).exit_code == 2);
  CHECK(daemon.cli.run("import " + daemon.dir.file("none.json")).exit_code == 2);
  CHECK(daemon.cli.run("export --format csv").exit_code == 2);
  CHECK(daemon.cli.run("export --what everything").exit_code == 2);
  // No daemon: exit 3 with how to start one.
  Cli nobody(daemon.dir, daemon.dir.file("nobody.sock"));
  const auto gone = nobody.run("import --skip-invalid " + path);
  CHECK(gone.exit_code == 3);
  CHECK_THAT(gone.err, ::Catch::Contains("truinlagd"));
}

TEST_CASE("import: 1,000 challenges in one request") {
  json file;
  file["challenge_sets"] = {"Gross"};
  file["challenges"] = json::array();
  for (int i = 0; i < 1000; ++i) {
    file["challenges"].push_back(challenge("Grossi Challenge Nr. " + std::to_string(i), i, {"Gross"}));
  }
  Daemon daemon("big");
  write_file(daemon.dir.file("big.json"), file.dump());
  const auto start = std::chrono::steady_clock::now();
  CHECK(daemon.cli.ok("import " + daemon.dir.file("big.json")) == "imported 1001 record(s)\n");
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The figure for docs/cli.md; the limit of the issue is 2 s (not asserted:
  // CI machines vary), so it is only printed.
  WARN("1,000 challenges imported in " << seconds << " s");
  CHECK(daemon.cli.json_of("challenge list")["challenges"].size() == 1000);
}
