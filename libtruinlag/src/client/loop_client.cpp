// LoopClient: the handshake, request ids and the meaning of each incoming
// message. The bytes themselves move in loop_client_io.cpp.
#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <variant>

#include "client/loop_client_impl.hpp"
#include "protocol/codec.hpp"

namespace truinlag {

LoopClient::LoopClient(uv_loop_s* loop, std::string socket_path, ClientOptions options,
                       ConnectCallback on_connected)
    : impl_(std::make_shared<Impl>(loop, std::move(socket_path), std::move(options),
                                   std::move(on_connected))) {
  Impl::open(impl_);
}

LoopClient::~LoopClient() { impl_->disconnect("closed by the client"); }

void LoopClient::on_broadcast(BroadcastCallback callback) {
  impl_->on_broadcast = std::move(callback);
}

void LoopClient::on_disconnect(DisconnectCallback callback) {
  impl_->on_disconnect = std::move(callback);
}

void LoopClient::send(Command command, ResultCallback on_result, std::optional<std::string> key) {
  impl_->send(std::move(command), std::move(on_result), std::move(key));
}

const std::optional<Welcome>& LoopClient::welcome() const { return impl_->welcome_message; }

bool LoopClient::connected() const { return impl_->phase == Impl::Phase::Connected; }

const std::string& LoopClient::disconnect_reason() const { return impl_->disconnect_reason; }

void LoopClient::close(const std::string& reason) { impl_->disconnect(reason); }

LoopClient::Impl::Impl(uv_loop_t* loop, std::string socket_path, ClientOptions options,
                       ConnectCallback on_connected)
    : loop(loop),
      socket_path(std::move(socket_path)),
      options(std::move(options)),
      on_connected(std::move(on_connected)),
      decoder(this->options.max_frame_bytes),
      send_limit(this->options.max_frame_bytes) {}

void LoopClient::Impl::send(Command command, ResultCallback on_result,
                            std::optional<std::string> key) {
  if (phase == Phase::Closed) {
    if (on_result) on_result(std::nullopt);
    return;
  }
  const RequestId id = next_id++;
  pending.emplace(id, std::move(on_result));
  std::string payload = protocol::encode(ClientMessage{Request{id, std::move(command), std::move(key)}});
  if (phase == Phase::Connected) {
    if (refuse_oversize(id, payload.size())) return;
    protocol::append_frame(outbox, payload);
    flush();
  } else {
    // The daemon reads Hello first; anything before Welcome waits here.
    held_requests.emplace_back(id, std::move(payload));
  }
}

bool LoopClient::Impl::refuse_oversize(RequestId id, std::size_t payload_bytes) {
  if (payload_bytes <= send_limit) return false;
  // The daemon would answer a frame over its limit with a protocol error
  // and close the connection, which a program cannot tell from a dead
  // daemon; refused here, the request fails alone and the connection stays.
  auto it = pending.find(id);
  ResultCallback callback = std::move(it->second);
  pending.erase(it);
  if (callback) {
    callback(Result{Failure{BadData{
        "request of " + std::to_string(payload_bytes) + " bytes exceeds the daemon's limit of " +
        std::to_string(send_limit) + " bytes (truinlagd --max-frame-mib); send it in parts"}}});
  }
  return true;
}

void LoopClient::Impl::handle_connect(int status) {
  if (phase != Phase::Connecting) return;  // closed meanwhile: UV_ECANCELED
  if (status < 0) {
    disconnect(connect_failure(uv_error_text(status)));
    return;
  }
  phase = Phase::Handshaking;
  queue_frame(Hello{kProtocolVersion, options.client_name});
  flush();
  if (phase == Phase::Handshaking) start_reading();
}

void LoopClient::Impl::handle_bytes(std::string_view bytes) {
  if (phase == Phase::Closed) return;
  decoder.feed(bytes);
  std::string_view payload;
  // Each message may run a user callback that closes the client, so the
  // phase is checked again before the next one.
  while (phase != Phase::Closed) {
    switch (decoder.next(payload)) {
      case protocol::FrameDecoder::Status::NeedMore:
        decoder.trim();  // every payload handed out has been handled
        return;
      case protocol::FrameDecoder::Status::TooLarge:
        disconnect(connect_failure(
            "protocol error: a frame of " + std::to_string(decoder.announced_length()) +
            " bytes exceeds the limit of " + std::to_string(options.max_frame_bytes)));
        return;
      case protocol::FrameDecoder::Status::Frame: {
        auto decoded = protocol::decode_server(protocol::as_bytes(payload));
        if (!decoded.message) {
          disconnect(connect_failure("protocol error: undecodable message: " + decoded.error));
          return;
        }
        handle_message(std::move(*decoded.message));
        break;
      }
    }
  }
}

void LoopClient::Impl::handle_stream_error(int status) {
  if (status == UV_EOF) {
    disconnect(connect_failure("the daemon closed the connection"));
  } else {
    disconnect(connect_failure("connection error: " + uv_error_text(status)));
  }
}

void LoopClient::Impl::handle_handshake_timeout() {
  // The timer is closed by Welcome; this guard only documents the rule.
  if (phase != Phase::Connecting && phase != Phase::Handshaking) return;
  disconnect("no Welcome from " + socket_path + " within " +
             std::to_string(options.handshake_timeout.count()) + " ms");
}

void LoopClient::Impl::handle_message(ServerMessage message) {
  const bool connected = phase == Phase::Connected;
  std::visit(
      [&](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, Goodbye>) {
          disconnect(connect_failure("the daemon said goodbye (" + std::string(enum_name(m.kind)) +
                                     "): " + m.reason));
        } else if constexpr (std::is_same_v<M, Welcome>) {
          if (phase != Phase::Handshaking) {
            disconnect("protocol error: a second welcome");
          } else {
            handle_welcome(m);
          }
        } else if (!connected) {
          disconnect(
              connect_failure("protocol error: " + std::string(M::kName) + " before welcome"));
        } else if constexpr (std::is_same_v<M, Response>) {
          handle_response(std::move(m));
        } else {
          static_assert(std::is_same_v<M, Broadcast>);
          // A copy, so that the callback may replace itself while it runs.
          if (auto callback = on_broadcast) callback(std::move(m));
        }
      },
      message);
}

void LoopClient::Impl::handle_welcome(const Welcome& welcome) {
  close_handshake_timer();  // answered in time, whatever the answer says
  if (welcome.protocol_version != kProtocolVersion) {
    disconnect(connect_failure("the daemon speaks protocol version " +
                               std::to_string(welcome.protocol_version) + ", this client " +
                               std::to_string(kProtocolVersion)));
    return;
  }
  phase = Phase::Connected;
  welcome_message = welcome;
  // A daemon of this protocol version always says its limit; 0 would mean
  // none was said, and then our own is the best guess.
  if (welcome.max_frame_bytes > 0) {
    send_limit = static_cast<std::size_t>(
        std::min<std::uint64_t>(welcome.max_frame_bytes, std::numeric_limits<std::size_t>::max()));
  }
  for (auto& [id, payload] : std::exchange(held_requests, {})) {
    if (!refuse_oversize(id, payload.size())) protocol::append_frame(outbox, payload);
    if (phase == Phase::Closed) return;  // a callback closed the client
  }
  flush();
  auto callback = std::exchange(on_connected, nullptr);
  if (callback) callback(std::nullopt);
}

void LoopClient::Impl::handle_response(Response response) {
  auto it = pending.find(response.id);
  if (it == pending.end()) {
    // Whatever the daemon meant, some future would now get the wrong
    // answer or none: the stream can no longer be trusted.
    disconnect("protocol error: response to unknown request id " + std::to_string(response.id));
    return;
  }
  ResultCallback callback = std::move(it->second);
  pending.erase(it);
  if (callback) callback(std::move(response.result));
}

void LoopClient::Impl::disconnect(std::string reason) {
  if (phase == Phase::Closed) return;
  const bool established = phase == Phase::Connected;
  phase = Phase::Closed;
  disconnect_reason = std::move(reason);
  close_handle();
  held_requests.clear();
  outbox.clear();

  // Everything is moved out before the first callback runs: a callback may
  // send (which now fails at once) or destroy the LoopClient. The Impl
  // itself stays alive, held by the pipe handle until its close callback.
  auto failed = std::exchange(pending, {});
  auto connect_callback = std::exchange(on_connected, nullptr);
  auto disconnect_callback = std::exchange(on_disconnect, nullptr);
  on_broadcast = nullptr;
  const std::string why = disconnect_reason;

  for (auto& [id, callback] : failed) {
    if (callback) callback(std::nullopt);
  }
  if (established) {
    if (disconnect_callback) disconnect_callback(why);
  } else if (connect_callback) {
    connect_callback(why);
  }
}

std::string LoopClient::Impl::connect_failure(std::string_view what) const {
  if (phase == Phase::Connected) return std::string(what);
  return "cannot connect to " + socket_path + ": " + std::string(what);
}

std::string uv_error_text(int status) {
  // On Unix libuv's codes are negated errno values; strerror words them
  // the way people know from other tools.
  return status == UV_EOF ? std::string("end of file") : std::string(std::strerror(-status));
}

}  // namespace truinlag
