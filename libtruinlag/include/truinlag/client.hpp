// The blocking client: futures for responses, a queue for broadcasts.
//
// A Client owns one connection and a private thread running a libuv loop
// (a LoopClient on it). `send()` may be called from any thread and returns
// a std::future that the loop thread fulfils when the response with the
// same request id arrives, in whatever order responses come. Broadcasts are
// queued for `recv()`.
//
//   auto client = truinlag::Client::connect("/run/user/1000/truinlag.sock");
//   truinlag::Result r = client.send(truinlag::Ping{"hello"}).get();
//   std::optional<truinlag::Broadcast> b = client.recv();
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "truinlag/loop_client.hpp"
#include "truinlag/messages.hpp"

namespace truinlag {

// The connection is gone: set on every pending future when it drops, and
// thrown by send() after that.
class Disconnected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Client::connect could not reach the daemon or the handshake failed.
class ConnectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The engine refused a command (thrown by the typed helpers).
class EngineError : public std::runtime_error {
 public:
  explicit EngineError(Error error);
  const Error& error() const { return error_; }

 private:
  Error error_;
};

// The default socket path: $TRUINLAG_SOCKET, else
// $XDG_RUNTIME_DIR/truinlag.sock, else /tmp/truinlag-<uid>.sock.
std::string default_socket_path();

namespace client_detail {
struct Connection;  // the loop thread and its LoopClient, shared by both halves
}

// The sending half. Copyable: copies share the connection.
class Sender {
 public:
  // Sends a command; the future holds its result or throws Disconnected.
  std::future<Result> send(Command command);

  // Typed helpers: they throw EngineError when the engine refuses.
  std::future<void> ping(std::optional<std::string> payload = std::nullopt);
  std::future<GlobalState> get_state();
  std::future<void> shutdown();
  // Which session broadcasts arrive: one session, or all (the default).
  std::future<void> subscribe(SessionId session);
  std::future<void> subscribe_all();

  bool connected() const;

 private:
  friend class Client;
  explicit Sender(std::shared_ptr<client_detail::Connection> connection);
  std::shared_ptr<client_detail::Connection> connection_;
};

// The receiving half. Movable, not copyable: broadcasts go to one queue.
class Receiver {
 public:
  Receiver(Receiver&&) noexcept;
  Receiver& operator=(Receiver&&) noexcept;
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  ~Receiver();

  // Blocks for the next broadcast; empty once the connection is gone and
  // every queued broadcast was taken.
  std::optional<Broadcast> recv();
  // Like recv(), but gives up after `timeout` (empty then, too).
  std::optional<Broadcast> recv_for(std::chrono::milliseconds timeout);

 private:
  friend class Client;
  explicit Receiver(std::shared_ptr<client_detail::Connection> connection);
  std::shared_ptr<client_detail::Connection> connection_;
};

class Client {
 public:
  // Connects and completes the handshake before returning; throws
  // ConnectError with the reason otherwise.
  static Client connect(const std::string& socket_path = default_socket_path(),
                        ClientOptions options = {});

  // Movable, not copyable.
  Client(Client&&) noexcept = default;
  Client& operator=(Client&&) noexcept = default;

  std::future<Result> send(Command command) { return sender_.send(std::move(command)); }
  std::optional<Broadcast> recv() { return receiver_.recv(); }
  std::optional<Broadcast> recv_for(std::chrono::milliseconds timeout) {
    return receiver_.recv_for(timeout);
  }
  Sender& sender() { return sender_; }

  // Splits into halves with independent lifetimes: the connection and its
  // thread live until both are gone. The Client is empty afterwards.
  std::pair<Sender, Receiver> split() &&;

 private:
  Client(Sender sender, Receiver receiver);
  Sender sender_;
  Receiver receiver_;
};

}  // namespace truinlag
