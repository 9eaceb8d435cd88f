// The SQLite file is the truth: the engine's state is loaded from it at
// start-up, and every batch of changes is committed to it before any of
// that batch's responses or broadcasts leave the server.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "auth/secret_key.hpp"
#include "engine/outcome.hpp"
#include "engine/secrets.hpp"
#include "engine/state.hpp"
#include "store/database_lock.hpp"
#include "store/journal.hpp"

namespace truinlag::store {

// How hard a COMMIT waits for the disk (PRAGMA synchronous).
enum class Sync {
  Full,    // fsync on every commit: an acknowledged change survives a power cut
  Normal,  // WAL fsync at checkpoints only: survives a crash of the daemon,
           // a power cut may lose the last commits
};

// What one batch changed, gathered from its outcomes.
struct ChangeSet {
  std::vector<engine::ChangedEntity> entities;  // in the order first touched
  std::vector<engine::TimerKey> timers;
  bool empty() const { return entities.empty() && timers.empty(); }
  void add(const engine::Outcome& outcome);

 private:
  // What `entities` and `timers` hold, for de-duplication in O(log n): a
  // batch of many clients' locations touches hundreds of entities, and a
  // linear search per touch made adding quadratic.
  std::set<std::pair<engine::EntityKind, std::int64_t>> seen_entities_;
  std::set<engine::TimerKey> seen_timers_;
};

class Store {
 public:
  // Locks (database_lock.hpp), opens the key file `<path>.key` (creating
  // it, auth/secret_key.hpp), opens (creating if missing) and migrates the
  // file; throws StoreError naming the problem (in use by another
  // truinlagd, not a database, a newer schema, a key file others may read,
  // ...).
  Store(const std::string& path, Sync sync);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  int schema_version() const { return schema_version_; }

  // What the engine hashes secrets with: the key file's HMAC-SHA256, and
  // new token secrets of 256 bits from RAND_bytes.
  engine::Secrets secrets() const;

  // Reads the whole state.
  engine::State load();

  // The journal (broadcast log and stored answers, store/journal.hpp);
  // a database without one gets its epoch here.
  Journal load_journal(JournalWindow window);

  // Writes the rows of `changes` from `state`, and what `journal` holds
  // pending (prepare_commit() called), in one transaction and commits.
  // Throws on any failure (the caller must stop: what the state holds is
  // then ahead of the disk).
  void commit(const ChangeSet& changes, const engine::State& state,
              const Journal* journal = nullptr);

  // Rows the last commit inserted, updated or deleted (SQLite's
  // total_changes, cascaded deletes included): what tests and benchmarks
  // hold the writer to.
  std::int64_t last_commit_rows() const { return last_commit_rows_; }

  // Copies the database into `target` with SQLite's online backup (a
  // consistent snapshot, taken between two commits), through a temporary
  // file renamed into place. Throws BackupError (backup.hpp) with a
  // sentence, the target untouched, for every refusal listed there.
  void backup(const std::string& target, bool overwrite);

 private:
  class Writer;
  struct JournalWriter;
  void write_journal(const Journal& journal);
  void load_challenges(engine::State& state);
  void load_teams(engine::State& state);
  std::string path_;
  // Declared before db_, so released after SQLite closed the file.
  DatabaseLock lock_;
  // Before db_: the connection's passphrase hash function points at it.
  auth::SecretKey key_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<JournalWriter> journal_writer_;
  int schema_version_ = 0;
  std::int64_t last_commit_rows_ = 0;
};

// `truinlagd --check`: integrity_check, foreign keys and the schema
// version, read-only (nothing is migrated or written).
struct CheckReport {
  int version = 0;                    // the file's schema version
  int current = 0;                    // this build's schema version
  std::vector<std::string> problems;  // empty: healthy
};
CheckReport check_database(const std::string& path);

}  // namespace truinlag::store
