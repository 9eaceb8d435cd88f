// A truinlagd child process on a temporary socket and database, for the
// benchmark: started fresh so every run measures the same empty daemon.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace truinlag::bench {

class DaemonProcess {
 public:
  // Starts `binary` with a socket and a database in a new directory under
  // $TMPDIR (or /tmp), plus `extra_args`. Returns once the socket file
  // exists; throws std::runtime_error if the daemon does not come up.
  // A non-empty `database` is used instead of a new one (a restart).
  DaemonProcess(const std::string& binary, const std::vector<std::string>& extra_args,
                const std::string& database = "");
  // Stops the daemon (SIGTERM, then SIGKILL after 5 s) and removes the
  // directory.
  ~DaemonProcess();

  // Not copyable: it owns a child process.
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  const std::string& socket_path() const { return socket_path_; }
  const std::string& database_path() const { return database_path_; }
  pid_t pid() const { return pid_; }

 private:
  std::string directory_;
  std::string socket_path_;
  std::string database_path_;
  pid_t pid_ = -1;
};

// The resident set size of process `pid` in bytes (VmRSS of
// /proc/<pid>/status); 0 if it cannot be read.
std::uint64_t resident_bytes(pid_t pid);

// CPU seconds (user + system) process `pid` used so far, from
// /proc/<pid>/stat; 0 if it cannot be read.
double cpu_seconds(pid_t pid);

// Where truinlagd is when none was named: next to this program, or in the
// build dir's truinlagd/ beside the bench/ dir this program was built in.
std::string find_daemon_binary();

}  // namespace truinlag::bench
