// End to end (issue 16 item 2): teams with their players in the import and
// export files, a session's teams by name and their players by name;
// export -> import into an empty daemon -> export gives the same bytes, in
// JSON and in CSV, and a team naming a player it cannot have imports
// nothing.
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"

using cli_support::Cli;
using cli_support::file_text;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using json = nlohmann::json;

namespace {

struct TeamsDaemon {
  TempDir dir;
  std::unique_ptr<DaemonProcess> process;
  Cli cli;
  explicit TeamsDaemon(const std::string& name)
      : process(std::make_unique<DaemonProcess>(dir.file(name + ".sock"), dir.file(name + ".db"))),
        cli(dir, dir.file(name + ".sock")) {
    REQUIRE(process->wait_ready());
  }
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

TEST_CASE("teams in export and import: by name, with players by name, byte-identical") {
  TeamsDaemon first("first");
  const Cli& cli = first.cli;
  cli.ok("session add OG");
  cli.ok("session add Family");
  cli.ok("player add Anabel --passphrase p-ana --session OG");
  cli.ok("player add Bö --passphrase p-bo --session OG");
  cli.ok("player add Cla --passphrase p-cla --session OG");
  cli.ok("player add Dan --passphrase p-dan --session Family");
  cli.ok("team add OG Füchse --colour ff6600");
  cli.ok("team add OG Wölfe");
  cli.ok("team add OG Leer");
  cli.ok("team add Family Dachse");
  cli.ok("team discord OG Füchse 77");
  cli.ok("team assign OG Bö Füchse");
  cli.ok("team assign OG Anabel Füchse");
  cli.ok("team assign OG Cla Wölfe");
  cli.ok("team assign Family Dan Dachse");

  const std::string exported = cli.ok("export");
  const json teams = json::parse(exported)["teams"];
  REQUIRE(teams.size() == 4);
  CHECK(teams[0] == json{{"session", "OG"},
                         {"name", "Füchse"},
                         {"colour", "#ff6600"},
                         {"discord_channel", 77},
                         {"players", {"Bö", "Anabel"}}});
  CHECK(teams[2]["players"].empty());
  CHECK(teams[3]["session"] == "Family");

  SECTION("JSON") {
    TeamsDaemon second("second");
    write_text(second.dir.file("e.json"), exported);
    CHECK(second.cli.ok("import " + second.dir.file("e.json")) == "imported 8 record(s)\n");
    CHECK(second.cli.ok("export") == exported);
    // The teams are real teams of the sessions, their players in them.
    const json og = second.cli.json_of("state OG");  // (players by name)
    REQUIRE(og["teams"].size() == 3);
    CHECK(og["teams"][0]["name"] == "Füchse");
    CHECK(og["teams"][0]["players"] == json{"Bö", "Anabel"});
    CHECK(og["teams"][1]["players"] == json{"Cla"});
    CHECK(og["teams"][0]["discord_channel"] == 77);
  }
  SECTION("CSV, one file per kind, imported together") {
    TeamsDaemon second("second");
    std::string files;
    for (const char* kind : {"players", "teams"}) {
      const std::string path = first.dir.file(std::string(kind) + ".csv");
      cli.ok("export --what " + std::string(kind) + " " + path);
      files += " " + path;
    }
    CHECK(file_text(first.dir.file("teams.csv")) ==
          "session,name,colour,discord_channel,players\n"
          "OG,Füchse,#ff6600,77,\"[\"\"Bö\"\",\"\"Anabel\"\"]\"\n"
          "OG,Wölfe,#" +
              json::parse(exported)["teams"][1]["colour"].get<std::string>().substr(1) +
              ",,\"[\"\"Cla\"\"]\"\n"
              "OG,Leer,#" +
              json::parse(exported)["teams"][2]["colour"].get<std::string>().substr(1) +
              ",,[]\n"
              "Family,Dachse,#" +
              json::parse(exported)["teams"][3]["colour"].get<std::string>().substr(1) +
              ",,\"[\"\"Dan\"\"]\"\n");
    second.cli.ok("import" + files);
    CHECK(second.cli.ok("export") == exported);
  }
}

TEST_CASE("import: a team that cannot have its players imports nothing, or is skipped") {
  TeamsDaemon daemon("bad");
  json file;
  file["players"] = {{{"name", "Ann"}, {"passphrase", "p-ann"}, {"session", "OG"}},
                     {{"name", "Ben"}, {"passphrase", "p-ben"}, {"session", "Family"}}};
  file["teams"] = {{{"session", "OG"}, {"name", "Blau"}, {"players", {"Ann"}}},
                   {{"session", "OG"}, {"name", "Rot"}, {"players", {"Nobody"}}},
                   {{"session", "OG"}, {"name", "Grün"}, {"players", {"Ben"}}}};
  const std::string path = daemon.dir.file("t.json");
  write_text(path, file.dump());

  const auto refused = daemon.cli.run("import " + path);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("$.teams[1]: not_found: player 'Nobody'"));
  CHECK_THAT(refused.err, Catch::Contains("$.teams[2]: bad_data: player Ben is not in session OG"));
  // Nothing: no players, no sessions, no teams.
  const json empty = daemon.cli.json_of("state");
  CHECK(empty["sessions"].empty());
  CHECK(empty["players"].empty());

  CHECK(daemon.cli.ok("import --skip-invalid " + path) == "imported 3 record(s), skipped 2\n");
  const json og = daemon.cli.json_of("state OG");
  REQUIRE(og["teams"].size() == 1);
  CHECK(og["teams"][0]["name"] == "Blau");
  CHECK(og["teams"][0]["players"].size() == 1);
}
