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
#include <vector>

#include "protocol/frame.hpp"
#include "server/output_queue.hpp"
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
    // Reading paused for the rest of this loop turn (kReadBudgetPerTurn
    // read): the owner calls resume_input(kPausedForTurn) in the next one.
    std::function<void(Connection&)> on_turn_spent;
    // A large frame (protocol/frame.hpp) is complete: the owner decodes it
    // off the loop thread, then calls resume_input(kPausedForDecode) and
    // handles the message. Unset: it is decoded here like any frame.
    std::function<void(Connection&, protocol::OwnedPayload)> on_large_frame;
  };

  // At most this many bytes are read from one connection per loop turn.
  // libuv reads up to 32 chunks from a ready stream before it looks at the
  // next, so twenty clients each sending a 4 MiB photo would have the loop
  // copy 40 MiB before it reads the Ping that waits behind them; with this
  // budget a turn copies at most 256 KiB per connection (issue 16: Ping
  // p99 while 20 clients upload).
  static constexpr std::size_t kReadBudgetPerTurn = 256u << 10;
  // The server calls this once per loop turn, before the turn's reads.
  static void begin_turn();

  // Why reading is paused; it runs while no reason is set.
  enum InputPause : std::uint8_t {
    kPausedForJobs = 1,    // picture jobs in flight (server/picture_jobs.hpp)
    kPausedForTurn = 2,    // this turn's read budget is spent
    kStoppedForGood = 4,   // a protocol error: nothing more is read
    kPausedForDecode = 8,  // a large frame is being decoded on the pool
  };
  void pause_input(std::uint8_t reason);
  void resume_input(std::uint8_t reason);

  // Redis's client-output-buffer-limit: unsent output over `hard_bytes`
  // ends the connection at once; over `soft_bytes` it may stay for a while
  // (the Server times that, from over_soft_limit_since()). A reader that is
  // merely slow for a moment survives; one that stopped reading does not.
  struct OutputLimits {
    std::size_t hard_bytes = 8u << 20;
    std::size_t soft_bytes = 2u << 20;  // 0: no soft limit
  };

  Connection(Id id, uv_loop_t* loop, std::size_t max_frame_bytes, OutputLimits limits,
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

  // The peer's uid (SO_PEERCRED), who its idempotency keys belong to.
  std::uint32_t peer_uid() const { return peer_uid_; }
  void set_peer_uid(std::uint32_t uid) { peer_uid_ = uid; }

  // Which session broadcasts this client wants (nullopt: all).
  std::optional<SessionId> subscription() const { return subscription_; }
  void subscribe(std::optional<SessionId> session) { subscription_ = session; }
  bool wants(const std::optional<SessionId>& session) const {
    return !session || !subscription_ || *subscription_ == *session;
  }

  void start_reading();

  // Appends one encoded frame (header included) to the output queue.
  void queue_frame(std::string_view frame);
  // Appends the answer to one of this client's requests. An answer may
  // exceed the output limits by its own size (so `export` of a large
  // catalogue is not cut off): the limits are raised by the largest answer
  // queued since the output last drained, which is at most the frame
  // limit, so memory per client stays bounded.
  void queue_answer(std::string_view frame);
  // Appends a frame shared with other connections (a broadcast).
  void queue_shared(OutputQueue::Chunk frame);
  // Starts writing queued output if no write is in flight.
  void flush();
  // Bytes queued or handed to libuv but not yet taken by the kernel: the
  // measure the output limits apply to.
  std::size_t pending_output() const;
  bool over_hard_limit() const { return pending_output() > limits_.hard_bytes + answer_allowance_; }
  // Since when (uv_now, ms) the output has been over the soft limit without
  // a break; nullopt while it is not.
  std::optional<std::uint64_t> over_soft_limit_since() const { return over_soft_since_; }

  // Drops the output not yet handed to libuv. Writes end at frame
  // boundaries, so the stream stays well-formed: a connection cut for its
  // backlog gets its Goodbye right after the write in flight.
  void drop_unsent() { outbox_ = {}; }

  // Graceful end: stop reading, write everything queued (including a
  // final frame the caller queued), then close. With a deadline (uv_now,
  // ms) the Server closes it then at the latest (close_overdue), for a peer
  // that does not read its last frames.
  void close_after_flush(std::optional<std::uint64_t> deadline = std::nullopt);
  // For a peer turned away right after connecting: writes what is queued
  // (its Goodbye) and keeps reading, discarding, until the peer's first
  // bytes (its Hello) or end of stream, then closes, or at the deadline.
  // Closing before the Hello is read would make the peer's write of it
  // fail (EPIPE) before it could read why it was turned away.
  void close_after_input(std::uint64_t deadline);
  // Immediate end, whatever is unsent.
  void close_now();
  // close_now() if a close_after_flush deadline has passed; true if so.
  bool close_overdue(std::uint64_t now);
  bool has_close_deadline() const { return close_deadline_.has_value() && !handle_closing_; }

  bool closing() const { return phase_ == Phase::Closing; }

 private:
  static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buf);
  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void on_write(uv_write_t* request, int status);
  static void on_close(uv_handle_t* handle);

  void consume_frames();
  void close_handle();
  // Re-evaluates over_soft_since_ after the output grew or shrank.
  void track_soft_limit();

  Id id_;
  uv_pipe_t pipe_{};
  uv_write_t write_request_{};
  protocol::FrameDecoder decoder_;
  OutputLimits limits_;
  Handlers handlers_;
  Phase phase_ = Phase::AwaitingHello;
  std::string client_name_;
  std::optional<SessionId> subscription_;
  std::uint32_t peer_uid_ = 0;
  OutputQueue outbox_;                        // queued, not yet handed to libuv
  std::vector<OutputQueue::Chunk> inflight_;  // handed to uv_write, alive until on_write
  std::optional<std::uint64_t> over_soft_since_;
  std::size_t answer_allowance_ = 0;  // see queue_answer()
  std::optional<std::uint64_t> close_deadline_;
  bool handle_closing_ = false;
  bool close_on_input_ = false;
  bool close_when_flushed_ = false;
  std::uint8_t input_paused_ = 0;  // InputPause bits
  std::uint64_t read_turn_ = 0;    // the turn read_this_turn_ counts
  std::size_t read_this_turn_ = 0;
};

}  // namespace truinlag::server
