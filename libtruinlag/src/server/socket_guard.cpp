#include "server/socket_guard.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/access.hpp"
#include "server/log.hpp"
#include "truinlag/server.hpp"

namespace truinlag::server {
namespace {

std::string errno_text() { return std::strerror(errno); }

// True if something accepts connections on the unix socket at path.
bool socket_is_live(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  const bool live = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return live;
}

}  // namespace

SocketGuard::SocketGuard(std::string socket_path, bool private_dir)
    : socket_path_(std::move(socket_path)) {
  if (socket_path_.empty()) throw StartupError("no socket path given");
  if (socket_path_.size() >= sizeof(sockaddr_un{}.sun_path)) {
    throw StartupError("socket path is too long (max " +
                       std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) +
                       " bytes): " + socket_path_);
  }
  // Before the lock file is created in it: the lock must not be in a
  // directory someone else controls either.
  if (private_dir) {
    if (auto problem = make_private_directory(directory_of(socket_path_), ::geteuid())) {
      throw StartupError(*problem);
    }
  }
  const std::string lock = lock_path();
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw StartupError("cannot open lock file " + lock + ": " + errno_text());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const bool held = errno == EWOULDBLOCK;
    const std::string why = errno_text();
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (held) {
      throw StartupError("another truinlagd is already serving " + socket_path_ + " (" + lock +
                         " is locked)");
    }
    throw StartupError("cannot lock " + lock + ": " + why);
  }

  struct stat info {};
  if (::lstat(socket_path_.c_str(), &info) != 0) {
    if (errno == ENOENT) return;
    const std::string why = errno_text();
    ::close(lock_fd_);
    throw StartupError("cannot inspect " + socket_path_ + ": " + why);
  }
  std::string problem;
  if (!S_ISSOCK(info.st_mode)) {
    problem = socket_path_ + " exists and is not a socket; refusing to remove it";
  } else if (socket_is_live(socket_path_)) {
    problem = "a live server answers on " + socket_path_ + "; refusing to replace it";
  } else if (::unlink(socket_path_.c_str()) != 0) {
    problem = "cannot remove stale socket " + socket_path_ + ": " + errno_text();
  }
  if (!problem.empty()) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw StartupError(problem);
  }
  log::info("replaced stale socket ", socket_path_, " left by an earlier run");
}

SocketGuard::~SocketGuard() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void SocketGuard::remove_files() {
  ::unlink(socket_path_.c_str());
  // Unlinked while still locked, so a daemon starting right now either
  // sees our lock or creates a fresh file.
  ::unlink(lock_path().c_str());
}

}  // namespace truinlag::server
