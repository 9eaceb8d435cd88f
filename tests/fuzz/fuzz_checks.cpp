#include "fuzz_checks.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/state.hpp"
#include "gateway/wire.hpp"
#include "pictures/jpeg.hpp"
#include "protocol/codec.hpp"
#include "protocol/frame.hpp"
#include "protocol/value_codec.hpp"
#include "truinlag/json.hpp"

namespace truinlag::fuzz {
namespace {

// True unless the value holds a NaN somewhere (doubles arrive as raw bits,
// and NaN != NaN). Such values are still checked byte for byte.
template <class T>
bool equal_to_itself(const T& value) {
  const T* other = &value;
  return value == *other;
}

// The round-trip property of every decoder: `value` was decoded from
// `input_size` bytes; its encoding must be as long (every field has the
// same width both ways), decode again to an equal value, and encode again
// to the same bytes.
template <class T, class Encode, class Decode>
void check_round_trip(const T& value, std::size_t input_size, Encode encode, Decode decode) {
  const std::string bytes = encode(value);
  if (bytes.size() != input_size) property_violated("re-encoding changed the size");
  const std::optional<T> again = decode(bytes);
  if (!again) property_violated("the re-encoded bytes do not decode");
  if (equal_to_itself(value) && !(*again == value)) {
    property_violated("the re-encoded bytes decode to a different value");
  }
  if (encode(*again) != bytes) property_violated("encoding is not stable across a round trip");
}

template <class Message, class Decode>
bool check_message(std::span<const std::uint8_t> bytes, Decode decode) {
  const auto decoded = decode(bytes);
  if (!decoded.message) {
    if (decoded.error.empty()) property_violated("a refused payload has no reason");
    return false;
  }
  if (!decoded.error.empty() || decoded.request_id) {
    property_violated("a decoded payload also carries an error");
  }
  check_round_trip(
      *decoded.message, bytes.size(), [](const Message& m) { return protocol::encode(m); },
      [&](const std::string& b) { return decode(protocol::as_bytes(b)).message; });
  return true;
}

template <class T>
bool check_stored(std::span<const std::uint8_t> bytes, std::uint32_t format) {
  std::optional<T> value;
  try {
    value = protocol::decode_value<T>(bytes, format);
  } catch (const protocol::DecodeError&) {
    return false;
  }
  check_round_trip(
      *value, bytes.size(), [format](const T& v) { return protocol::encode_value(v, format); },
      [format](const std::string& b) -> std::optional<T> {
        try {
          return protocol::decode_value<T>(protocol::as_bytes(b), format);
        } catch (const protocol::DecodeError&) {
          return std::nullopt;
        }
      });
  return true;
}

// ---- framing ----

// What a stream of bytes framed into: the complete frames in order, then
// either an over-long header (the decoder fails for good and drops its
// buffer) or the bytes of an incomplete frame still buffered.
struct FrameRun {
  std::vector<std::string> frames;
  bool too_large = false;
  std::uint64_t announced = 0;
  std::size_t buffered = 0;
  bool operator==(const FrameRun&) const = default;
};

// The obvious parser of the framing (docs/protocol.md), to compare with.
FrameRun reference_frames(std::span<const std::uint8_t> bytes, std::size_t limit) {
  FrameRun run;
  std::size_t pos = 0;
  while (bytes.size() - pos >= protocol::kFrameHeaderBytes) {
    const std::uint64_t length = (std::uint64_t{bytes[pos]} << 24) |
                                 (std::uint64_t{bytes[pos + 1]} << 16) |
                                 (std::uint64_t{bytes[pos + 2]} << 8) | bytes[pos + 3];
    if (length > limit) {
      run.too_large = true;
      run.announced = length;
      return run;
    }
    if (bytes.size() - pos - protocol::kFrameHeaderBytes < length) break;
    const auto* start = reinterpret_cast<const char*>(bytes.data() + pos + 4);
    run.frames.emplace_back(start, static_cast<std::size_t>(length));
    pos += protocol::kFrameHeaderBytes + static_cast<std::size_t>(length);
  }
  run.buffered = bytes.size() - pos;
  return run;
}

// splitmix64: a tiny deterministic generator for the chunk sizes, seeded
// from the input, so a finding replays exactly.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Mostly small chunks (the interesting boundaries), sometimes big ones.
  std::size_t chunk() {
    const std::uint64_t r = next();
    switch (r % 4) {
      case 0:
        return 1;
      case 1:
        return 1 + (r >> 8) % 8;
      case 2:
        return 1 + (r >> 8) % 300;
      default:
        return 1 + (r >> 8) % 70000;
    }
  }
};

std::uint64_t fnv1a(std::span<const std::uint8_t> bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

// Feeds `bytes` in the chunks `next_chunk` chooses, draining complete
// frames after every chunk as the server's read callback does.
template <class NextChunk>
FrameRun run_decoder(std::span<const std::uint8_t> bytes, std::size_t limit, NextChunk next_chunk) {
  protocol::FrameDecoder decoder(limit);
  FrameRun run;
  auto drain = [&] {
    std::string_view payload;
    for (;;) {
      switch (decoder.next(payload)) {
        case protocol::FrameDecoder::Status::NeedMore:
          return;
        case protocol::FrameDecoder::Status::TooLarge:
          run.too_large = true;
          return;
        case protocol::FrameDecoder::Status::Frame:
          run.frames.emplace_back(payload);  // copied: valid only until the next call
          break;
      }
    }
  };
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t n = std::min(next_chunk(), bytes.size() - pos);
    decoder.feed(std::string_view(reinterpret_cast<const char*>(bytes.data() + pos), n));
    pos += n;
    drain();
  }
  drain();
  run.announced = decoder.announced_length();
  run.buffered = decoder.buffered_bytes();
  if (run.too_large) {
    // Failed for good: more bytes change nothing.
    decoder.feed("more");
    std::string_view payload;
    if (decoder.next(payload) != protocol::FrameDecoder::Status::TooLarge ||
        decoder.buffered_bytes() != 0) {
      property_violated("a failed FrameDecoder recovered");
    }
  }
  return run;
}

}  // namespace

std::size_t check_frames(std::span<const std::uint8_t> bytes) {
  const std::uint64_t seed = fnv1a(bytes);
  const std::size_t default_limit = protocol::kDefaultMaxFrameBytes;
  // A small limit too, so that refusing an over-long frame after good ones
  // is exercised with inputs of fuzzing size.
  const std::size_t small_limit = static_cast<std::size_t>(seed % 512);

  for (const std::size_t limit : {default_limit, small_limit}) {
    const FrameRun expected = reference_frames(bytes, limit);
    const auto whole = [] { return ~std::size_t{0}; };
    if (run_decoder(bytes, limit, whole) != expected) {
      property_violated("FrameDecoder (one chunk) differs from the reference");
    }
    Random random{seed ^ limit};
    if (run_decoder(bytes, limit, [&] { return random.chunk(); }) != expected) {
      property_violated("FrameDecoder (random chunks) differs from the reference");
    }
    if (bytes.size() <= 4096 &&
        run_decoder(bytes, limit, [] { return std::size_t{1}; }) != expected) {
      property_violated("FrameDecoder (byte by byte) differs from the reference");
    }
    // Framing round trip: the frames, framed again, are the bytes they
    // came from.
    std::string framed;
    for (const auto& frame : expected.frames) protocol::append_frame(framed, frame);
    const std::size_t consumed = framed.size();
    if (consumed > bytes.size() ||
        framed != std::string_view(reinterpret_cast<const char*>(bytes.data()), consumed)) {
      property_violated("append_frame does not reproduce the frames' bytes");
    }
  }

  std::size_t decoded = 0;
  for (const auto& frame : reference_frames(bytes, default_limit).frames) {
    decoded += check_client_message(protocol::as_bytes(frame)) ? 1 : 0;
  }
  return decoded;
}

bool check_client_message(std::span<const std::uint8_t> bytes) {
  return check_message<ClientMessage>(
      bytes, [](std::span<const std::uint8_t> b) { return protocol::decode_client(b); });
}

bool check_server_message(std::span<const std::uint8_t> bytes) {
  return check_message<ServerMessage>(
      bytes, [](std::span<const std::uint8_t> b) { return protocol::decode_server(b); });
}

std::size_t check_stored_value(std::span<const std::uint8_t> bytes) {
  std::size_t decoded = 0;
  for (std::uint32_t format = 1; format <= kValueFormat; ++format) {
    decoded += check_stored<engine::Snapshot>(bytes, format) ? 1 : 0;
    decoded += check_stored<PastGame>(bytes, format) ? 1 : 0;
  }
  // A format this build does not know is refused before any byte is read.
  for (const std::uint32_t format : {0u, kValueFormat + 1}) {
    try {
      (void)protocol::decode_value<PastGame>(bytes, format);
      property_violated("an unknown value format was decoded");
    } catch (const protocol::DecodeError&) {
    }
  }
  return decoded;
}

bool check_json_client_message(std::span<const std::uint8_t> bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const auto decoded = decode_json_text<ClientMessage>(text);
  if (!decoded) {
    if (decoded.error.rfind("$", 0) != 0) property_violated("a JSON refusal names no path");
    return false;
  }
  if (!decoded.error.empty()) property_violated("a decoded JSON message also carries an error");
  const std::string json = to_ordered_json_value(*decoded.value).dump();
  const auto again = decode_json_text<ClientMessage>(json);
  if (!again) property_violated("the re-encoded JSON does not decode");
  if (equal_to_itself(*decoded.value) && !(*again.value == *decoded.value)) {
    property_violated("the re-encoded JSON decodes to a different value");
  }
  if (to_ordered_json_value(*again.value).dump() != json) {
    property_violated("JSON encoding is not stable across a round trip");
  }
  return true;
}

bool check_gateway_message(std::span<const std::uint8_t> bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto parsed = gateway::parse_client(text);
  if (auto* failure = std::get_if<gateway::ParseFailure>(&parsed)) {
    if (failure->text.rfind("$", 0) != 0) property_violated("a gateway refusal names no path");
    const std::string answer =
        gateway::error_text(failure->id, gateway::kBadMessage, failure->text);
    if (!nlohmann::json::accept(answer)) property_violated("an error answer is not valid JSON");
    return false;
  }
  if (auto* request = std::get_if<gateway::RequestIn>(&std::get<gateway::ClientIn>(parsed))) {
    if (request->key && (request->key->empty() || request->key->size() > kMaxKeyBytes)) {
      property_violated("a key outside its length limit was accepted");
    }
    const std::string json = to_ordered_json_value(request->command).dump();
    const auto again = decode_json_text<Command>(json);
    if (!again) property_violated("a gateway command does not re-encode to JSON that decodes");
    if (equal_to_itself(request->command) && !(*again.value == request->command)) {
      property_violated("a gateway command decodes to a different value after re-encoding");
    }
    const std::string answer = gateway::result_text(request->id, Success{});
    if (!nlohmann::json::accept(answer)) property_violated("a result answer is not valid JSON");
  }
  return true;
}

bool check_jpeg(std::span<const std::uint8_t> bytes) {
  const std::string jpeg(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const pictures::Limits limits{1u << 20, 4'000'000};
  auto profile = pictures::prepare_profile(jpeg, limits);
  auto proof = pictures::prepare_proof(jpeg, limits);
  const bool accepted = std::holds_alternative<pictures::Prepared>(profile);
  if (accepted != std::holds_alternative<pictures::Prepared>(proof)) {
    property_violated("a profile picture and a proof photo disagree on the same bytes");
  }
  if (!accepted) {
    if (std::get<pictures::Problem>(profile).text.empty()) property_violated("a silent refusal");
    return false;
  }
  const auto& prepared = std::get<pictures::Prepared>(profile);
  if (prepared.jpeg != jpeg || std::get<pictures::Prepared>(proof).jpeg != jpeg) {
    property_violated("the stored bytes differ from the upload");
  }
  const auto thumbnail =
      prepared.thumbnail ? pictures::decode_rgb(*prepared.thumbnail) : std::nullopt;
  if (!thumbnail || thumbnail->width != pictures::kThumbnailSide ||
      thumbnail->height != pictures::kThumbnailSide) {
    property_violated("the thumbnail is not a 256x256 JPEG");
  }
  return true;
}

bool check_target(std::string_view target, std::span<const std::uint8_t> bytes) {
  if (target == "frame") return check_frames(bytes) > 0;
  if (target == "client_message") return check_client_message(bytes);
  if (target == "server_message") return check_server_message(bytes);
  if (target == "stored_value") return check_stored_value(bytes) > 0;
  if (target == "json_client_message") return check_json_client_message(bytes);
  if (target == "jpeg") return check_jpeg(bytes);
  if (target == "gateway_message") return check_gateway_message(bytes);
  throw std::invalid_argument("unknown fuzz target " + std::string(target));
}

}  // namespace truinlag::fuzz
