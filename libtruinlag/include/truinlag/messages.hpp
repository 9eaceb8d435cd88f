// The top-level messages of the wire protocol (docs/protocol.md).
//
// A connection carries frames; each frame holds exactly one ClientMessage
// (client to engine) or one ServerMessage (engine to client).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "truinlag/commands.hpp"
#include "truinlag/events.hpp"
#include "truinlag/results.hpp"

namespace truinlag {

// The protocol version this library speaks. Bump it on any change of the
// wire types; peers with different versions refuse each other at Hello.
inline constexpr std::uint32_t kProtocolVersion = 7;

// An idempotency key (Request::key) is at most this long.
inline constexpr std::size_t kMaxKeyBytes = 64;

// First message of every connection.
struct Hello {
  std::uint32_t protocol_version = kProtocolVersion;
  std::string client_name;

  static constexpr std::string_view kName = "hello";
  static constexpr auto kFields = std::tuple{Field{"protocol_version", &Hello::protocol_version},
                                             Field{"client_name", &Hello::client_name}};
  bool operator==(const Hello&) const = default;
};

// The engine's answer to a compatible Hello.
struct Welcome {
  std::uint32_t protocol_version = kProtocolVersion;
  std::string server_version;
  // The largest frame payload the daemon reads (--max-frame-mib): a client
  // refuses to send a request over it instead of being cut off with a
  // protocol error that looks like a dead daemon.
  std::uint64_t max_frame_bytes = 0;
  // Where the broadcasts stand (Resume): the database's epoch and the seq
  // of the last broadcast sent before this connection was accepted.
  std::uint64_t epoch = 0;
  std::uint64_t last_seq = 0;

  static constexpr std::string_view kName = "welcome";
  static constexpr auto kFields = std::tuple{Field{"protocol_version", &Welcome::protocol_version},
                                             Field{"server_version", &Welcome::server_version},
                                             Field{"max_frame_bytes", &Welcome::max_frame_bytes},
                                             Field{"epoch", &Welcome::epoch},
                                             Field{"last_seq", &Welcome::last_seq}};
  bool operator==(const Welcome&) const = default;
};

// A command with the id its response will carry. Ids are chosen by the
// client and must not be reused while the first request is unanswered.
struct Request {
  // Constructors, so that the many `Request{id, command}` stay complete
  // without naming the key.
  Request() = default;
  Request(RequestId id_, Command command_, std::optional<std::string> key_ = std::nullopt)
      : id(id_), command(std::move(command_)), key(std::move(key_)) {}

  RequestId id = 0;
  Command command;
  // An idempotency key (1 to kMaxKeyBytes bytes, the client's choice): a
  // request with a key is run once; a retry with the same key from the
  // same principal within 24 hours gets the stored answer (docs/protocol.md).
  std::optional<std::string> key;

  static constexpr std::string_view kName = "request";
  static constexpr auto kFields = std::tuple{
      Field{"id", &Request::id}, Field{"command", &Request::command}, Field{"key", &Request::key}};
  bool operator==(const Request&) const = default;
};

struct Response {
  RequestId id = 0;
  Result result;

  static constexpr std::string_view kName = "response";
  static constexpr auto kFields =
      std::tuple{Field{"id", &Response::id}, Field{"result", &Response::result}};
  bool operator==(const Response&) const = default;
};

// Something changed. `seq` counts broadcasts of this daemon run, so a
// client can tell whether it missed one; `session` is absent for global
// broadcasts.
struct Broadcast {
  std::uint64_t seq = 0;
  std::optional<SessionId> session;
  BroadcastEvent event;

  static constexpr std::string_view kName = "broadcast";
  static constexpr auto kFields =
      std::tuple{Field{"seq", &Broadcast::seq}, Field{"session", &Broadcast::session},
                 Field{"event", &Broadcast::event}};
  bool operator==(const Broadcast&) const = default;
};

enum class GoodbyeKind : std::uint8_t {
  Refused,         // the Hello was not acceptable (e.g. protocol version)
  ShuttingDown,    // the daemon is stopping
  ProtocolError,   // the peer sent something undecodable
  OutputOverflow,  // the peer did not read its output fast enough
  TooManyClients,  // the connection limit is reached
};
template <>
struct EnumNames<GoodbyeKind> {
  static constexpr std::array<std::string_view, 5> names{
      "refused", "shutting_down", "protocol_error", "output_overflow", "too_many_clients"};
};

// The last message before the engine closes a connection.
struct Goodbye {
  GoodbyeKind kind = GoodbyeKind::ShuttingDown;
  std::string reason;

  static constexpr std::string_view kName = "goodbye";
  static constexpr auto kFields =
      std::tuple{Field{"kind", &Goodbye::kind}, Field{"reason", &Goodbye::reason}};
  bool operator==(const Goodbye&) const = default;
};

using ClientMessage = std::variant<Hello, Request>;
using ServerMessage = std::variant<Welcome, Response, Broadcast, Goodbye>;

}  // namespace truinlag
