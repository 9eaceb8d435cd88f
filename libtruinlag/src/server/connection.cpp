#include "server/connection.hpp"

#include "protocol/codec.hpp"
#include "server/log.hpp"

namespace truinlag::server {
namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}

Connection::Connection(Id id, uv_loop_t* loop, std::size_t max_frame_bytes,
                       std::size_t output_limit_bytes, Handlers handlers)
    : id_(id),
      decoder_(max_frame_bytes),
      output_limit_bytes_(output_limit_bytes),
      handlers_(std::move(handlers)) {
  uv_pipe_init(loop, &pipe_, 0);
  pipe_.data = this;
  write_request_.data = this;
}

Connection::~Connection() = default;

void Connection::start_reading() { uv_read_start(stream(), &on_alloc, &on_read); }

void Connection::on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  self->read_buffer_.resize(kReadChunk);
  *buf = uv_buf_init(self->read_buffer_.data(), static_cast<unsigned>(kReadChunk));
}

void Connection::on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(stream->data);
  if (nread < 0) {
    if (nread != UV_EOF) {
      log::debug("connection ", self->id_, ": read error: ", uv_strerror(static_cast<int>(nread)));
    }
    self->close_now();
    return;
  }
  if (nread == 0 || self->closing()) return;
  self->decoder_.feed(std::string_view(buf->base, static_cast<std::size_t>(nread)));
  self->consume_frames();
}

void Connection::consume_frames() {
  std::string_view payload;
  while (!closing()) {
    switch (decoder_.next(payload)) {
      case protocol::FrameDecoder::Status::NeedMore:
        return;
      case protocol::FrameDecoder::Status::TooLarge:
        handlers_.on_protocol_error(
            *this,
            "frame of " + std::to_string(decoder_.announced_length()) + " bytes exceeds the limit",
            std::nullopt);
        return;
      case protocol::FrameDecoder::Status::Frame: {
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
}

void Connection::flush() {
  if (handle_closing_ || !inflight_.empty()) return;
  if (outbox_.empty()) {
    if (close_when_flushed_) close_handle();
    return;
  }
  inflight_.swap(outbox_);
  uv_buf_t buf = uv_buf_init(inflight_.data(), static_cast<unsigned>(inflight_.size()));
  const int status = uv_write(&write_request_, stream(), &buf, 1, &on_write);
  if (status != 0) {
    log::debug("connection ", id_, ": write failed: ", uv_strerror(status));
    inflight_.clear();
    close_now();
  }
}

void Connection::on_write(uv_write_t* request, int status) {
  auto* self = static_cast<Connection*>(request->data);
  self->inflight_.clear();
  if (status != 0) {
    // UV_ECANCELED: the handle is being closed; anything else: the peer is gone.
    if (status != UV_ECANCELED) self->close_now();
    return;
  }
  self->flush();
}

void Connection::close_after_flush() {
  phase_ = Phase::Closing;
  close_when_flushed_ = true;
  uv_read_stop(stream());
  flush();
}

void Connection::close_now(std::string_view last_frame) {
  if (handle_closing_) return;
  phase_ = Phase::Closing;
  if (!last_frame.empty() && inflight_.empty()) {
    // Best effort: the peer gets the reason if its socket buffer has room.
    // Output already queued goes first so the stream stays well-formed.
    outbox_.append(last_frame);
    uv_buf_t buf = uv_buf_init(outbox_.data(), static_cast<unsigned>(outbox_.size()));
    uv_try_write(stream(), &buf, 1);
  }
  close_handle();
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
