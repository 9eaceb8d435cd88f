// End to end, issue 14 item 1 (and the `backup ""` message of item 10):
// `truinlag-cli backup` against real daemons never destroys a database in
// use. Daemon B backing up onto daemon A's live file, a daemon onto its
// own file, an existing file without --overwrite: refused (exit 1, a
// sentence), and A keeps its state across a restart. A second truinlagd on
// a file in use does not start. A permitted backup is a working database.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "truinlag/client.hpp"
#include "truinlag/server.hpp"

using cli_support::Cli;
using cli_support::CliRun;
using cli_support::file_text;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using namespace std::chrono_literals;
namespace t = truinlag;

namespace {

// A daemon on <dir>/<name>.db, listening on <dir>/<name>.sock, with a CLI.
struct Daemon {
  std::string socket;
  std::string db;
  std::unique_ptr<DaemonProcess> process;
  Cli cli;
  Daemon(const TempDir& dir, const std::string& name)
      : socket(dir.file(name + ".sock")), db(dir.file(name + ".db")), cli(dir, socket) {
    start();
  }
  void start() {
    process = std::make_unique<DaemonProcess>(socket, db);
    REQUIRE(process->wait_ready());
  }
  // SIGTERM, a clean exit, and a new daemon on the same file.
  void restart() {
    process->send_signal(SIGTERM);
    REQUIRE(process->wait_exit(10s) == 0);
    process.reset();
    start();
  }
  t::GlobalState state() const { return t::Client::connect(socket).sender().get_state().get(); }
};

// Some state to lose: a session and players with a prefix.
void populate(const Daemon& daemon, const std::string& prefix, int players) {
  auto client = t::Client::connect(daemon.socket);
  auto session = client.send(t::AddSession{prefix + "-OG", t::Mode::Traditional}).get();
  REQUIRE(std::holds_alternative<t::Created>(session));
  for (int i = 0; i < players; ++i) {
    auto added =
        client
            .send(t::AddPlayer{prefix + std::to_string(i), prefix + "pp" + std::to_string(i),
                               std::nullopt, std::nullopt, std::get<t::Created>(session).id})
            .get();
    REQUIRE(std::holds_alternative<t::Created>(added));
  }
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A refusal: exit 1, nothing on stdout, the daemon's sentence on stderr.
void check_refused(const CliRun& run, const std::string& sentence) {
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("backup written") == std::string::npos);
  CHECK_THAT(run.err, Catch::Contains(sentence));
}

}  // namespace

TEST_CASE(
    "backup onto another running daemon's database is refused and that daemon loses nothing") {
  TempDir dir;
  Daemon a(dir, "A");
  Daemon b(dir, "B");
  populate(a, "A", 5);
  populate(b, "B", 3);
  const t::GlobalState a_before = a.state();
  REQUIRE(a_before.players.size() == 5);

  check_refused(b.cli.run("backup " + a.db), "is the database of a running truinlagd");
  // Asking to overwrite does not make a live database fair game.
  check_refused(b.cli.run("backup --overwrite " + a.db), "is the database of a running truinlagd");

  // A keeps working: its next commit succeeds and its state is its own.
  a.cli.ok("player add A5 --passphrase App5");
  t::GlobalState a_now = a.state();
  REQUIRE(a_now.players.size() == 6);
  a.restart();
  CHECK(a.state() == a_now);
  a_now.players.pop_back();
  CHECK(a_now == a_before);
  CHECK(b.state().players.size() == 3);
}

TEST_CASE("backup onto the daemon's own database or one of its files is refused") {
  TempDir dir;
  Daemon a(dir, "A");
  populate(a, "A", 4);
  const t::GlobalState before = a.state();
  check_refused(a.cli.run("backup " + a.db), "is this daemon's own database");
  check_refused(a.cli.run("backup --overwrite " + a.db), "is this daemon's own database");
  std::filesystem::create_symlink(a.db, dir.file("alias.db"));
  check_refused(a.cli.run("backup --overwrite " + dir.file("alias.db")),
                "is this daemon's own database");
  check_refused(a.cli.run("backup --overwrite " + a.db + "-wal"), "ends in -wal");
  check_refused(a.cli.run("backup " + dir.file("copy.db-shm")), "ends in -shm");
  check_refused(a.cli.run("backup " + dir.path()), "is a directory");
  a.cli.ok("player add A9 --passphrase App9");
  a.restart();
  const t::GlobalState after = a.state();
  CHECK(after.sessions == before.sessions);
  CHECK(after.players.size() == before.players.size() + 1);
}

TEST_CASE("an existing file is replaced only with --overwrite, by a working copy") {
  TempDir dir;
  Daemon b(dir, "B");
  populate(b, "B", 3);
  const std::string target = dir.file("latest.db");
  write_file(target, "last week's notes");

  check_refused(b.cli.run("backup " + target), target + " exists; pass --overwrite to replace it");
  CHECK(file_text(target) == "last week's notes");

  const std::string out = b.cli.ok("backup --overwrite " + target);
  CHECK(out == "backup written to " + target + "\n");
  CHECK(t::check_database(target).problems.empty());
  // No temporary file is left next to it.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    INFO(entry.path());
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    ++files;
  }
  CHECK(files > 0);
  // The copy opens in a daemon of its own and holds B's state.
  Daemon copy(dir, "latest");
  CHECK(copy.state() == b.state());
}

TEST_CASE("backup with an empty path says the path is empty") {
  TempDir dir;
  Daemon b(dir, "B");
  check_refused(b.cli.run("backup ''"), "backup path is empty");
  CHECK(b.cli.ok("ping").find("pong") != std::string::npos);
}

TEST_CASE("a second truinlagd on a database in use does not start and says why") {
  TempDir dir;
  Daemon a(dir, "A");
  populate(a, "A", 2);
  DaemonProcess second(dir.file("second.sock"), a.db);
  CHECK_FALSE(second.wait_ready(5s));
  CHECK(second.wait_exit(5s) == 1);
  CHECK_THAT(second.log(), Catch::Contains(a.db) && Catch::Contains("in use by another truinlagd"));
  CHECK_FALSE(std::filesystem::exists(dir.file("second.sock")));
  // The first one is untouched and keeps committing.
  a.cli.ok("player add A7 --passphrase App7");
  a.restart();
  CHECK(a.state().players.size() == 3);
}

TEST_CASE("a backup is a working database with the daemon's state, new files only") {
  TempDir dir;
  Daemon b(dir, "B");
  populate(b, "B", 6);
  const std::string copy_db = dir.file("copy.db");
  CHECK(b.cli.ok("backup " + copy_db) == "backup written to " + copy_db + "\n");
  CHECK(t::check_database(copy_db).problems.empty());
  CHECK(t::check_database(copy_db).version == t::check_database(copy_db).current);
  // A second backup to the same name needs --overwrite.
  check_refused(b.cli.run("backup " + copy_db), "exists; pass --overwrite");
  check_refused(b.cli.run("backup " + dir.file("no/such/dir/x.db")), "cannot create the backup");
  Daemon copy(dir, "copy");
  CHECK(copy.state() == b.state());
}
