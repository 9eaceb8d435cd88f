// The prepared statements of the journal's rows (journal_store.cpp).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "store/store.hpp"

namespace truinlag::store {

// Statements prepared once: a commit of a batch of locations appends a
// row per broadcast.
struct Store::JournalWriter {
  explicit JournalWriter(SQLite::Database& db)
      : insert_entry(db,
                     "INSERT INTO broadcast_log (seq, at, session_id, audience, event, format) "
                     "VALUES (?, ?, ?, ?, ?, ?)"),
        trim(db, "DELETE FROM broadcast_log WHERE seq <= ?"),
        insert_answer(db,
                      "INSERT OR REPLACE INTO answers (principal, key, at, result, format) "
                      "VALUES (?, ?, ?, ?, ?)"),
        expire(db, "DELETE FROM answers WHERE at < ?") {}
  SQLite::Statement insert_entry;
  SQLite::Statement trim;
  SQLite::Statement insert_answer;
  SQLite::Statement expire;
};

}  // namespace truinlag::store
