// Claiming a socket path for one daemon.
//
// A daemon owns "<socket>.lock" through flock() for its whole life; the
// kernel drops the lock when the process dies, even by SIGKILL, so a crash
// never leaves the path blocked. Holding the lock, the daemon may replace a
// socket file nobody answers on (left by a crash) but never a live one,
// and never a file that is not a socket.
#pragma once

#include <string>

namespace truinlag::server {

class SocketGuard {
 public:
  // Takes the lock and clears a stale socket file; throws StartupError.
  // `private_dir`: first make the socket's directory private (access.hpp).
  SocketGuard(std::string socket_path, bool private_dir);
  // Releases the lock (the files are removed by remove_files()).
  ~SocketGuard();

  SocketGuard(const SocketGuard&) = delete;
  SocketGuard& operator=(const SocketGuard&) = delete;

  const std::string& socket_path() const { return socket_path_; }
  std::string lock_path() const { return socket_path_ + ".lock"; }

  // Removes the socket file and the lock file (clean shutdown).
  void remove_files();

 private:
  std::string socket_path_;
  int lock_fd_ = -1;
};

}  // namespace truinlag::server
