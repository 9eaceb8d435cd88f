// The checks of the fuzz targets, shared by the libFuzzer programs (built
// with clang, one per target) and by the regression test that replays
// tests/fuzz/regressions/ and the seed corpus in the normal build (gcc).
//
// Each check feeds hostile bytes through one decoding entry point of the
// library. A refusal (DecodeError, an error in Decoded) is fine; whatever
// decodes must round-trip: re-encoded, it must decode again to an equal
// value, re-encode to the same bytes, and take as many bytes as the input.
// A broken property calls property_violated(); a crash, a sanitizer report
// or an exception other than DecodeError is a finding by itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace truinlag::fuzz {

// The fuzz targets, by the names of their corpus and regression folders.
inline constexpr std::string_view kTargets[] = {
    "frame", "client_message", "server_message", "stored_value", "json_client_message",
    "jpeg",  "gateway_message"};

// Defined by each program: the fuzz targets trap (a libFuzzer finding),
// the regression test throws (a failed test case).
[[noreturn]] void property_violated(const char* what);

// (a) `bytes` as a stream from a client, split into chunks in several ways
// (the split is derived from the bytes) and fed into the server's
// FrameDecoder: every split must give the frames of a plain reference
// parser, and every frame goes through check_client_message. Returns how
// many frames decoded to a message.
std::size_t check_frames(std::span<const std::uint8_t> bytes);

// (b) One ClientMessage payload, decoded as the server does.
bool check_client_message(std::span<const std::uint8_t> bytes);

// (c) One ServerMessage payload, decoded as the client library does.
bool check_server_message(std::span<const std::uint8_t> bytes);

// (d) A stored blob, decoded as the store loads it: as an engine Snapshot
// and as a PastGame, in every value format this build reads (1 and 2).
// Returns how many of those decodings succeeded.
std::size_t check_stored_value(std::span<const std::uint8_t> bytes);

// (e) JSON text decoded as a ClientMessage (truinlag/json.hpp), as a
// gateway would: a refusal must be the decoder's error (a path and a
// reason), never an exception; whatever decodes must re-encode to JSON that
// decodes to an equal value and encodes to the same text again.
bool check_json_client_message(std::span<const std::uint8_t> bytes);

// (f) Picture bytes as an upload brings them (src/pictures/jpeg.hpp, with
// small limits: 1 MiB, 4 megapixels): refused with a sentence, or prepared
// as a profile picture whose thumbnail decodes to 256x256 and as a proof
// photo stored byte for byte. Returns whether they were accepted.
bool check_jpeg(std::span<const std::uint8_t> bytes);

// (g) One WebSocket text message as the gateway parses it
// (src/gateway/wire.hpp): a refusal names a path and becomes an error
// answer that is valid JSON whatever bytes it quotes; a request's command
// round-trips through the JSON mapping.
bool check_gateway_message(std::span<const std::uint8_t> bytes);

// Runs the check of the target called `target` (one of kTargets) and
// returns whether the bytes decoded (for frame: at least one frame did).
bool check_target(std::string_view target, std::span<const std::uint8_t> bytes);

}  // namespace truinlag::fuzz
