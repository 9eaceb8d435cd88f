#include "store/store.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "store/backup.hpp"
#include "store/schema.hpp"
#include "store/store_error.hpp"
#include "store/writer.hpp"

namespace truinlag::store {

void ChangeSet::add(const engine::Outcome& outcome) {
  for (const auto& entity : outcome.changed) {
    if (seen_entities_.emplace(entity.kind, entity.id).second) entities.push_back(entity);
  }
  for (const auto& change : outcome.timers) {
    if (seen_timers_.insert(change.key).second) timers.push_back(change.key);
  }
}

Store::Store(const std::string& path, Sync sync) : path_(path), lock_(path) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // Reading the version parses the header: a file that is not a database
    // fails here, at start-up.
    schema_version_ = db_->execAndGet("PRAGMA user_version").getInt();
    const int known = current_schema_version();
    if (schema_version_ > known) {
      throw StoreError("database " + path + " has schema version " +
                       std::to_string(schema_version_) + ", newer than this truinlagd (" +
                       std::to_string(known) + "); refusing to touch it");
    }
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec(sync == Sync::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    if (schema_version_ < known) {
      // All missing migrations in one transaction: a crash half-way leaves
      // the old version intact.
      SQLite::Transaction transaction(*db_);
      for (int version = schema_version_; version < known; ++version) {
        db_->exec(std::string(migrations()[static_cast<std::size_t>(version)]));
      }
      db_->exec("PRAGMA user_version=" + std::to_string(known));
      transaction.commit();
      schema_version_ = known;
    }
    writer_ = std::make_unique<Writer>(*db_);
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot open database " + path + ": " + e.what());
  }
}

Store::~Store() = default;

void Store::commit(const ChangeSet& changes, const engine::State& state) {
  last_commit_rows_ = 0;
  if (changes.empty()) return;
  const sqlite3_int64 before = sqlite3_total_changes64(db_->getHandle());
  SQLite::Transaction transaction(*db_);
  writer_->write(changes, state);
  transaction.commit();
  last_commit_rows_ = sqlite3_total_changes64(db_->getHandle()) - before;
}

void Store::backup(const std::string& target, bool overwrite) {
  write_backup(*db_, OwnDatabase{path_, lock_.identity()}, target, overwrite);
}

CheckReport check_database(const std::string& path) {
  CheckReport report;
  report.current = current_schema_version();
  auto& problems = report.problems;
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    report.version = db.execAndGet("PRAGMA user_version").getInt();
    if (report.version > report.current) {
      problems.push_back("schema version " + std::to_string(report.version) +
                         " is newer than this truinlagd (" + std::to_string(report.current) + ")");
    }
    SQLite::Statement check(db, "PRAGMA integrity_check");
    while (check.executeStep()) {
      const std::string line = check.getColumn(0).getString();
      if (line != "ok") problems.push_back("integrity: " + line);
    }
    SQLite::Statement keys(db, "PRAGMA foreign_key_check");
    while (keys.executeStep()) {
      problems.push_back("foreign key: table " + keys.getColumn(0).getString() + " row " +
                         keys.getColumn(1).getString());
    }
  } catch (const SQLite::Exception& e) {
    problems.push_back(std::string("cannot read ") + path + ": " + e.what());
  }
  return report;
}

}  // namespace truinlag::store
