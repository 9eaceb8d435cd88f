#include "server/connection.hpp"

#include <algorithm>

#include "protocol/codec.hpp"
#include "server/log.hpp"

namespace truinlag::server {
namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kWriteBatch = 256 * 1024;
}  // namespace

Connection::Connection(Id id, uv_loop_t* loop, std::size_t max_frame_bytes, OutputLimits limits,
                       Handlers handlers)
    : id_(id), decoder_(max_frame_bytes), limits_(limits), handlers_(std::move(handlers)) {
  uv_pipe_init(loop, &pipe_, 0);
  pipe_.data = this;
  write_request_.data = this;
}

Connection::~Connection() = default;

void Connection::start_reading() { uv_read_start(stream(), &on_alloc, &on_read); }

namespace {
// Loop turns of this thread's loop (one loop per thread).
thread_local std::uint64_t g_turn = 0;
}  // namespace

void Connection::begin_turn() { ++g_turn; }

void Connection::pause_input(std::uint8_t reason) {
  if (input_paused_ == 0 && !handle_closing_) uv_read_stop(stream());
  input_paused_ |= reason;
}

void Connection::resume_input(std::uint8_t reason) {
  if ((input_paused_ & reason) == 0) return;
  input_paused_ &= static_cast<std::uint8_t>(~reason);
  if (input_paused_ == 0 && !closing() && !handle_closing_) start_reading();
}

namespace {
// One buffer for every connection of the loop's thread: libuv calls
// on_read right after on_alloc, before any other connection's alloc, and
// on_read copies what it keeps into the frame decoder. A buffer per
// connection would cost 64 KiB for each of max_clients idle clients.
std::string& shared_read_buffer() {
  thread_local std::string shared(kReadChunk, '\0');
  return shared;
}
}  // namespace

void Connection::on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  // The rest of a large frame is read straight into its own buffer: no
  // copy on the loop thread (protocol/frame.hpp).
  if (auto room = self->decoder_.room(); !room.empty()) {
    const std::size_t n = std::min(room.size(), kReadBudgetPerTurn);
    *buf = uv_buf_init(room.data(), static_cast<unsigned>(n));
    return;
  }
  std::string& shared = shared_read_buffer();
  *buf = uv_buf_init(shared.data(), static_cast<unsigned>(shared.size()));
}

void Connection::on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(stream->data);
  if (self->close_on_input_ && nread != 0) {
    self->close_on_input_ = false;
    self->close_after_flush();  // input is discarded
    return;
  }
  if (nread < 0) {
    if (nread == UV_EOF && !self->closing() && self->decoder_.buffered_bytes() > 0) {
      // A truncated frame: the peer may have only shut down its sending
      // side, so it still gets to read why (the Server closes it after
      // writing the Goodbye).
      self->handlers_.on_protocol_error(*self,
                                        "the connection ended inside a frame (" +
                                            std::to_string(self->decoder_.buffered_bytes()) +
                                            " bytes of it were sent)",
                                        std::nullopt);
      return;
    }
    if (nread != UV_EOF) {
      log::debug("connection ", self->id_, ": read error: ", uv_strerror(static_cast<int>(nread)));
    }
    self->close_now();
    return;
  }
  if (nread == 0 || self->closing()) return;
  if (buf->base == shared_read_buffer().data()) {
    self->decoder_.feed(std::string_view(buf->base, static_cast<std::size_t>(nread)));
  } else {
    self->decoder_.filled(static_cast<std::size_t>(nread));  // read into room()
  }
  self->consume_frames();
  if (self->read_turn_ != g_turn) {
    self->read_turn_ = g_turn;
    self->read_this_turn_ = 0;
  }
  self->read_this_turn_ += static_cast<std::size_t>(nread);
  if (self->read_this_turn_ >= kReadBudgetPerTurn && !self->closing() &&
      (self->input_paused_ & kPausedForTurn) == 0 && self->handlers_.on_turn_spent) {
    self->pause_input(kPausedForTurn);
    self->handlers_.on_turn_spent(*self);
  }
}

void Connection::consume_frames() {
  std::string_view payload;
  while (!closing()) {
    switch (decoder_.next(payload)) {
      case protocol::FrameDecoder::Status::NeedMore:
        decoder_.trim();  // every payload handed out has been handled
        return;
      case protocol::FrameDecoder::Status::TooLarge:
        handlers_.on_protocol_error(
            *this,
            "frame of " + std::to_string(decoder_.announced_length()) + " bytes exceeds the limit",
            std::nullopt);
        return;
      case protocol::FrameDecoder::Status::Frame: {
        if (handlers_.on_large_frame) {
          if (auto owned = decoder_.take_payload()) {
            // Decoded on the pool (the Server's frame jobs); nothing more
            // is read or handled until its message is back, so requests
            // stay in order. The decoder holds nothing after it: a large
            // frame's reads end at its last byte.
            pause_input(kPausedForDecode);
            handlers_.on_large_frame(*this, std::move(*owned));
            return;
          }
        }
        auto decoded = protocol::decode_client(protocol::as_bytes(payload));
        if (!decoded.message) {
          handlers_.on_protocol_error(*this, "undecodable message: " + decoded.error,
                                      decoded.request_id);
          return;
        }
        handlers_.on_message(*this, std::move(*decoded.message));
        break;
      }
    }
  }
}

void Connection::queue_frame(std::string_view frame) {
  if (handle_closing_) return;
  outbox_.append(frame);
  track_soft_limit();
}

void Connection::queue_answer(std::string_view frame) {
  if (handle_closing_) return;
  outbox_.append(frame);
  answer_allowance_ = std::max(answer_allowance_, frame.size());
  track_soft_limit();
}

void Connection::queue_shared(OutputQueue::Chunk frame) {
  if (handle_closing_) return;
  outbox_.append(std::move(frame));
  track_soft_limit();
}

std::size_t Connection::pending_output() const {
  // write_queue_size: what libuv holds of the in-flight write after the
  // kernel took its share (uv_write writes at once when it can).
  return outbox_.size() +
         uv_stream_get_write_queue_size(reinterpret_cast<const uv_stream_t*>(&pipe_));
}

void Connection::track_soft_limit() {
  const std::size_t pending = pending_output();
  if (pending == 0) answer_allowance_ = 0;  // drained: the answers were read
  if (limits_.soft_bytes == 0 || pending <= limits_.soft_bytes + answer_allowance_) {
    over_soft_since_.reset();  // a break below the limit restarts the clock
  } else if (!over_soft_since_) {
    over_soft_since_ = uv_now(pipe_.loop);
  }
}

namespace {
std::vector<uv_buf_t> buffers_of(const std::vector<OutputQueue::Chunk>& chunks) {
  std::vector<uv_buf_t> buffers;
  buffers.reserve(chunks.size());
  for (const auto& chunk : chunks) {
    // libuv only reads from the buffers; its API is not const-correct.
    buffers.push_back(
        uv_buf_init(const_cast<char*>(chunk->data()), static_cast<unsigned>(chunk->size())));
  }
  return buffers;
}
}  // namespace

void Connection::flush() {
  if (handle_closing_ || !inflight_.empty()) return;
  if (outbox_.empty()) {
    if (close_when_flushed_) close_handle();
    return;
  }
  // Whole chunks (so whole frames) of at most kWriteBatch per uv_write (or
  // one larger chunk): what libuv holds is bounded and always ends at a
  // frame boundary, so drop_unsent() can put a Goodbye right behind it.
  outbox_.take(inflight_, kWriteBatch);
  const std::vector<uv_buf_t> buffers = buffers_of(inflight_);
  const int status = uv_write(&write_request_, stream(), buffers.data(),
                              static_cast<unsigned>(buffers.size()), &on_write);
  if (status != 0) {
    log::debug("connection ", id_, ": write failed: ", uv_strerror(status));
    inflight_.clear();
    close_now();
    return;
  }
  track_soft_limit();
}

void Connection::on_write(uv_write_t* request, int status) {
  auto* self = static_cast<Connection*>(request->data);
  self->inflight_.clear();
  self->track_soft_limit();
  if (status != 0) {
    // UV_ECANCELED: the handle is being closed; anything else: the peer is gone.
    if (status != UV_ECANCELED) self->close_now();
    return;
  }
  self->flush();
}

void Connection::close_after_flush(std::optional<std::uint64_t> deadline) {
  phase_ = Phase::Closing;
  close_when_flushed_ = true;
  if (deadline && (!close_deadline_ || *deadline < *close_deadline_)) close_deadline_ = deadline;
  uv_read_stop(stream());
  flush();
}

void Connection::close_after_input(std::uint64_t deadline) {
  phase_ = Phase::Closing;
  close_deadline_ = deadline;
  close_on_input_ = true;
  start_reading();
  flush();
}

void Connection::close_now() {
  if (handle_closing_) return;
  phase_ = Phase::Closing;
  close_handle();
}

bool Connection::close_overdue(std::uint64_t now) {
  if (handle_closing_ || !close_deadline_ || now < *close_deadline_) return false;
  log::debug("connection ", id_, ": did not read its last ", pending_output(),
             " bytes in time; closing it");
  close_now();
  return true;
}

void Connection::close_handle() {
  if (handle_closing_) return;
  handle_closing_ = true;
  phase_ = Phase::Closing;
  uv_close(reinterpret_cast<uv_handle_t*>(&pipe_), &on_close);
}

void Connection::on_close(uv_handle_t* handle) {
  auto* self = static_cast<Connection*>(handle->data);
  self->handlers_.on_closed(*self);  // the owner deletes self here
}

}  // namespace truinlag::server
