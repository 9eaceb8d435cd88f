// The store: every entity through SQLite and back, incremental commits
// from outcomes' change lists, migrations and version checks.
#include "store/store.hpp"

#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine_fixture.hpp"
#include "protocol/value_codec.hpp"
#include "store/backup.hpp"
#include "store/schema.hpp"
#include "support/daemon_process.hpp"
#include "truinlag/server.hpp"

using namespace engine_fixture;
using truinlag::testing::TempDir;
namespace store = truinlag::store;
namespace protocol = truinlag::protocol;

namespace {

// Runs a command on the world and commits what its outcome says changed.
struct Persisted {
  GameWorld& world;
  store::Store& db;
  void operator()(const Command& command) {
    engine::Outcome outcome = world.run(command);
    if (auto* failure = std::get_if<Failure>(&outcome.result)) {
      FAIL("refused: " << describe(failure->error));
    }
    store::ChangeSet changes;
    changes.add(outcome);
    db.commit(changes, world.engine.state());
    // After every single command, the file must hold exactly the memory.
    const bool equal = db.load() == world.engine.state();
    if (!equal) {
      FAIL("file differs from memory after "
           << std::visit([](const auto& c) { return std::string(c.kName); }, command));
    }
  }
};

// Every entity of a state, as a change set (a full write).
store::ChangeSet everything(const engine::State& state) {
  store::ChangeSet all;
  engine::Outcome o;
  for (const auto& [id, s] : state.sessions) o.touch(engine::EntityKind::Session, id);
  for (const auto& [id, p] : state.players) o.touch(engine::EntityKind::Player, id);
  for (const auto& [id, s] : state.challenge_sets) o.touch(engine::EntityKind::ChallengeSet, id);
  for (const auto& [id, c] : state.challenges) o.touch(engine::EntityKind::Challenge, id);
  for (const auto& [id, z] : state.zones) o.touch(engine::EntityKind::Zone, id);
  for (const auto& [id, t] : state.teams) {
    o.touch(engine::EntityKind::Team, id);
    o.touch(engine::EntityKind::Track, id);
  }
  for (const auto& [id, g] : state.past_games) o.touch(engine::EntityKind::PastGame, id);
  for (const auto& [key, deadline] : state.timers) o.timers.push_back({key, deadline});
  all.add(o);
  return all;
}

// A game with something of everything: a finished game, a running one with
// catches, completions, tracks, a grace period, translations and actions.
void play_a_day(GameWorld& w, const std::function<void(const Command&)>& run) {
  Challenge fancy = w.unspecific("Fancy ✨", 250);
  fancy.translated_titles = {{"en", "Fancy"}, {"fr", "Chic"}};
  fancy.translated_descriptions = {{"en", "Be fancy"}};
  fancy.action = Trap{3, "Achtung"};
  fancy.repetitions = {1, 4};
  fancy.zones = {w.zone110, w.zone120};
  run(AddChallenge{fancy});
  run(Start{w.session});
  const TeamId c = w.catcher();
  const TeamId r = w.runner();
  for (int i = 0; i < 5; ++i) {
    w.now += 20'000;
    run(SendLocation{w.session, w.player_of(r), at(47.37 + 0.001 * i, 8.54, w.now, 10)});
    run(SendLocation{w.session, w.player_of(c), at(47.37 + 0.001 * i, 8.541, w.now, 10)});
  }
  w.now += 4 * kMinute;
  run(truinlag::Complete{w.session, r, 0, 0});
  w.now += kMinute;
  run(truinlag::Catch{w.session, c, r, 0});
  run(Stop{w.session});
  w.now += kMinute;
  run(Start{w.session});
  w.now += kMinute;
  run(truinlag::Catch{w.session, w.catcher(), w.runner(), 0});  // a grace period runs now
  run(RenamePlayer{w.players[0], "Anabel"});
  ConfigPatch later;
  later.regio_ratio = 0.5;
  (void)later;  // config is locked during a game: exercised in the first session only
}

}  // namespace

TEST_CASE("a full write of every entity loads back identical") {
  TempDir dir;
  GameWorld w;
  play_a_day(w, [&](const Command& c) { w.ok(c); });
  {
    store::Store db(dir.file("s.db"), store::Sync::Normal);
    db.commit(everything(w.engine.state()), w.engine.state());
  }
  store::Store reopened(dir.file("s.db"), store::Sync::Normal);
  const engine::State loaded = reopened.load();
  CHECK(loaded.sessions == w.engine.state().sessions);
  CHECK(loaded.players == w.engine.state().players);
  CHECK(loaded.challenges == w.engine.state().challenges);
  CHECK(loaded.zones == w.engine.state().zones);
  CHECK(loaded.teams == w.engine.state().teams);
  CHECK(loaded.past_games == w.engine.state().past_games);
  CHECK(loaded.timers == w.engine.state().timers);
  CHECK(loaded == w.engine.state());
}

TEST_CASE("committing each outcome's changes alone keeps the file equal to memory") {
  // This is what the server does; it proves every handler lists every
  // entity it changes (a missing one would load back different).
  TempDir dir;
  GameWorld w;
  {
    store::Store db(dir.file("s.db"), store::Sync::Normal);
    db.commit(everything(w.engine.state()), w.engine.state());  // the world's set-up
    Persisted run{w, db};
    play_a_day(w, run);
    run(RemovePlayer{w.create(AddPlayer{"Temp", "pt", std::nullopt, std::nullopt, std::nullopt})});
  }  // closed first: a file is served by one store at a time
  store::Store reopened(dir.file("s.db"), store::Sync::Normal);
  CHECK(reopened.load() == w.engine.state());
}

TEST_CASE("names swapped within one batch commit without a collision") {
  TempDir dir;
  EngineFixture f;
  store::Store db(dir.file("s.db"), store::Sync::Normal);
  store::ChangeSet batch;
  auto add = [&](const Command& c) {
    auto outcome = f.run(c);
    REQUIRE_FALSE(std::holds_alternative<Failure>(outcome.result));
    batch.add(outcome);
  };
  add(AddPlayer{"Ana", "p1", std::nullopt, std::nullopt, std::nullopt});
  add(AddPlayer{"Bo", "p2", std::nullopt, std::nullopt, std::nullopt});
  db.commit(batch, f.engine.state());
  batch = {};
  // Touch Bo first, then free "Ana", then give "Ana" to Bo: Bo is written
  // first although its final name still belongs to Ana on disk.
  add(SetPlayerPhone{2, "+41"});
  add(RenamePlayer{1, "Cleo"});
  add(RenamePlayer{2, "Ana"});
  REQUIRE_NOTHROW(db.commit(batch, f.engine.state()));
  CHECK(db.load() == f.engine.state());
}

TEST_CASE("a version 1 database is migrated; a newer one is refused") {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(std::string(store::migrations()[0]));
    old.exec("PRAGMA user_version = 1");
    old.exec("INSERT INTO players (id, name, passphrase) VALUES (7, 'Ana', 'pp')");
    old.exec("INSERT INTO next_ids VALUES ('player', 8)");
  }
  {
    store::Store migrated(path, store::Sync::Full);
    CHECK(migrated.schema_version() == store::current_schema_version());
    const engine::State state = migrated.load();
    REQUIRE(state.players.count(7) == 1);
    CHECK(state.players.at(7).name == "Ana");
    CHECK(state.players.at(7).locations_sent == 0);
    CHECK(state.next.player == 8);
  }
  CHECK(truinlag::check_database(path).problems.empty());
  {
    SQLite::Database newer(path, SQLite::OPEN_READWRITE);
    newer.exec("PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH(store::Store(path, store::Sync::Full), Catch::Contains("newer"));
  CHECK_FALSE(truinlag::check_database(path).problems.empty());
}

TEST_CASE("blobs an older build stored (value format 1) load with the new fields defaulted") {
  // A format-1 blob lacks the fields added since (Config's text templates,
  // OpenChallenge's translations); the loader reads each blob in the format
  // its row names, and the missing fields take their defaults.
  TempDir dir;
  GameWorld w;
  play_a_day(w, [&](const Command& c) { w.ok(c); });
  engine::State expected = w.engine.state();
  const SessionId session = w.session;
  REQUIRE(expected.sessions.at(session).snapshot);
  REQUIRE_FALSE(expected.past_games.empty());
  // What format 1 could hold: no translations in the archived teams' open
  // challenges; the snapshot's templates come back as the defaults.
  expected.sessions.at(session).snapshot->config.zoneable_note = "changed by the old build?";
  {
    store::Store db(dir.file("old.db"), store::Sync::Normal);
    db.commit(everything(expected), expected);
  }
  {
    SQLite::Database raw(dir.file("old.db"), SQLite::OPEN_READWRITE);
    const std::string snapshot = protocol::encode_value(*expected.sessions.at(session).snapshot, 1);
    SQLite::Statement game(raw, "UPDATE games SET snapshot = ?, format = 1");
    game.bind(1, snapshot.data(), static_cast<int>(snapshot.size()));
    CHECK(game.exec() == 1);
    for (auto& [id, past] : expected.past_games) {
      const std::string bytes = protocol::encode_value(past, 1);
      SQLite::Statement update(raw, "UPDATE past_games SET game = ?, format = 1 WHERE id = ?");
      update.bind(1, bytes.data(), static_cast<int>(bytes.size()));
      update.bind(2, static_cast<std::int64_t>(id));
      CHECK(update.exec() == 1);
      for (PastTeam& team : past.teams) {
        for (OpenChallenge& open : team.challenges) {
          open.translated_titles.clear();
          open.translated_descriptions.clear();
        }
      }
    }
  }
  expected.sessions.at(session).snapshot->config.zoneable_note = Config{}.zoneable_note;
  {
    store::Store reopened(dir.file("old.db"), store::Sync::Normal);
    const engine::State loaded = reopened.load();
    CHECK(loaded.sessions == expected.sessions);
    CHECK(loaded.past_games == expected.past_games);
  }  // closed: a file is served by one store at a time
  // A format this build does not know is refused, not guessed at.
  {
    SQLite::Database raw(dir.file("old.db"), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE games SET format = 3");
  }
  CHECK_THROWS_WITH(store::Store(dir.file("old.db"), store::Sync::Normal).load(),
                    Catch::Contains("format 3"));
}

TEST_CASE("constraints refuse what the engine would never write") {
  TempDir dir;
  { store::Store create(dir.file("c.db"), store::Sync::Normal); }
  SQLite::Database db(dir.file("c.db"), SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("INSERT INTO sessions (id, name, mode) VALUES (1, 'OG', 0)");
  CHECK_THROWS(db.exec("INSERT INTO sessions (id, name, mode) VALUES (2, 'og', 0)"));  // NOCASE
  CHECK_THROWS(db.exec("INSERT INTO sessions (id, name, mode) VALUES (3, 'X', 7)"));   // enum
  CHECK_THROWS(
      db.exec("INSERT INTO teams (id, session_id, name, role, colour_r, colour_g, "
              "colour_b, points, bounty) VALUES (1, 99, 'T', 0, 0, 0, 0, 0, 0)"));  // FK
  CHECK_THROWS(
      db.exec("INSERT INTO zones (id, number, num_conn_zones, num_connections, "
              "train_through, mongus, s_bahn_zone) VALUES (1, 110, 1, 1, 2, 0, 0)"));
}

TEST_CASE("a database file is served by one store at a time") {
  TempDir dir;
  store::Store first(dir.file("one.db"), store::Sync::Normal);
  CHECK_THROWS_WITH(store::Store(dir.file("one.db"), store::Sync::Normal),
                    Catch::Contains("one.db") && Catch::Contains("in use by another truinlagd"));
  // The refusal left the first store working.
  EngineFixture f;
  f.run(AddPlayer{"Ana", "pa", std::nullopt, std::nullopt, std::nullopt});
  CHECK_NOTHROW(first.commit(everything(f.engine.state()), f.engine.state()));
  CHECK(first.load().players.size() == 1);
}

namespace {

std::vector<std::string> names_in(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("backup refuses every target that would destroy a database, writing nothing") {
  TempDir dir;
  const std::string own = dir.file("own.db");
  store::Store db(own, store::Sync::Normal);
  EngineFixture f;
  f.run(AddPlayer{"Ana", "pa", std::nullopt, std::nullopt, std::nullopt});
  db.commit(everything(f.engine.state()), f.engine.state());
  const std::string other = dir.file("other.db");
  write_text(other, "precious");
  std::filesystem::create_directory(dir.file("folder"));
  const auto before = names_in(dir.path());

  auto refusal = [&](const std::string& target, bool overwrite) {
    try {
      db.backup(target, overwrite);
    } catch (const store::BackupError& e) {
      return std::string(e.what());
    }
    return std::string("(written)");
  };
  CHECK_THAT(refusal("", true), Catch::Contains("backup path is empty"));
  CHECK_THAT(refusal(own, true), Catch::Contains("this daemon's own database"));
  CHECK_THAT(refusal(dir.path() + "/./own.db", true), Catch::Contains("own database"));
  CHECK_THAT(refusal(own + "-wal", true), Catch::Contains("ends in -wal"));
  CHECK_THAT(refusal(dir.file("x.db-shm"), true), Catch::Contains("ends in -shm"));
  CHECK_THAT(refusal(dir.file("x.db-journal"), true), Catch::Contains("ends in -journal"));
  // Another name for the same inode is the same database.
  std::filesystem::create_symlink(own, dir.file("alias.db"));
  CHECK_THAT(refusal(dir.file("alias.db"), true), Catch::Contains("own database"));
  std::filesystem::remove(dir.file("alias.db"));
  CHECK_THAT(refusal(other, false),
             Catch::Contains(other + " exists; pass --overwrite to replace it"));
  CHECK_THAT(refusal(dir.file("folder"), true), Catch::Contains("is a directory"));
  CHECK_THAT(refusal(dir.file("no/such/dir/x.db"), false), Catch::Contains("cannot create"));
  // A stale companion of an earlier database counts as an existing target.
  write_text(dir.file("gone.db-wal"), "stale");
  CHECK_THAT(refusal(dir.file("gone.db"), false),
             Catch::Contains("gone.db-wal exists; pass --overwrite"));
  std::filesystem::remove(dir.file("gone.db-wal"));

  CHECK(names_in(dir.path()) == before);  // no temporary file left behind
  CHECK(read_text(other) == "precious");
  CHECK(db.load() == f.engine.state());  // and the store still works
  CHECK_NOTHROW(db.commit(everything(f.engine.state()), f.engine.state()));
}

TEST_CASE("backup with overwrite replaces a file and the stale companions of its database") {
  TempDir dir;
  store::Store db(dir.file("own.db"), store::Sync::Normal);
  EngineFixture f;
  f.run(AddPlayer{"Ana", "pa", std::nullopt, std::nullopt, std::nullopt});
  db.commit(everything(f.engine.state()), f.engine.state());
  const std::string target = dir.file("copy.db");
  write_text(target, "old");
  write_text(target + "-wal", "stale wal");
  write_text(target + "-shm", "stale shm");
  db.backup(target, true);
  CHECK_FALSE(std::filesystem::exists(target + "-wal"));
  CHECK_FALSE(std::filesystem::exists(target + "-shm"));
  // Only the copy was added: no temporary file is left (own.db.key is the
  // database's key file, docs/storage.md "Secrets"; a backup copies only
  // the database).
  CHECK(names_in(dir.path()) ==
        std::vector<std::string>{"copy.db", "own.db", "own.db-shm", "own.db-wal", "own.db.key"});
  CHECK(truinlag::check_database(target).problems.empty());
  {
    SQLite::Database copy(target, SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("SELECT name FROM players").getString() == "Ana");
  }
  // The copy is the organisers' data, passphrases included: owner only.
  CHECK((std::filesystem::status(target).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
}

TEST_CASE("a Catch writes only what changed: new periods, drawn challenges, the grace timer") {
  // Periods, members and completed challenges already on disk are not
  // rewritten (issue 15): a Catch costs the same late in a game day as at
  // its start. Returning to delete + re-insert makes this count grow.
  TempDir dir;
  GameWorld w(20);
  store::Store db(dir.file("s.db"), store::Sync::Normal);
  db.commit(everything(w.engine.state()), w.engine.state());
  REQUIRE(db.load() == w.engine.state());  // the writer knows what is on disk
  Persisted run{w, db};
  run(Start{w.session});
  const TeamId runner = w.runner();
  const TeamId catcher = w.catcher();
  for (int i = 0; i < 3; ++i) {
    w.now += kMinute;
    run(truinlag::Complete{w.session, runner, 0, w.period_of(runner)});
  }
  const std::size_t dropped = w.team(runner).team.challenges.size();
  w.now += kMinute;
  run(truinlag::Catch{w.session, catcher, runner, w.period_of(catcher)});
  const std::size_t drawn = w.team(catcher).team.challenges.size();
  REQUIRE(drawn > 0);
  REQUIRE(dropped > 0);
  INFO("rows written by the Catch: " << db.last_commit_rows());
  // Two team rows, one new period each, the new catcher's drawn challenges
  // in, the new runner's open challenges out, the new grace-period timer.
  CHECK(db.last_commit_rows() == static_cast<std::int64_t>(2 + 2 + drawn + dropped + 1));
}

TEST_CASE("a Start that resets periods and track, then grows them back in one batch, loads back") {
  // Start clears a team's periods and track; the same commit (one loop
  // turn) may already hold new locations and periods. The old game's rows
  // must go even when the new ones outnumber them.
  TempDir dir;
  GameWorld w(20);
  store::Store db(dir.file("s.db"), store::Sync::Normal);
  db.commit(everything(w.engine.state()), w.engine.state());
  REQUIRE(db.load() == w.engine.state());
  Persisted run{w, db};
  run(Start{w.session});
  const TeamId first_runner = w.runner();
  for (int i = 0; i < 2; ++i) {
    w.now += 20'000;
    for (TeamId t : {w.blau, w.rot}) {
      run(SendLocation{w.session, w.player_of(t), at(47.37 + 0.001 * i, 8.54, w.now, 10)});
    }
  }
  w.now += kMinute;
  run(truinlag::Complete{w.session, first_runner, 0, w.period_of(first_runner)});
  run(Stop{w.session});
  REQUIRE(w.team(w.blau).track.size() == 2);
  REQUIRE(w.team(w.rot).track.size() == 2);

  store::ChangeSet batch;
  auto add = [&](const Command& c) {
    auto outcome = w.run(c);
    if (auto* failure = std::get_if<Failure>(&outcome.result)) {
      FAIL("refused: " << describe(failure->error));
    }
    batch.add(outcome);
  };
  w.now += kMinute;
  add(Start{w.session});
  const TeamId runner = w.runner();
  for (int i = 0; i < 4; ++i) {
    w.now += 20'000;
    for (TeamId t : {w.blau, w.rot}) {
      add(SendLocation{w.session, w.player_of(t), at(46.0 + 0.001 * i, 7.0, w.now, 10)});
    }
  }
  for (int i = 0; i < 2; ++i) {
    w.now += kMinute;
    add(truinlag::Complete{w.session, runner, 0, w.period_of(runner)});
  }
  REQUIRE(w.team(w.blau).track.size() == 4);
  REQUIRE(w.team(w.rot).track.size() == 4);
  REQUIRE(w.team(runner).team.periods.size() == 2);
  db.commit(batch, w.engine.state());
  CHECK(db.load().teams == w.engine.state().teams);
}

TEST_CASE("the name check of a batch leaves no read open: the WAL can be checkpointed") {
  // Two players in one batch make the writer read their names on disk; a
  // statement left on its row would pin the WAL (it grew without bound).
  TempDir dir;
  EngineFixture f;
  store::Store db(dir.file("s.db"), store::Sync::Normal);
  store::ChangeSet batch;
  for (const char* name : {"Ana", "Bo"}) {
    batch.add(
        f.run(AddPlayer{name, std::string("p-") + name, std::nullopt, std::nullopt, std::nullopt}));
  }
  db.commit(batch, f.engine.state());
  REQUIRE(db.load() == f.engine.state());
  batch = {};
  batch.add(f.run(SetPlayerPhone{1, "+41"}));
  batch.add(f.run(SetPlayerPhone{2, "+42"}));
  db.commit(batch, f.engine.state());
  SQLite::Database other(dir.file("s.db"), SQLite::OPEN_READWRITE);
  SQLite::Statement checkpoint(other, "PRAGMA wal_checkpoint(TRUNCATE)");
  REQUIRE(checkpoint.executeStep());
  CHECK(checkpoint.getColumn(0).getInt() == 0);  // not blocked by a reader
}

// Issue 17: secrets only as keyed hashes, under the key file beside the
// database.
TEST_CASE("the key file: created 0600 at first start, reused, refused when others may read it") {
  TempDir dir;
  const std::string path = dir.file("k.db");
  const std::string key = path + ".key";
  std::string first_hash;
  {
    store::Store db(path, store::Sync::Normal);
    struct stat info {};
    REQUIRE(::stat(key.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(info.st_size == 32);
    first_hash = db.secrets().hash("geheim");
    CHECK(first_hash.size() == 64);
    CHECK(first_hash != engine::fake_secrets().hash("geheim"));
    CHECK(db.secrets().new_token().size() == 64);  // 256 bits in hex
    CHECK(db.secrets().new_token() != db.secrets().new_token());
  }
  {
    store::Store again(path, store::Sync::Normal);  // the same key: the same hashes
    CHECK(again.secrets().hash("geheim") == first_hash);
  }
  REQUIRE(::chmod(key.c_str(), 0644) == 0);
  CHECK_THROWS_WITH(store::Store(path, store::Sync::Normal),
                    Catch::Contains("mode 644") && Catch::Contains("chmod 600"));
  REQUIRE(::chmod(key.c_str(), 0600) == 0);
  {
    std::ofstream out(key, std::ios::app);
    out << "x";
  }
  CHECK_THROWS_WITH(store::Store(path, store::Sync::Normal), Catch::Contains("33 bytes, not 32"));
  // Another database has its own key.
  store::Store other(dir.file("other.db"), store::Sync::Normal);
  CHECK(other.secrets().hash("geheim") != first_hash);
}

TEST_CASE("schema 5 turns plaintext passphrases into hashes; the player is still found") {
  TempDir dir;
  const std::string path = dir.file("v4.db");
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (std::size_t v = 0; v < 4; ++v) old.exec(std::string(store::migrations()[v]));
    old.exec("PRAGMA user_version = 4");
    old.exec("INSERT INTO players (id, name, passphrase) VALUES (7, 'Ana', ' Grüne Wiese')");
    old.exec("INSERT INTO players (id, name, passphrase) VALUES (8, 'Bo', 'dachs')");
    old.exec("INSERT INTO next_ids VALUES ('player', 9)");
  }
  {
    store::Store migrated(path, store::Sync::Full);
    CHECK(migrated.schema_version() == store::current_schema_version());
    engine::Engine engine(migrated.load(), 1, migrated.secrets());
    const std::string& stored = engine.state().players.at(7).passphrase;
    CHECK(stored == engine::passphrase_hash(migrated.secrets(), "grüne wiese"));
    CHECK(engine.player_by_passphrase("grüne wiese") == 7);
    CHECK(engine.player_by_passphrase("DACHS") == 8);
    const Result found = engine.execute(GetPlayerByPassphrase{"Grüne Wiese"}, kMorning).result;
    CHECK(std::get<PlayerResult>(found).player.name == "Ana");
  }
  // The file holds no plaintext passphrase any more.
  SQLite::Database file(path, SQLite::OPEN_READONLY);
  SQLite::Statement rows(file, "SELECT passphrase FROM players");
  while (rows.executeStep()) {
    const std::string value = rows.getColumn(0).getString();
    CHECK(value.size() == 64);
    CHECK(value.find("Wiese") == std::string::npos);
    CHECK(value != "dachs");
  }
  CHECK(truinlag::check_database(path).problems.empty());
}

TEST_CASE("tokens survive a restart; a revoked one stays revoked") {
  TempDir dir;
  const std::string path = dir.file("t.db");
  std::string admin, tv;
  {
    store::Store db(path, store::Sync::Full);
    engine::Engine engine(db.load(), 1, db.secrets());
    auto run = [&](const Command& command) {
      engine::Outcome outcome = engine.execute(command, kMorning);
      store::ChangeSet changes;
      changes.add(outcome);
      db.commit(changes, engine.state());
      return outcome.result;
    };
    admin = std::get<TokenCreated>(run(AddToken{"orga", TokenRole::Admin})).secret;
    tv = std::get<TokenCreated>(run(AddToken{"tv", TokenRole::Spectator})).secret;
    const std::string gone = std::get<TokenCreated>(run(AddToken{"old", TokenRole::Admin})).secret;
    CHECK(std::holds_alternative<Success>(run(RevokeToken{"old"})));
    CHECK(db.load() == engine.state());
    // Only hashes on disk.
    SQLite::Database file(path, SQLite::OPEN_READONLY);
    SQLite::Statement rows(file, "SELECT secret_hash FROM tokens");
    int count = 0;
    while (rows.executeStep()) {
      const std::string hash = rows.getColumn(0).getString();
      CHECK(hash != admin);
      CHECK(hash != tv);
      ++count;
    }
    CHECK(count == 2);
    CHECK_FALSE(engine.token_role(gone).has_value());
  }
  store::Store reopened(path, store::Sync::Full);
  engine::Engine engine(reopened.load(), 1, reopened.secrets());
  CHECK(engine.token_role(admin) == TokenRole::Admin);
  CHECK(engine.token_role(tv) == TokenRole::Spectator);
  CHECK(engine.state().tokens.size() == 2);
  CHECK(engine.state().next.token == 4);
}
