// Framing: a 4-byte big-endian payload length, then the payload.
//
// FrameDecoder does no I/O (hiredis's reader is the model): feed it the
// bytes a socket produced, take complete payloads out. A length over the
// limit is reported as soon as the 4 header bytes are in, before any of the
// body is buffered, and the decoder stays failed.
//
// A large frame (a picture upload) gets a buffer of its own, of exactly
// its size, once a quarter of it or 1 MiB is in: the reader can read the rest
// straight into it (room()/filled()) and the owner can take the finished
// payload away (take_payload()) to decode and free it on another thread.
// Without that the loop thread copied and page-faulted a 4.8 MB photo
// twice in one go and then freed it, and a Ping waited behind that
// (issue 16: Ping p99 while 20 clients upload).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace truinlag::protocol {

inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kDefaultMaxFrameBytes = 16u << 20;  // 16 MiB

// Appends header + payload to out.
void append_frame(std::string& out, std::string_view payload);

// A frame's payload in a buffer of its own, movable to another thread.
struct OwnedPayload {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
  std::string_view view() const { return {bytes.get(), size}; }
};

class FrameDecoder {
 public:
  enum class Status {
    NeedMore,  // no complete frame buffered yet
    Frame,     // `payload` holds the next frame's payload
    TooLarge,  // a header announced more than the limit; stop reading
  };

  explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : max_frame_bytes_(max_frame_bytes) {}

  // Movable, not copyable: it is two buffers and their counters.
  FrameDecoder(FrameDecoder&&) = default;
  FrameDecoder& operator=(FrameDecoder&&) = default;

  // Buffers bytes read from the peer. Ignored once TooLarge was reported.
  void feed(std::string_view bytes);

  // Where the rest of the large frame being received goes: read into it
  // and report the count with filled(), instead of feed() (which copies).
  // Empty unless a large frame's header is in and its payload is not.
  std::span<char> room();
  void filled(std::size_t bytes);

  // Takes the next complete frame out. `payload` stays valid until the next
  // call of feed() or next() (or take_payload()).
  Status next(std::string_view& payload);

  // Right after next() returned a large frame: its buffer, to keep beyond
  // the next call (nullopt for a frame of the shared buffer).
  std::optional<OwnedPayload> take_payload();

  // Frames over this size get a buffer of their own (see above).
  static constexpr std::size_t kLargeFrameBytes = 256u << 10;

  // Frees the buffer once every buffered frame was taken (payloads handed
  // out become invalid), when it grew beyond kKeptCapacity.
  void trim();
  static constexpr std::size_t kKeptCapacity = 256u << 10;

  // The length announced by the header that triggered TooLarge.
  std::uint64_t announced_length() const { return announced_; }
  std::size_t buffered_bytes() const;
  // Memory the buffers hold (tests of trim() and of the large buffer).
  std::size_t buffer_capacity() const {
    return buffer_.capacity() + (large_.bytes ? large_.size : 0);
  }

 private:
  void release_large();

  std::size_t max_frame_bytes_;
  std::string buffer_;
  std::size_t consumed_ = 0;  // bytes of buffer_ already handed out
  // The large frame being received (bytes allocated, not initialised);
  // it precedes everything in buffer_.
  OwnedPayload large_;
  std::size_t large_have_ = 0;
  bool large_out_ = false;  // next() handed it out
  std::uint64_t announced_ = 0;
  bool failed_ = false;
};

}  // namespace truinlag::protocol
