// The SQLite file: opened, checked and kept for the daemon's life.
//
// Today the store only claims and validates the file (journal mode WAL,
// schema version not newer than ours); the schema, loading and group
// commit arrive with the persistence issue (#4).
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

namespace truinlag::store {

// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 0;

class Database {
 public:
  // Opens or creates the file; throws StartupError with the reason.
  explicit Database(const std::string& path);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  int schema_version() const { return schema_version_; }

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  int schema_version_ = 0;
};

}  // namespace truinlag::store
