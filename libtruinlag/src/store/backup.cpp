#include "store/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

namespace truinlag::store {
namespace {

namespace fs = std::filesystem;

// The files SQLite keeps next to a database X: X-wal, X-shm, X-journal. A
// file of such a name is read as part of X, so a copy must never be one.
constexpr std::array<std::string_view, 3> kCompanions{"-wal", "-shm", "-journal"};

std::string errno_text() { return std::strerror(errno); }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string normal_absolute(const std::string& path) {
  std::error_code ignored;
  fs::path absolute = fs::absolute(path, ignored);
  if (absolute.empty()) absolute = path;
  return absolute.lexically_normal().string();
}

// A descriptor closed on every path out. Only ever for files that are not
// the daemon's own database (closing one of those would drop SQLite's
// POSIX locks, see database_lock.hpp).
struct Descriptor {
  int fd = -1;
  Descriptor() = default;
  explicit Descriptor(int f) : fd(f) {}
  Descriptor(Descriptor&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// The pid of another process holding a POSIX lock anywhere in the file
// (an SQLite connection does while it reads or writes, and on the -shm
// file for as long as it has a WAL database open); 0 if none. Only asks:
// F_GETLK never takes a lock.
pid_t posix_lock_holder(int fd) {
  struct flock query {};
  query.l_type = F_WRLCK;
  query.l_whence = SEEK_SET;
  query.l_start = 0;
  query.l_len = 0;  // to the end of the file and beyond
  if (::fcntl(fd, F_GETLK, &query) != 0 || query.l_type == F_UNLCK) return 0;
  return query.l_pid != 0 ? query.l_pid : -1;  // -1: an open-file-description lock
}

// Removes the temporary copy (and what SQLite may have left beside it)
// unless it was renamed into place.
class TemporaryCopy {
 public:
  explicit TemporaryCopy(std::string path) : path_(std::move(path)) {}
  ~TemporaryCopy() {
    if (path_.empty()) return;
    ::unlink(path_.c_str());
    for (std::string_view companion : kCompanions) {
      ::unlink((path_ + std::string(companion)).c_str());
    }
  }
  TemporaryCopy(const TemporaryCopy&) = delete;
  TemporaryCopy& operator=(const TemporaryCopy&) = delete;
  const std::string& path() const { return path_; }
  void renamed() { path_.clear(); }

 private:
  std::string path_;
};

// Refuses a target that is, by path or by inode, the daemon's own database
// or one of its companion files. Nothing of the daemon's is opened.
void refuse_own_files(const OwnDatabase& own, const std::string& target) {
  std::vector<FileIdentity> identities{own.identity};
  std::vector<std::string> paths{normal_absolute(own.path)};
  for (std::string_view companion : kCompanions) {
    const std::string path = own.path + std::string(companion);
    paths.push_back(normal_absolute(path));
    if (FileIdentity identity; identity_of(path, identity)) identities.push_back(identity);
  }
  const std::string refusal = target +
                              " is this daemon's own database (or one of its files); a backup "
                              "must go to another file";
  const std::string normal = normal_absolute(target);
  for (const auto& path : paths) {
    if (path == normal) throw BackupError(refusal);
  }
  if (FileIdentity identity; identity_of(target, identity)) {
    for (const auto& own_identity : identities) {
      if (identity == own_identity) throw BackupError(refusal);
    }
  }
}

// Opens an existing file of the target's name (the target itself or a
// companion) to see whether somebody uses it; refuses if so. The returned
// descriptor holds a shared flock until the copy is in place, so no
// truinlagd can start on the file meanwhile.
Descriptor open_unused(const std::string& path, const std::string& target) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw BackupError("cannot inspect " + path + ": " + errno_text());
  }
  if (S_ISDIR(info.st_mode)) {
    throw BackupError(path + " is a directory; give the backup a file name, e.g. " +
                      (fs::path(path) / "truinlag-backup.db").string());
  }
  if (!S_ISREG(info.st_mode)) {
    throw BackupError(path + " exists and is not a regular file; refusing to replace it");
  }
  Descriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.fd < 0) throw BackupError("cannot open " + path + ": " + errno_text());
  if (::flock(file.fd, LOCK_SH | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw BackupError(target +
                        " is the database of a running truinlagd; refusing to replace it "
                        "(stop that daemon first, or choose another path)");
    }
    throw BackupError("cannot lock " + path + ": " + errno_text());
  }
  if (const pid_t holder = posix_lock_holder(file.fd); holder != 0) {
    throw BackupError(target + " is in use by another program (" +
                      (holder > 0 ? "process " + std::to_string(holder) : "a process") +
                      " holds a lock on " + path + "); refusing to replace it");
  }
  return file;
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

void fsync_directory(const std::string& directory, const std::string& target) {
  Descriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0 || ::fsync(dir.fd) != 0) {
    throw BackupError("backup written to " + target + ", but syncing " + directory + " failed (" +
                      errno_text() + "); it may not survive a power cut");
  }
}

// rename(), but failing instead of replacing when `must_not_exist` (a file
// that appeared at the target since it was checked is never replaced).
int move_into_place(const std::string& from, const std::string& to, bool must_not_exist) {
  if (must_not_exist) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
    // A file system without RENAME_NOREPLACE: link() never replaces either.
    if (::link(from.c_str(), to.c_str()) != 0) return -1;
    ::unlink(from.c_str());
    return 0;
  }
  return ::rename(from.c_str(), to.c_str());
}

}  // namespace

void write_backup(SQLite::Database& source, const OwnDatabase& own, const std::string& target,
                  bool overwrite) {
  if (target.empty()) {
    throw BackupError("backup path is empty; give the file to write, e.g. truinlag-backup.db");
  }
  for (std::string_view companion : kCompanions) {
    if (ends_with(target, companion)) {
      throw BackupError("backup path " + target + " ends in " + std::string(companion) +
                        ", the name of an SQLite database's companion file; choose another name");
    }
  }
  refuse_own_files(own, target);

  // What is there already: the target and stale companions of an earlier
  // database of that name (SQLite would read an old X-wal into a new X).
  std::vector<Descriptor> held;
  std::vector<std::string> present;
  for (const std::string& path : {target, target + "-wal", target + "-shm", target + "-journal"}) {
    if (!exists(path)) continue;
    held.push_back(open_unused(path, target));
    present.push_back(path);
  }
  if (!present.empty() && !overwrite) {
    throw BackupError(present.front() + " exists; pass --overwrite to replace " +
                      (present.front() == target ? "it" : "it and " + target));
  }

  const fs::path target_path(target);
  const std::string directory =
      target_path.has_parent_path() ? target_path.parent_path().string() : ".";
  std::string name = directory + "/." + target_path.filename().string() + ".tmp-XXXXXX";
  Descriptor temp_fd(::mkostemp(name.data(), O_CLOEXEC));  // mode 0600: the copy holds passphrases
  if (temp_fd.fd < 0) {
    throw BackupError("cannot create the backup in " + directory + ": " + errno_text());
  }
  TemporaryCopy temp(name);
  try {
    SQLite::Database copy(temp.path(), SQLite::OPEN_READWRITE);
    SQLite::Backup backup(copy, source);
    // All pages in one step: consistent and quick for our sizes.
    if (const int rc = backup.executeStep(); rc != SQLITE_DONE) {
      throw BackupError("backup to " + target + " failed: " + sqlite3_errstr(rc));
    }
  } catch (const SQLite::Exception& e) {
    throw BackupError("backup to " + target + " failed: " + e.what());
  }
  if (::fsync(temp_fd.fd) != 0) {
    throw BackupError("backup to " + target + " failed: fsync: " + errno_text());
  }
  if (move_into_place(temp.path(), target, present.empty()) != 0) {
    if (errno == EEXIST) {
      throw BackupError(target + " appeared while the backup was written; nothing replaced");
    }
    throw BackupError("backup to " + target + " failed: rename: " + errno_text());
  }
  temp.renamed();
  // The companions of the replaced database would be read into the copy.
  for (const std::string& path : present) {
    if (path != target && ::unlink(path.c_str()) != 0 && errno != ENOENT) {
      throw BackupError("backup written to " + target + ", but its stale " + path +
                        " could not be removed (" + errno_text() +
                        "); remove it before opening the copy");
    }
  }
  fsync_directory(directory, target);
}

}  // namespace truinlag::store
