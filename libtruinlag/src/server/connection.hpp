// One client connection of the server: its socket, frame decoder,
// handshake state, subscription and bounded output queue.
//
// The Connection knows nothing about the engine. It turns bytes into
// decoded messages for its owner (the Server) and queues encoded frames
// for writing. Closing is always asynchronous (Redis's CLIENT_CLOSE_ASAP):
// the Server frees the object in the uv_close callback, never while one of
// its handlers is on the stack.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "protocol/frame.hpp"
#include "truinlag/messages.hpp"

namespace truinlag::server {

class Connection {
 public:
  using Id = std::uint64_t;

  enum class Phase {
    AwaitingHello,  // only Hello is acceptable
    Ready,          // requests flow, broadcasts arrive
    Closing,        // final frames are being written; reads are ignored
  };

  // What the owner must do with the connection's input.
  struct Handlers {
    std::function<void(Connection&, ClientMessage)> on_message;
    // The peer broke the protocol; `request_id` when one could be read.
    std::function<void(Connection&, std::string error, std::optional<RequestId> request_id)>
        on_protocol_error;
    // The uv handle is closed; the owner must free the connection now.
    std::function<void(Connection&)> on_closed;
  };

  Connection(Id id, uv_loop_t* loop, std::size_t max_frame_bytes, std::size_t output_limit_bytes,
             Handlers handlers);
  ~Connection();

  // Not copyable or movable: libuv holds a pointer to it.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  uv_stream_t* stream() { return reinterpret_cast<uv_stream_t*>(&pipe_); }
  Id id() const { return id_; }
  Phase phase() const { return phase_; }
  void set_ready() { phase_ = Phase::Ready; }
  const std::string& client_name() const { return client_name_; }
  void set_client_name(std::string name) { client_name_ = std::move(name); }

  // Which session broadcasts this client wants (nullopt: all).
  std::optional<SessionId> subscription() const { return subscription_; }
  void subscribe(std::optional<SessionId> session) { subscription_ = session; }
  bool wants(const std::optional<SessionId>& session) const {
    return !session || !subscription_ || *subscription_ == *session;
  }

  void start_reading();

  // Appends one encoded frame (header included) to the output queue.
  void queue_frame(std::string_view frame);
  // Starts writing queued output if no write is in flight.
  void flush();
  // Bytes queued or in flight: the measure the output limit applies to.
  std::size_t pending_output() const { return outbox_.size() + inflight_.size(); }
  bool over_output_limit() const { return pending_output() > output_limit_bytes_; }

  // Graceful end: stop reading, write everything queued (including a
  // final frame the caller queued), then close.
  void close_after_flush();
  // Immediate end for misbehaving peers: try once to push `last_frame`
  // without blocking, then close whatever is left unsent.
  void close_now(std::string_view last_frame = {});

  bool closing() const { return phase_ == Phase::Closing; }

 private:
  static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buf);
  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void on_write(uv_write_t* request, int status);
  static void on_close(uv_handle_t* handle);

  void consume_frames();
  void close_handle();

  Id id_;
  uv_pipe_t pipe_{};
  uv_write_t write_request_{};
  protocol::FrameDecoder decoder_;
  std::size_t output_limit_bytes_;
  Handlers handlers_;
  Phase phase_ = Phase::AwaitingHello;
  std::string client_name_;
  std::optional<SessionId> subscription_;
  std::string outbox_;    // queued, not yet handed to libuv
  std::string inflight_;  // handed to uv_write, kept alive until on_write
  std::string read_buffer_;
  bool handle_closing_ = false;
  bool close_when_flushed_ = false;
};

}  // namespace truinlag::server
