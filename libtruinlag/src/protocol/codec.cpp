#include "protocol/codec.hpp"

#include "protocol/bounded_input_archive.hpp"
#include "protocol/string_output_archive.hpp"

namespace truinlag::protocol {
namespace {

// Messages are encoded into a per-thread scratch buffer that keeps its
// capacity, then copied out at their exact size: one allocation per
// message instead of a string growing by doubling (a GetConfig answer
// reallocated three times). A scratch grown by a huge message (an Import)
// is released again, so it never pins more than kKeptScratchBytes.
constexpr std::size_t kKeptScratchBytes = 64 << 10;

template <class Message>
std::string encode_message(const Message& message) {
  thread_local std::string scratch;
  scratch.clear();
  StringOutputArchive archive(scratch);
  archive(message);
  std::string out(scratch);
  if (scratch.capacity() > kKeptScratchBytes) std::string().swap(scratch);
  return out;
}

template <class Message>
Decoded<Message> decode_message(std::span<const std::uint8_t> payload) {
  Decoded<Message> out;
  try {
    BoundedInputArchive archive(payload);
    Message message;
    archive(message);
    if (archive.bytes_left() != 0) {
      throw DecodeError(std::to_string(archive.bytes_left()) + " trailing bytes after the message");
    }
    out.message = std::move(message);
  } catch (const DecodeError& e) {
    out.error = e.what();
  } catch (const std::bad_alloc&) {
    // Cannot happen with checked sizes; kept so a bug here is an error
    // frame, not a dead daemon.
    out.error = "out of memory while decoding";
  }
  return out;
}

// For a payload that failed to decode: if it starts like a Request
// (header, variant index 1, 8-byte id), read that id so the failure can be
// answered on it.
std::optional<RequestId> salvage_request_id(std::span<const std::uint8_t> payload) {
  try {
    BoundedInputArchive archive(payload);
    std::int32_t index = -1;
    archive(index);
    if (index != static_cast<std::int32_t>(variant_index_v<Request, ClientMessage>))
      return std::nullopt;
    RequestId id = 0;
    archive(id);
    return id;
  } catch (const DecodeError&) {
    return std::nullopt;
  }
}

}  // namespace

std::string encode(const ClientMessage& message) { return encode_message(message); }
std::string encode(const ServerMessage& message) { return encode_message(message); }

Decoded<ClientMessage> decode_client(std::span<const std::uint8_t> payload) {
  auto out = decode_message<ClientMessage>(payload);
  if (!out.message) out.request_id = salvage_request_id(payload);
  return out;
}

Decoded<ServerMessage> decode_server(std::span<const std::uint8_t> payload) {
  return decode_message<ServerMessage>(payload);
}

}  // namespace truinlag::protocol
