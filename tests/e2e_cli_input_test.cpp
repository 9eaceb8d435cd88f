// End to end (issue 14, items 4, 9 and the CSV parts of 10): what the CLI
// does with integers it cannot represent and CSV files it cannot read
// unambiguously, against the real daemon. Each case checks both the exit
// code and message and that the daemon holds nothing it should not.
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"

using cli_support::Cli;
using cli_support::CliRun;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using json = nlohmann::json;

namespace {

struct Daemon {
  TempDir dir;
  std::unique_ptr<DaemonProcess> process;
  Cli cli;
  Daemon()
      : process(std::make_unique<DaemonProcess>(dir.file("d.sock"), dir.file("d.db"))),
        cli(dir, dir.file("d.sock")) {
    REQUIRE(process->wait_ready());
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

// A usage error (exit 2) whose message contains every one of `words`.
void check_usage_error(const CliRun& run, std::initializer_list<const char*> words) {
  INFO("stderr: " << run.err << "\nstdout: " << run.out);
  CHECK(run.exit_code == 2);
  for (const char* word : words) CHECK_THAT(run.err, Catch::Contains(word));
}

std::vector<std::int64_t> zone_numbers(const Cli& cli) {
  std::vector<std::int64_t> numbers;
  const json list = cli.json_of("zone list");  // outlives the loop over it
  for (const json& zone : list["zones"]) numbers.push_back(zone["number"]);
  return numbers;
}

constexpr const char* kOutOfRange =
    "9223372036854775808 is out of range (an integer from -9223372036854775808 to "
    "9223372036854775807)";

}  // namespace

TEST_CASE("zone add 9223372036854775808: exit 2 naming NUMBER, no zone 2^63-1") {
  Daemon daemon;
  check_usage_error(daemon.cli.run("zone add 9223372036854775808"), {"NUMBER: ", kOutOfRange});
  check_usage_error(daemon.cli.run("zone add -- -9223372036854775809"),
                    {"NUMBER: ", "-9223372036854775809 is out of range"});
  check_usage_error(daemon.cli.run("zone add 0x10"),
                    {"NUMBER: expected a decimal integer, got \"0x10\""});
  check_usage_error(daemon.cli.run("zone add 110 --conn-zones 99999999999999999999"),
                    {"--conn-zones: ", "99999999999999999999 is out of range"});
  check_usage_error(daemon.cli.run("zone add 110 --connections 1e3"),
                    {"--connections: expected a decimal integer"});
  CHECK(zone_numbers(daemon.cli).empty());
  // Decimal, with leading zeros: 010 is ten, not octal eight.
  daemon.cli.ok("zone add 010");
  CHECK(zone_numbers(daemon.cli) == std::vector<std::int64_t>{10});
}

TEST_CASE("other verbs' integer arguments: refused out of range, nothing sent") {
  Daemon daemon;
  daemon.cli.ok("zone add 110");
  daemon.cli.ok("zone add 121");
  check_usage_error(daemon.cli.run("zone minutes 110 121 9223372036854775808"),
                    {"MINUTES: ", kOutOfRange});
  check_usage_error(daemon.cli.run("zone minutes 9223372036854775808 121 5"),
                    {"FROM_NUMBER: ", kOutOfRange});
  check_usage_error(daemon.cli.run("zone minutes 110 0x79 5"), {"TO_NUMBER: "});
  CHECK(daemon.cli.json_of("export --what minutes")["zone_minutes"].empty());
  daemon.cli.ok("zone minutes 110 0121 25");  // the zone numbered 121
  CHECK(daemon.cli.json_of("export --what minutes")["zone_minutes"] ==
        json::parse(R"([{"from": 110, "to": 121, "minutes": 25}])"));

  // An unsigned option took -1 as 2^64-1.
  check_usage_error(
      daemon.cli.run("player add Ann --passphrase p --discord-id -1"),
      {"--discord-id: -1 is out of range (an integer from 0 to 18446744073709551615)"});
  check_usage_error(
      daemon.cli.run("player add Ann --passphrase p --discord-id 18446744073709551616"),
      {"--discord-id: ", "out of range"});
  CHECK(daemon.cli.json_of("player list")["players"].empty());

  daemon.cli.ok("session add S");
  check_usage_error(daemon.cli.run("game catch S A B --period -1"), {"--period: ", "out of range"});
  check_usage_error(daemon.cli.run("game complete S A 18446744073709551616 --period 0"),
                    {"INDEX: ", "out of range"});
  check_usage_error(daemon.cli.run("past show 9223372036854775808"), {"ID: ", kOutOfRange});
  check_usage_error(daemon.cli.run("challenge set 9223372036854775808 '{}'"),
                    {"ID: ", kOutOfRange});
  check_usage_error(daemon.cli.run("locations S --since-seconds 9223372036854775808"),
                    {"--since-seconds: ", kOutOfRange});
  // "#N" past the range is an id that cannot exist, said as such.
  check_usage_error(daemon.cli.run("session remove '#9223372036854775808'"),
                    {"session \"#9223372036854775808\": ", kOutOfRange});
  CHECK(daemon.cli.json_of("session list")["sessions"].size() == 1);
}

TEST_CASE("config set num_catchers=9223372036854775808: exit 2 naming the key, unchanged") {
  Daemon daemon;
  daemon.cli.ok("session add S");
  check_usage_error(daemon.cli.run("config set S num_catchers=9223372036854775808"),
                    {"num_catchers: ", kOutOfRange});
  check_usage_error(daemon.cli.run("config set S bounty_base_points=-9223372036854775809"),
                    {"bounty_base_points: ", "-9223372036854775809 is out of range"});
  check_usage_error(daemon.cli.run("config set S num_challenges=0x3"),
                    {"num_challenges: expected a decimal integer, got \"0x3\""});
  const json config = daemon.cli.json_of("config get S")["config"];
  CHECK(config["num_catchers"] == 3);
  CHECK(config["bounty_base_points"] == 0);
  CHECK(config["num_challenges"] == 3);
  daemon.cli.ok("config set S num_catchers=02");
  CHECK(daemon.cli.json_of("config get S")["config"]["num_catchers"] == 2);
}

TEST_CASE("import CSV: a duplicate column is refused naming it and the file; nothing imported") {
  Daemon daemon;
  const std::string path =
      daemon.write("zones.csv",
                   "number,num_conn_zones,num_connections,train_through,mongus,s_bahn_zone,number\n"
                   "110,6,16,true,false,true,111\n");
  const CliRun run = daemon.cli.run("import " + path);
  check_usage_error(run, {"zones.csv line 1: column \"number\" appears twice in the header "
                          "(columns 1 and 7)"});
  CHECK(zone_numbers(daemon.cli).empty());
  // Not even with --skip-invalid: no row can be read unambiguously.
  check_usage_error(daemon.cli.run("import --skip-invalid " + path), {"appears twice"});
  CHECK(zone_numbers(daemon.cli).empty());

  const std::string sets = daemon.write("sets.csv", "name,name\nStandard,Kaffs\n");
  check_usage_error(daemon.cli.run("import " + sets), {"sets.csv line 1: column \"name\""});
  CHECK(daemon.cli.json_of("set list")["sets"].empty());
}

TEST_CASE("import CSV: a missing column is a column; a bad cell names line and column") {
  Daemon daemon;
  const std::string missing =
      daemon.write("zones.csv",
                   "number,num_conn_zones,train_through,mongus,s_bahn_zone\n"
                   "110,6,true,false,true\n"
                   "121,2,false,false,false\n");
  const CliRun run = daemon.cli.run("import " + missing);
  check_usage_error(run, {"zones.csv: missing column \"num_connections\""});
  CHECK_THAT(run.err, !Catch::Contains("$"));
  CHECK_THAT(run.err, !Catch::Contains("line 2"));  // said once for the file
  CHECK(zone_numbers(daemon.cli).empty());

  const std::string status = daemon.write("challenges.csv", "kind,title\nunspezifisch,A\n");
  check_usage_error(daemon.cli.run("import " + status),
                    {"challenges.csv: missing column \"status\""});
  CHECK(daemon.cli.json_of("challenge list")["challenges"].empty());

  const std::string bad =
      daemon.write("bad.csv",
                   "number,num_conn_zones,num_connections,train_through,mongus,s_bahn_zone\n"
                   "110,6,16,true,false,true\n"
                   "121,2,9223372036854775808,false,false,false\n");
  const CliRun cell = daemon.cli.run("import " + bad);
  check_usage_error(cell, {"bad.csv line 3: column \"num_connections\": ", kOutOfRange});
  CHECK_THAT(cell.err, !Catch::Contains("$"));
  CHECK(zone_numbers(daemon.cli).empty());
  daemon.cli.ok("import --skip-invalid " + bad);
  CHECK(zone_numbers(daemon.cli) == std::vector<std::int64_t>{110});
}

TEST_CASE("import CSV: an unterminated quote is reported at the line where it starts") {
  Daemon daemon;
  const std::string path = daemon.write("challenges.csv",
                                        "kind,status,title,description\n"
                                        "unspezifisch,approved,A,\"two\nlines\"\n"
                                        "unspezifisch,approved,B,\"never closed\n"
                                        "unspezifisch,approved,C,D\n"
                                        "unspezifisch,approved,E,F\n"
                                        "unspezifisch,approved,G,H\n");
  const CliRun run = daemon.cli.run("import " + path);
  check_usage_error(run, {"challenges.csv line 4: a quoted cell starts here and is not closed"});
  CHECK(daemon.cli.json_of("challenge list")["challenges"].empty());
}
