// `backup PATH`: a copy of the daemon's database that can never destroy a
// database in use.
//
// Refused, with nothing written: an empty path; the daemon's own database
// or one of its companion files (-wal, -shm, -journal; by inode, whatever
// the path); any name ending in -wal, -shm or -journal; a directory or
// other non-regular file; a file another truinlagd holds (its flock, see
// database_lock.hpp) or another SQLite program has locked, even with
// `overwrite`; an existing file (or stale companions of one) without
// `overwrite`.
//
// Otherwise the copy is written to a new temporary file in the target's
// directory, completed, fsynced and renamed into place, so the target is
// either as it was or the whole copy. See docs/storage.md.
#pragma once

#include <SQLiteCpp/Database.h>

#include <stdexcept>
#include <string>

#include "store/database_lock.hpp"

namespace truinlag::store {

// A refusal or a failure, with a sentence for the person who asked.
class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The daemon's own database, never to be opened again by path.
struct OwnDatabase {
  std::string path;
  FileIdentity identity;
};

// Throws BackupError; on any throw the target is untouched and no
// temporary file is left.
void write_backup(SQLite::Database& source, const OwnDatabase& own, const std::string& target,
                  bool overwrite);

}  // namespace truinlag::store
