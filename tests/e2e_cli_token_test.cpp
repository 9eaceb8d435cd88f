// End to end through truinlag-cli and the real daemon (issue 17): login
// tokens added, listed and revoked; their secrets and the players'
// passphrases kept only as keyed hashes under the key file beside the
// database, which the daemon creates 0600 and refuses when others may
// read it.
#include <SQLiteCpp/Database.h>
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"

using cli_support::Cli;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The line "secret: ..." of `token add`'s text output.
std::string secret_in(const std::string& out) {
  const auto start = out.find("secret: ");
  REQUIRE(start != std::string::npos);
  const auto end = out.find('\n', start);
  return out.substr(start + 8, end - start - 8);
}

}  // namespace

TEST_CASE("token add, list and revoke through the CLI; only hashes on disk, kept across kill -9") {
  TempDir dir;
  const std::string socket = dir.file("t.sock");
  const std::string db = dir.file("t.db");
  const Cli cli(dir, socket);
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());

  // The key file: created at first start, owner only.
  struct stat key {};
  REQUIRE(::stat((db + ".key").c_str(), &key) == 0);
  CHECK((key.st_mode & 0777) == 0600);
  CHECK(key.st_size == 32);

  const std::string added = cli.ok("token add orga-phone --role admin");
  CHECK(added.rfind("added admin token 'orga-phone'\n", 0) == 0);
  CHECK(added.find("shown only now") != std::string::npos);
  const std::string admin = secret_in(added);
  CHECK(admin.size() == 64);  // 256 bits in hex
  const json tv = cli.json_of("token add scoreboard-tv --role spectator");
  CHECK(tv["type"] == "token_created");
  CHECK(tv["role"] == "spectator");
  const std::string spectator = tv["secret"];
  CHECK(spectator.size() == 64);
  CHECK(spectator != admin);

  // Refusals: a taken name (exit 1), an unknown role (usage, exit 2).
  CHECK(cli.run("token add ORGA-PHONE --role spectator").exit_code == 1);
  CHECK(cli.run("token add x --role boss").exit_code == 2);
  CHECK(cli.run("token add x").exit_code == 2);

  cli.ok("player add Ann --passphrase \"Grüne Wiese\"");

  const std::string listed = cli.ok("token list");
  CHECK(listed.find("orga-phone  admin  created ") != std::string::npos);
  CHECK(listed.find("scoreboard-tv  spectator  created ") != std::string::npos);
  CHECK(listed.find(admin) == std::string::npos);
  const json list = cli.json_of("token list");
  REQUIRE(list["tokens"].size() == 2);
  CHECK(list["tokens"][0]["name"] == "orga-phone");
  CHECK(list["tokens"][0]["role"] == "admin");
  CHECK(list["tokens"][0]["created"].is_number());
  CHECK(list["tokens"][0].size() == 3);  // name, role, created: no secret, no hash

  // A kill -9 right after the answers: the tokens were committed first.
  daemon->send_signal(SIGKILL);
  REQUIRE(daemon->wait_exit(5s).has_value());
  {
    SQLite::Database file(db, SQLite::OPEN_READONLY);
    SQLite::Statement tokens(file, "SELECT name, secret_hash FROM tokens ORDER BY id");
    int count = 0;
    while (tokens.executeStep()) {
      const std::string hash = tokens.getColumn(1).getString();
      CHECK(hash.size() == 64);
      CHECK(hash != admin);
      CHECK(hash != spectator);
      ++count;
    }
    CHECK(count == 2);
    const std::string passphrase =
        file.execAndGet("SELECT passphrase FROM players WHERE name = 'Ann'").getString();
    CHECK(passphrase.size() == 64);
    CHECK(passphrase.find("Wiese") == std::string::npos);
  }
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  CHECK(cli.json_of("token list")["tokens"].size() == 2);
  // Export writes no passphrase (only the hash exists).
  const json exported = cli.json_of("export");
  const std::string dump = exported.dump();
  CHECK(dump.find("Wiese") == std::string::npos);

  CHECK(cli.ok("token revoke Scoreboard-TV") == "revoked token 'Scoreboard-TV'\n");
  CHECK(cli.json_of("token list")["tokens"].size() == 1);
  const auto again = cli.run("token revoke scoreboard-tv");
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("token") != std::string::npos);
  CHECK(cli.ok("token list").find("scoreboard-tv") == std::string::npos);

  // The log never shows a secret.
  const std::string log = daemon->log();
  CHECK(log.find(admin) == std::string::npos);
  CHECK(log.find(spectator) == std::string::npos);
}

TEST_CASE("truinlagd refuses to start with a key file others may read") {
  TempDir dir;
  const std::string socket = dir.file("k.sock");
  const std::string db = dir.file("k.db");
  {
    DaemonProcess first(socket, db);
    REQUIRE(first.wait_ready());
    first.send_signal(SIGTERM);
    REQUIRE(first.wait_exit(10s) == 0);
  }
  REQUIRE(::chmod((db + ".key").c_str(), 0644) == 0);
  DaemonProcess refused(socket, db);
  CHECK_FALSE(refused.wait_ready(5s));
  const auto code = refused.wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code != 0);
  CHECK(refused.log().find("chmod 600") != std::string::npos);
  // Made private again, the same database starts.
  REQUIRE(::chmod((db + ".key").c_str(), 0600) == 0);
  DaemonProcess again(socket, db);
  CHECK(again.wait_ready());
}
