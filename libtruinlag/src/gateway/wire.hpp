// The gateway's JSON messages (docs/gateway.md), one per WebSocket text
// frame. The values inside (commands, results, events) use the library's
// one JSON mapping (truinlag/json.hpp); this file only adds the envelopes:
//
//   client → gateway                       gateway → client
//   {"hello": {"version", "client"}}       {"welcome": {"version", "server", "max_message_bytes"}}
//   {"id", "login": {"passphrase"|"token"}} {"id", "logged_in": {"role", "player", "session",
//                                                           "team", "epoch", "last_seq"}}
//   {"id", "key"?, "command": {...}}       {"id", "result": {...}}
//                                          {"epoch", "seq", "broadcast": {"session", "event"}}
//                                          {"id"?, "error": {"kind", "text"}}
//
// parse_client never throws: anything malformed is a ParseFailure whose
// text names what was wrong and where, with the id when one could be read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "gateway/principal.hpp"
#include "truinlag/messages.hpp"

namespace truinlag::gateway {

// Version of the envelopes; a client's hello must name it.
inline constexpr std::int64_t kGatewayVersion = 1;

struct HelloIn {
  std::int64_t version = 0;
  std::string client;
};
struct LoginIn {
  RequestId id = 0;
  std::optional<std::string> passphrase;
  std::optional<std::string> token;
};
struct RequestIn {
  RequestId id = 0;
  std::optional<std::string> key;
  Command command;
};
using ClientIn = std::variant<HelloIn, LoginIn, RequestIn>;

struct ParseFailure {
  std::optional<RequestId> id;
  std::string text;
};

std::variant<ClientIn, ParseFailure> parse_client(std::string_view text);

// Error kinds of {"error": {"kind", "text"}}.
inline constexpr std::string_view kBadMessage = "bad_message";
inline constexpr std::string_view kNotLoggedIn = "not_logged_in";
inline constexpr std::string_view kLoginFailed = "login_failed";
inline constexpr std::string_view kTooManyLogins = "too_many_logins";
// Sent without an id when the broadcasts held since a login that sent no
// request for longer than the log's window are gone (gateway.cpp).
inline constexpr std::string_view kResyncRequired = "resync_required";

std::string welcome_text(std::string_view server_version, std::size_t max_message_bytes);
// `epoch` and `last_seq`: where the broadcasts stand (a resume continues
// from them).
std::string logged_in_text(RequestId id, const Principal& principal,
                           std::optional<SessionId> session, std::optional<TeamId> team,
                           std::uint64_t epoch, std::uint64_t last_seq);
std::string result_text(RequestId id, const Result& result);
std::string error_text(std::optional<RequestId> id, std::string_view kind, std::string_view text);
std::string broadcast_text(std::uint64_t epoch, std::uint64_t seq, std::optional<SessionId> session,
                           const BroadcastEvent& event);

}  // namespace truinlag::gateway
