// One daemon per database file.
//
// The daemon holds an exclusive flock() on its database file for its whole
// life, on a descriptor of its own, so that no second truinlagd serves (and
// writes) the same file, and so that a `backup` of another daemon can see
// that a file is somebody's live database. The kernel drops the lock when
// the process dies, even by SIGKILL.
//
// flock() locks are independent of the POSIX (fcntl) locks SQLite uses on
// Linux. But POSIX locks belong to the process and the inode: closing ANY
// descriptor of the file drops all of them, SQLite's included. So this
// descriptor stays open until SQLite has closed the database, and nothing
// else in the daemon may open and close the database file: compare
// identities (same_file) instead.
#pragma once

#include <sys/types.h>

#include <string>

namespace truinlag::store {

// Device and inode of a file: what "the same file" means, whatever the path.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// The identity of the file at `path` by stat() (following symbolic links;
// nothing is opened); false if there is none.
bool identity_of(const std::string& path, FileIdentity& identity);

class DatabaseLock {
 public:
  // Opens (creating if missing, mode 0644 like SQLite) and locks `path`;
  // throws StoreError if another process holds it.
  explicit DatabaseLock(const std::string& path);
  ~DatabaseLock();

  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

  const FileIdentity& identity() const { return identity_; }

 private:
  int fd_ = -1;
  FileIdentity identity_;
};

}  // namespace truinlag::store
