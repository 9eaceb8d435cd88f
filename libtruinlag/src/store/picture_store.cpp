#include "store/picture_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <set>

#include "store/backup.hpp"
#include "store/database_lock.hpp"
#include "store/store_error.hpp"

namespace truinlag::store {
namespace {

constexpr int kPictureSchemaVersion = 1;

// Large pages: a 4 MiB photo is 64 overflow pages instead of a thousand.
// (page_size only takes effect before the first table exists.)
constexpr std::string_view kSchema = R"sql(
PRAGMA page_size = 65536;
CREATE TABLE pictures (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused
  kind      TEXT NOT NULL CHECK (kind IN ('profile', 'proof')),
  width     INTEGER NOT NULL,
  height    INTEGER NOT NULL,
  created   INTEGER NOT NULL,                   -- ms since the epoch
  jpeg      BLOB NOT NULL,
  thumbnail BLOB,                               -- profile pictures only
  CHECK ((kind = 'profile') = (thumbnail IS NOT NULL))
);
)sql";

int busy_ms() { return 10000; }

}  // namespace

std::string PictureStore::path_for(const std::string& database_path) {
  return database_path + ".pictures";
}

PictureStore::PictureStore(const std::string& database_path, Sync sync)
    : path_(path_for(database_path)), sync_(sync) {
  try {
    writer_ =
        std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer_->setBusyTimeout(busy_ms());
    const int version = writer_->execAndGet("PRAGMA user_version").getInt();
    if (version > kPictureSchemaVersion) {
      throw StoreError("picture file " + path_ + " has schema version " + std::to_string(version) +
                       ", newer than this truinlagd (" + std::to_string(kPictureSchemaVersion) +
                       "); refusing to touch it");
    }
    if (version == 0) writer_->exec(std::string(kSchema).substr(0, kSchema.find(';') + 1));
    writer_->exec("PRAGMA journal_mode=WAL");
    writer_->exec(sync == Sync::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (version == 0) {
      SQLite::Transaction transaction(*writer_);
      writer_->exec(std::string(kSchema).substr(kSchema.find(';') + 1));
      writer_->exec("PRAGMA user_version=" + std::to_string(kPictureSchemaVersion));
      transaction.commit();
    }
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot open picture file " + path_ + ": " + e.what());
  }
}

PictureStore::~PictureStore() = default;

std::vector<PictureId> PictureStore::put(const std::vector<pictures::Prepared>& pictures,
                                         PictureKind kind, Timestamp now) {
  std::vector<PictureId> ids;
  const std::lock_guard lock(writer_mutex_);
  try {
    SQLite::Transaction transaction(*writer_);
    SQLite::Statement insert(*writer_,
                             "INSERT INTO pictures (kind, width, height, created, jpeg, thumbnail) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
    for (const pictures::Prepared& picture : pictures) {
      insert.bind(1, kind == PictureKind::Profile ? "profile" : "proof");
      insert.bind(2, picture.header.width);
      insert.bind(3, picture.header.height);
      insert.bind(4, static_cast<std::int64_t>(now));
      // SQLITE_STATIC: the bytes outlive the statement's step.
      insert.bindNoCopy(5, picture.jpeg.data(), static_cast<int>(picture.jpeg.size()));
      if (picture.thumbnail) {
        insert.bindNoCopy(6, picture.thumbnail->data(),
                          static_cast<int>(picture.thumbnail->size()));
      } else {
        insert.bind(6);
      }
      insert.exec();
      insert.reset();
      insert.clearBindings();
      ids.push_back(writer_->getLastInsertRowid());
    }
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    throw StoreError("storing " + std::to_string(pictures.size()) + " picture(s) in " + path_ +
                     " failed: " + e.what());
  }
  return ids;
}

std::variant<std::vector<Picture>, std::string> PictureStore::get(const std::vector<PictureId>& ids,
                                                                  bool thumbnails,
                                                                  std::size_t max_bytes) const {
  try {
    SQLite::Database reader(path_, SQLite::OPEN_READONLY);
    reader.setBusyTimeout(busy_ms());
    const std::string column = thumbnails ? "thumbnail" : "jpeg";
    // Sizes first, so an answer that cannot fit reads no blob at all.
    SQLite::Statement size(reader, "SELECT length(" + column + ") FROM pictures WHERE id = ? AND " +
                                       column + " IS NOT NULL");
    std::vector<PictureId> found;
    std::set<PictureId> seen;
    std::size_t total = 0;
    for (PictureId id : ids) {
      if (!seen.insert(id).second) continue;
      size.bind(1, static_cast<std::int64_t>(id));
      if (size.executeStep()) {
        found.push_back(id);
        total += static_cast<std::size_t>(size.getColumn(0).getInt64());
      }
      size.reset();
    }
    if (total > max_bytes) {
      return std::to_string(found.size()) + " pictures of " + std::to_string(total) +
             " bytes together exceed the answer limit of " + std::to_string(max_bytes) +
             " bytes; ask for fewer at a time";
    }
    std::vector<Picture> pictures;
    SQLite::Statement read(reader, "SELECT " + column + " FROM pictures WHERE id = ?");
    for (PictureId id : found) {
      read.bind(1, static_cast<std::int64_t>(id));
      if (read.executeStep()) {
        const SQLite::Column blob = read.getColumn(0);
        pictures.push_back(Picture{id, std::string(static_cast<const char*>(blob.getBlob()),
                                                   static_cast<std::size_t>(blob.getBytes()))});
      }
      read.reset();
    }
    return pictures;
  } catch (const SQLite::Exception& e) {
    throw StoreError("reading pictures from " + path_ + " failed: " + e.what());
  }
}

PictureStore::Totals PictureStore::totals() const {
  const std::lock_guard lock(writer_mutex_);
  SQLite::Statement query(*writer_,
                          "SELECT count(*), coalesce(sum(length(jpeg) + "
                          "coalesce(length(thumbnail), 0)), 0) FROM pictures");
  query.executeStep();
  return Totals{query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
}

void PictureStore::backup(const std::string& database_target, bool overwrite) {
  FileIdentity identity;
  identity_of(path_, identity);
  const std::lock_guard lock(writer_mutex_);
  write_backup(*writer_, OwnDatabase{path_, identity}, path_for(database_target), overwrite);
}

std::vector<std::string> check_picture_file(const std::string& database_path) {
  const std::string path = PictureStore::path_for(database_path);
  FileIdentity identity;
  if (!identity_of(path, identity)) return {};
  std::vector<std::string> problems;
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement check(db, "PRAGMA integrity_check");
    while (check.executeStep()) {
      const std::string line = check.getColumn(0).getString();
      if (line != "ok") problems.push_back("picture file " + path + ": " + line);
    }
  } catch (const SQLite::Exception& e) {
    problems.push_back("picture file " + path + ": " + e.what());
  }
  return problems;
}

}  // namespace truinlag::store
