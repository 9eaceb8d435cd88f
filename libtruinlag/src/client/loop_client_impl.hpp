// The state behind a LoopClient: handshake phase, request ids, pending
// callbacks, frame decoder and output buffers.
//
// The protocol half (loop_client.cpp) decides what to send and what an
// incoming message means; the libuv half (loop_client_io.cpp) owns the pipe
// handle and moves bytes. Teardown follows hiredis: every pending callback
// is called with nullopt before the disconnect callback, and memory libuv
// still points at is freed only in the uv_close callback.
#pragma once

#include <uv.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/frame.hpp"
#include "truinlag/loop_client.hpp"

namespace truinlag {

// The libuv handles and the requests that point into them, allocated apart
// from Impl. It holds the Impl alive (so write buffers and callbacks stay
// valid for every libuv callback) and is deleted in the uv_close callback
// of whichever of its two handles closes last: that is the last callback
// libuv makes for it.
struct PipeHandle {
  uv_pipe_t pipe;  // pipe.data points at this PipeHandle
  // Armed when connecting starts; closed by Welcome or the disconnect,
  // whichever comes first. timer.data points at this PipeHandle too.
  uv_timer_t handshake_timer;
  int open_handles = 0;  // initialised handles whose close callback is still due
  uv_connect_t connect_request;
  uv_write_t write_request;
  std::shared_ptr<LoopClient::Impl> impl;
};

struct LoopClient::Impl {
  enum class Phase {
    Connecting,   // uv_pipe_connect is in flight
    Handshaking,  // Hello sent, waiting for Welcome
    Connected,    // Welcome received: requests flow
    Closed,       // disconnected; nothing is sent or delivered any more
  };

  Impl(uv_loop_t* loop, std::string socket_path, ClientOptions options,
       ConnectCallback on_connected);

  // Protocol (loop_client.cpp).
  void send(Command command, ResultCallback on_result, std::optional<std::string> key);
  void handle_connect(int status);
  void handle_bytes(std::string_view bytes);
  void handle_stream_error(int status);
  void handle_handshake_timeout();
  // Ends the connection: closes the handle, fails pending requests, then
  // tells the user why. Idempotent; safe from inside user callbacks.
  void disconnect(std::string reason);

  // libuv glue (loop_client_io.cpp).
  static void open(const std::shared_ptr<Impl>& impl);
  void queue_frame(const ClientMessage& message);
  void flush();
  void start_reading();
  // The handshake is over (Welcome or disconnect): the timer goes.
  void close_handshake_timer();
  // Closes the pipe and the timer; the PipeHandle is freed after both.
  void close_handle();

  uv_loop_t* loop;
  PipeHandle* handle = nullptr;  // null once libuv has closed its handles
  std::string socket_path;
  ClientOptions options;

  ConnectCallback on_connected;
  BroadcastCallback on_broadcast;
  DisconnectCallback on_disconnect;

  Phase phase = Phase::Connecting;
  std::string disconnect_reason;

  protocol::FrameDecoder decoder;
  std::string read_buffer;
  RequestId next_id = 1;
  // Ordered, so that teardown fails requests in the order they were sent.
  std::map<RequestId, ResultCallback> pending;
  // Requests sent before Welcome, released by it (or refused, if over the
  // daemon's frame limit that only Welcome tells).
  std::vector<std::pair<RequestId, std::string>> held_requests;
  // The largest request payload the daemon reads: our own limit until
  // Welcome says the daemon's.
  std::size_t send_limit = 0;
  std::optional<Welcome> welcome_message;
  std::string outbox;     // frames waiting for the write in flight
  std::string in_flight;  // the buffer uv_write is sending; kept until its callback

 private:
  void handle_message(ServerMessage message);
  // Refuses a request over send_limit: its callback gets BadData naming
  // both sizes; true if it was refused.
  bool refuse_oversize(RequestId id, std::size_t payload_bytes);
  void handle_welcome(const Welcome& welcome);
  void handle_response(Response response);
  // Reasons before the handshake completed name the socket, so that the
  // ConnectCallback's text stands on its own.
  std::string connect_failure(std::string_view what) const;
};

// Words for a libuv status: its errno text ("No such file or directory").
std::string uv_error_text(int status);

}  // namespace truinlag
