#include "store/store.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "store/backup.hpp"
#include "store/journal_writer.hpp"
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

namespace {

auth::SecretKey open_key(const std::string& database_path) {
  try {
    return auth::SecretKey::open(auth::SecretKey::path_for(database_path));
  } catch (const auth::KeyError& e) {
    throw StoreError(e.what());
  }
}

// truinlag_passphrase_hash(text): the stored form of a passphrase, for the
// migration that replaced plaintext passphrases by hashes (schema.cpp).
void passphrase_hash_function(sqlite3_context* context, int, sqlite3_value** values) {
  const auto* key = static_cast<const auth::SecretKey*>(sqlite3_user_data(context));
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(values[0]));
  const std::string plain =
      text ? std::string(text, static_cast<std::size_t>(sqlite3_value_bytes(values[0])))
           : std::string();
  const engine::Secrets secrets{[key](std::string_view s) { return key->hash(s); }, {}};
  const std::string hash = engine::passphrase_hash(secrets, plain);
  sqlite3_result_text(context, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
}

}  // namespace

engine::Secrets Store::secrets() const {
  const auth::SecretKey key = key_;
  return engine::Secrets{[key](std::string_view secret) { return key.hash(secret); },
                         [] { return auth::random_hex(32); }};
}

Store::Store(const std::string& path, Sync sync) : path_(path), lock_(path), key_(open_key(path)) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (sqlite3_create_function_v2(db_->getHandle(), "truinlag_passphrase_hash", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   const_cast<auth::SecretKey*>(&key_), passphrase_hash_function,
                                   nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw StoreError("cannot open database " + path + ": cannot register the hash function");
    }
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

void Store::commit(const ChangeSet& changes, const engine::State& state, const Journal* journal) {
  last_commit_rows_ = 0;
  const bool journal_pending = journal != nullptr && journal->has_pending();
  if (changes.empty() && !journal_pending) return;
  const sqlite3_int64 before = sqlite3_total_changes64(db_->getHandle());
  SQLite::Transaction transaction(*db_);
  if (!changes.empty()) writer_->write(changes, state);
  if (journal_pending) write_journal(*journal);
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
