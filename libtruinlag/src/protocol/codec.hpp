// Encoding and decoding of whole messages (payloads, without the frame
// header; see frame.hpp for framing).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "truinlag/messages.hpp"

namespace truinlag::protocol {

// The payload of one message: cereal's portable binary encoding,
// little endian.
std::string encode(const ClientMessage& message);
std::string encode(const ServerMessage& message);

// A decoded message, or why the bytes were refused.
template <class Message>
struct Decoded {
  std::optional<Message> message;
  std::string error;  // empty iff message is set
  // For a refused Request: its id, if the bytes got that far, so the
  // engine can answer that request with a ProtocolError before closing.
  std::optional<RequestId> request_id;
};

Decoded<ClientMessage> decode_client(std::span<const std::uint8_t> payload);
Decoded<ServerMessage> decode_server(std::span<const std::uint8_t> payload);

inline std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace truinlag::protocol
