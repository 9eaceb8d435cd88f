// Test support: a scripted stand-in for truinlagd on a unix socket.
//
// Each accepted connection runs the test's script in its own thread. The
// script speaks the protocol through a FakePeer, in whatever order the
// test needs (answer requests backwards, send a Goodbye at Hello, close
// mid-request). Scripts must not use Catch2 assertions (they are not
// thread-safe); a failed expectation throws, and finish() reports it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "protocol/frame.hpp"
#include "truinlag/messages.hpp"

namespace truinlag::testing {

// Thrown inside scripts: a read timed out, the client closed, or the
// client sent something the script did not expect.
class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One accepted connection. Every read gives up after `timeout`, so a
// broken client fails the test instead of hanging it.
class FakePeer {
 public:
  FakePeer(int fd, int stop_fd, std::chrono::milliseconds timeout);
  ~FakePeer();
  FakePeer(const FakePeer&) = delete;
  FakePeer& operator=(const FakePeer&) = delete;

  ClientMessage read_message();
  Hello read_hello();
  Request read_request();
  std::vector<Request> read_requests(std::size_t count);

  // The opening most scripts share: reads Hello, answers Welcome.
  Hello handshake();

  void send(const ServerMessage& message);
  void send_raw(std::string_view bytes);
  void welcome();
  void goodbye(GoodbyeKind kind, std::string reason);
  void respond(RequestId id, Result result);
  void broadcast(std::uint64_t seq, BroadcastEvent event);

  // True if the client sends nothing for `quiet`.
  bool stays_silent(std::chrono::milliseconds quiet);
  // Reads until the client closes its end; false if it did not in time.
  bool wait_for_close();
  void close();

 private:
  // Waits until fd is readable; false on timeout. Throws when stopping.
  bool wait_readable(std::chrono::steady_clock::time_point deadline);

  int fd_;
  int stop_fd_;
  std::chrono::milliseconds timeout_;
  protocol::FrameDecoder decoder_;
};

class FakeServer {
 public:
  using Script = std::function<void(FakePeer&)>;

  // Listens on a fresh socket in a fresh temporary directory and runs
  // `script` for each of the next `connections` clients.
  explicit FakeServer(Script script, int connections = 1,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Stops every script (their reads throw) and removes the directory.
  ~FakeServer();
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  const std::string& socket_path() const { return socket_path_; }
  // A path in the same directory, for files the test creates itself.
  std::string path_in_dir(const std::string& name) const { return dir_ + "/" + name; }

  // Waits until every script ended; returns what went wrong in them
  // (empty: every script ran through).
  std::vector<std::string> finish();

 private:
  void accept_loop(int connections);
  void run_script(int fd);

  Script script_;
  std::chrono::milliseconds timeout_;
  std::string dir_;
  std::string socket_path_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};  // closing the write end wakes every poll
  std::thread acceptor_;
  std::mutex mutex_;  // guards the members below
  std::vector<std::thread> scripts_;
  std::vector<std::string> errors_;
};

}  // namespace truinlag::testing
