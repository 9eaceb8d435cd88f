// Test support: the real truinlagd binary as a child process, and a raw
// socket peer for speaking (or abusing) the protocol byte by byte.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "truinlag/messages.hpp"

namespace truinlag::testing {

// A fresh temporary directory, removed with its content on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

class DaemonProcess {
 public:
  // Starts $TRUINLAGD with --socket/--db and extra arguments; does not wait.
  // `file_size_limit` > 0 caps the files the daemon may write (RLIMIT_FSIZE),
  // to provoke a failing commit.
  DaemonProcess(const std::string& socket, const std::string& db,
                std::vector<std::string> extra_args = {}, long file_size_limit = 0);
  // Kills the daemon if it still runs.
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Waits until the log says "listening on"; false if it exited or timed out.
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for the exit; the exit code, or nullopt on timeout. A death by
  // signal is reported as 128 + signal, like a shell does.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  void send_signal(int signal);
  pid_t pid() const { return pid_; }
  bool running();
  // Resident memory in KiB, from /proc.
  long rss_kib() const;
  // Everything the daemon wrote to stderr so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

// Runs a command line through /bin/sh; returns exit code and stdout.
struct CommandResult {
  int exit_code = -1;
  std::string out;
};
CommandResult run_command(const std::string& command_line);

// A raw protocol peer over a unix socket, for tests that need to send
// exactly the bytes they choose.
class RawPeer {
 public:
  explicit RawPeer(const std::string& socket);
  ~RawPeer();
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void close();
  // Writes all bytes (false once the daemon hung up).
  bool write_bytes(std::string_view bytes);
  bool send(const ClientMessage& message);
  void shutdown_write();
  // Reads the next frame and decodes it; nullopt on end of stream, timeout
  // or an undecodable frame.
  std::optional<ServerMessage> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True if the daemon closed the connection within the timeout (any
  // frames still arriving first are skipped).
  bool closed_within(std::chrono::milliseconds timeout);

  // Reads frames until the daemon closes the connection (or the timeout
  // passes without a frame).
  struct Ending {
    std::vector<ServerMessage> frames;
    bool closed = false;
    double ms = 0;  // from the call until end of stream was seen
  };
  Ending read_until_closed(std::chrono::milliseconds timeout);
  bool eof() const { return eof_; }
  // Every byte received so far (frames already handed out included).
  const std::string& received_bytes() const { return everything_; }

 private:
  bool fill(std::size_t bytes, std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
  std::string everything_;  // every byte received, for greps
  bool eof_ = false;
};

}  // namespace truinlag::testing
