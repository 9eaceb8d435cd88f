#include "store/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/store_error.hpp"

namespace truinlag::store {

bool identity_of(const std::string& path, FileIdentity& identity) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return false;
  identity = {info.st_dev, info.st_ino};
  return true;
}

DatabaseLock::DatabaseLock(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw StoreError("cannot open database " + path + ": " + std::strerror(errno));
  }
  // Closing fd_ on the failures below is safe: SQLite has not opened the
  // file in this process yet, so there are no POSIX locks to lose.
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const bool held = errno == EWOULDBLOCK;
    const std::string why = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    if (held) {
      throw StoreError("database " + path +
                         " is in use by another truinlagd (it holds the file's lock); "
                         "refusing to start a second daemon on it");
    }
    throw StoreError("cannot lock database " + path + ": " + why);
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw StoreError("cannot inspect database " + path + ": " + why);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw StoreError("database " + path + " is not a regular file");
  }
  identity_ = {info.st_dev, info.st_ino};
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace truinlag::store
