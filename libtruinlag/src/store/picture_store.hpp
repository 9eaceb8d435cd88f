// The pictures' own SQLite file, beside the database ("<database>.pictures").
//
// Why a second file: SQLite lets one writer at a time into a file, and the
// game's commits run on the loop thread. A 4 MiB photo written in the same
// file would hold that lock (and an fsync) while every SendLocation waits;
// in its own file, written and fsynced by a pool thread before the upload
// is attached in the game database, a day of proof photos costs the loop
// nothing and never sits in the engine's memory (game-rules section 7).
//
// Order of the two commits: the picture first, then the engine's change
// that refers to it; an upload is acknowledged only after both. A crash
// between them leaves a picture no one refers to (never acknowledged,
// harmless; docs/storage.md). Pictures are never deleted: past games keep
// referring to them after players and teams are gone.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "pictures/jpeg.hpp"
#include "store/store.hpp"
#include "truinlag/past_game.hpp"

namespace truinlag::store {

enum class PictureKind : std::uint8_t { Profile, Proof };

class PictureStore {
 public:
  // The picture file that belongs to the database at `database_path`.
  static std::string path_for(const std::string& database_path);

  // Opens (creating if missing) and migrates the file, on the loop thread
  // at start-up; throws StoreError naming the problem.
  PictureStore(const std::string& database_path, Sync sync);
  ~PictureStore();

  const std::string& path() const { return path_; }

  // Stores `pictures` in one transaction and commits (fsync with
  // Sync::Full); returns their new ids in order. Any thread; writers take
  // turns. Throws StoreError.
  std::vector<PictureId> put(const std::vector<pictures::Prepared>& pictures, PictureKind kind,
                             Timestamp now);

  // The pictures (or the profile pictures' thumbnails) among `ids`, in the
  // order asked, unknown ids (and, for thumbnails, proof photos) skipped,
  // each id once. If together they would exceed `max_bytes`, nothing is
  // read and the answer is the sentence saying so. Any thread: each call
  // reads through its own read-only connection, beside the writer (WAL).
  std::variant<std::vector<Picture>, std::string> get(const std::vector<PictureId>& ids,
                                                      bool thumbnails, std::size_t max_bytes) const;

  // How many pictures and bytes are stored (tests, logs).
  struct Totals {
    std::int64_t count = 0;
    std::int64_t bytes = 0;
  };
  Totals totals() const;

  // A copy beside a database backup (`<target>.pictures`), with the
  // refusals of store/backup.hpp. Loop thread.
  void backup(const std::string& database_target, bool overwrite);

 private:
  std::string path_;
  Sync sync_;
  mutable std::mutex writer_mutex_;
  std::unique_ptr<SQLite::Database> writer_;  // guarded by writer_mutex_
};

// integrity_check of the picture file of `database_path`, read-only; empty
// when healthy or absent (`truinlagd --check`).
std::vector<std::string> check_picture_file(const std::string& database_path);

}  // namespace truinlag::store
