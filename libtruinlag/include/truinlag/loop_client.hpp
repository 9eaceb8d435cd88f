// A client connection driven by the caller's own libuv loop.
//
// This is the core the threaded `Client` is built on, and what programs
// that already run a uv loop embed (one loop, many connections: the
// benchmark drives hundreds this way). Like hiredis's async context, it
// never blocks and never starts a thread; every call must come from the
// loop's thread, and every callback runs on it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "truinlag/messages.hpp"

struct uv_loop_s;  // libuv's uv_loop_t, without including uv.h here

namespace truinlag {

// Options of a connection. Every field has a default.
struct ClientOptions {
  // Sent in Hello; shows up in the daemon's log.
  std::string client_name = "truinlag-client";
  // Frames announcing more than this are a protocol error. The default is
  // the daemon's default frame limit, so the largest GetPictures answer
  // the daemon sends by default is accepted.
  std::size_t max_frame_bytes = (4 * (16u << 20)) + (1u << 20);
  // Connecting fails unless Welcome arrives within this; zero waits forever.
  std::chrono::milliseconds handshake_timeout{10000};
  // Broadcasts a Client keeps for a Receiver that does not recv(); when
  // full, the oldest is dropped (see Receiver::dropped_broadcasts()).
  std::size_t max_queued_broadcasts = 100000;
  // Client only: when the connection is lost (the daemon restarted, ...),
  // connect again with backoff (min, doubling, up to max) and Resume, so
  // recv() yields every broadcast once and in order across the gap. If
  // the daemon no longer holds the missed ones, Receiver::resyncs() counts
  // it: read the state afresh. Requests in flight when the connection
  // drops fail with Disconnected (retry them with a key, Sender::send);
  // requests sent while reconnecting wait for the new connection.
  bool reconnect = false;
  std::chrono::milliseconds reconnect_min_delay{100};
  std::chrono::milliseconds reconnect_max_delay{5000};
};

class LoopClient {
 public:
  // Called once: nullopt on success (Welcome received), else why it failed.
  using ConnectCallback = std::function<void(std::optional<std::string> error)>;
  // Called once per request: the result, or nullopt when the connection was
  // lost before the response came (then `disconnect_reason()` says why).
  using ResultCallback = std::function<void(std::optional<Result> result)>;
  using BroadcastCallback = std::function<void(Broadcast broadcast)>;
  // Called once when an established connection ends, after every pending
  // ResultCallback was called with nullopt.
  using DisconnectCallback = std::function<void(const std::string& reason)>;

  // Starts connecting to the unix socket at `socket_path`; `on_connected`
  // runs after the handshake, or with "no Welcome from <path> within N ms"
  // once `options.handshake_timeout` passed without one (a uv_timer on
  // `loop`). `loop` must outlive this object.
  LoopClient(uv_loop_s* loop, std::string socket_path, ClientOptions options,
             ConnectCallback on_connected);
  // Closes the connection: pending callbacks get nullopt first. Safe to call
  // from inside any callback of this client.
  ~LoopClient();

  // Not copyable or movable: libuv holds pointers into it.
  LoopClient(const LoopClient&) = delete;
  LoopClient& operator=(const LoopClient&) = delete;

  void on_broadcast(BroadcastCallback callback);
  void on_disconnect(DisconnectCallback callback);

  // Sends a command; `on_result` gets its response. Before the handshake
  // completes, requests are queued; after a disconnect, `on_result` is
  // called with nullopt at once. With a `key` (Request::key, at most
  // kMaxKeyBytes) a retry of the same key gets the first answer.
  void send(Command command, ResultCallback on_result,
            std::optional<std::string> key = std::nullopt);
  // The daemon's Welcome (its epoch and last broadcast seq among it),
  // once the handshake completed.
  const std::optional<Welcome>& welcome() const;

  bool connected() const;
  const std::string& disconnect_reason() const;

  // Closes the connection now (same as destruction, but the object stays).
  void close(const std::string& reason = "closed by the client");

  // Opaque implementation; public only so the loop glue can name it.
  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace truinlag
