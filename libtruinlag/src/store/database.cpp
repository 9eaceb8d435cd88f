#include "store/database.hpp"

#include <SQLiteCpp/Exception.h>

#include "truinlag/server.hpp"

namespace truinlag::store {

Database::Database(const std::string& path) : path_(path) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // Reading the version makes SQLite parse the header: a file that is not
    // a database fails here, at start-up, not at the first write.
    schema_version_ = db_->execAndGet("PRAGMA user_version").getInt();
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    throw StartupError("cannot open database " + path + ": " + e.what());
  }
  if (schema_version_ > kSchemaVersion) {
    throw StartupError("database " + path + " has schema version " +
                       std::to_string(schema_version_) + ", newer than this truinlagd (" +
                       std::to_string(kSchemaVersion) + "); refusing to touch it");
  }
}

}  // namespace truinlag::store
