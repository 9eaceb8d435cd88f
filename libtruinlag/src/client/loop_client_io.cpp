// LoopClient's libuv glue: the pipe handle, the handshake timer, reads,
// coalesced writes and the deferred free. This is the only client file
// that calls libuv's stream and timer functions.
#include <sys/un.h>

#include <cstdint>
#include <system_error>

#include "client/loop_client_impl.hpp"
#include "protocol/codec.hpp"

namespace truinlag {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

LoopClient::Impl& impl_of(void* handle_data) {
  return *static_cast<PipeHandle*>(handle_data)->impl;
}

void on_connect(uv_connect_t* request, int status) {
  impl_of(request->handle->data).handle_connect(status);
}

void on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buf) {
  auto& impl = impl_of(handle->data);
  impl.read_buffer.resize(kReadChunk);
  *buf = uv_buf_init(impl.read_buffer.data(), static_cast<unsigned>(impl.read_buffer.size()));
}

void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto& impl = impl_of(stream->data);
  if (nread < 0) {
    impl.handle_stream_error(static_cast<int>(nread));
  } else if (nread > 0) {
    impl.handle_bytes(std::string_view(buf->base, static_cast<std::size_t>(nread)));
  }
}

void on_write(uv_write_t* request, int status) {
  auto& impl = impl_of(request->handle->data);
  impl.in_flight.clear();
  // After a disconnect (our own close cancels the write) nothing is sent.
  if (impl.phase == LoopClient::Impl::Phase::Closed) return;
  if (status < 0) {
    impl.disconnect("write error: " + uv_error_text(status));
    return;
  }
  impl.flush();  // what was queued while this write was in flight
}

void on_handshake_timeout(uv_timer_t* timer) { impl_of(timer->data).handle_handshake_timeout(); }

void on_close(uv_handle_t* handle) {
  auto* pipe_handle = static_cast<PipeHandle*>(handle->data);
  // The pipe and the timer close independently; memory goes with the last.
  if (--pipe_handle->open_handles > 0) return;
  pipe_handle->impl->handle = nullptr;
  delete pipe_handle;  // releases the Impl too, if the LoopClient is gone
}

}  // namespace

void LoopClient::Impl::open(const std::shared_ptr<Impl>& impl) {
  // libuv 1.44 silently truncates a long path, which could reach a
  // different socket; refuse it before any handle exists.
  if (impl->socket_path.size() >= sizeof(sockaddr_un::sun_path)) {
    throw std::system_error(std::make_error_code(std::errc::filename_too_long),
                            "socket path " + impl->socket_path);
  }
  auto* handle = new PipeHandle{};
  int status = uv_timer_init(impl->loop, &handle->handshake_timer);
  if (status < 0) {
    delete handle;
    throw std::system_error(-status, std::generic_category(), "uv_timer_init");
  }
  handle->handshake_timer.data = handle;
  handle->open_handles = 1;
  handle->impl = impl;
  impl->handle = handle;
  status = uv_pipe_init(impl->loop, &handle->pipe, 0);
  if (status < 0) {
    // The loop knows the timer now: only its close callback may free it.
    impl->close_handshake_timer();
    throw std::system_error(-status, std::generic_category(), "uv_pipe_init");
  }
  handle->pipe.data = handle;
  handle->open_handles = 2;

  const auto timeout = impl->options.handshake_timeout.count();
  if (timeout > 0) {
    // The loop's clock may be stale if it has not run for a while; a stale
    // start would let the timer fire early.
    uv_update_time(impl->loop);
    uv_timer_start(&handle->handshake_timer, &on_handshake_timeout,
                   static_cast<std::uint64_t>(timeout), 0);
  } else {
    impl->close_handshake_timer();  // no limit: wait for Welcome forever
  }
  uv_pipe_connect(&handle->connect_request, &handle->pipe, impl->socket_path.c_str(), &on_connect);
}

void LoopClient::Impl::queue_frame(const ClientMessage& message) {
  protocol::append_frame(outbox, protocol::encode(message));
}

void LoopClient::Impl::flush() {
  if (handle == nullptr || phase == Phase::Closed || !in_flight.empty() || outbox.empty()) return;
  // Everything queued so far goes out in one write; what is queued while it
  // is in flight waits in outbox for the next one.
  in_flight.swap(outbox);
  uv_buf_t buf = uv_buf_init(in_flight.data(), static_cast<unsigned>(in_flight.size()));
  const int status = uv_write(&handle->write_request, reinterpret_cast<uv_stream_t*>(&handle->pipe),
                              &buf, 1, &on_write);
  if (status < 0) {
    in_flight.clear();
    disconnect("write error: " + uv_error_text(status));
  }
}

void LoopClient::Impl::start_reading() {
  const int status =
      uv_read_start(reinterpret_cast<uv_stream_t*>(&handle->pipe), &on_alloc, &on_read);
  if (status < 0) disconnect(connect_failure("cannot read: " + uv_error_text(status)));
}

void LoopClient::Impl::close_handshake_timer() {
  if (handle == nullptr) return;
  // uv_is_closing is also true once closed, so this runs uv_close once.
  auto* raw = reinterpret_cast<uv_handle_t*>(&handle->handshake_timer);
  if (!uv_is_closing(raw)) uv_close(raw, &on_close);
}

void LoopClient::Impl::close_handle() {
  if (handle == nullptr) return;
  close_handshake_timer();
  auto* raw = reinterpret_cast<uv_handle_t*>(&handle->pipe);
  if (!uv_is_closing(raw)) uv_close(raw, &on_close);
}

}  // namespace truinlag
