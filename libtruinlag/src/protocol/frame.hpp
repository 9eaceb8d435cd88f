// Framing: a 4-byte big-endian payload length, then the payload.
//
// FrameDecoder does no I/O (hiredis's reader is the model): feed it the
// bytes a socket produced, take complete payloads out. A length over the
// limit is reported as soon as the 4 header bytes are in, before any of the
// body is buffered, and the decoder stays failed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace truinlag::protocol {

inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kDefaultMaxFrameBytes = 16u << 20;  // 16 MiB

// Appends header + payload to out.
void append_frame(std::string& out, std::string_view payload);

class FrameDecoder {
 public:
  enum class Status {
    NeedMore,  // no complete frame buffered yet
    Frame,     // `payload` holds the next frame's payload
    TooLarge,  // a header announced more than the limit; stop reading
  };

  explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : max_frame_bytes_(max_frame_bytes) {}

  // Copyable and movable: it is a buffer and two counters.

  // Buffers bytes read from the peer. Ignored once TooLarge was reported.
  void feed(std::string_view bytes);

  // Takes the next complete frame out. `payload` stays valid until the next
  // call of feed() or next().
  Status next(std::string_view& payload);

  // Frees the buffer once every buffered frame was taken (payloads handed
  // out become invalid), when it grew beyond kKeptCapacity.
  void trim();
  static constexpr std::size_t kKeptCapacity = 256u << 10;

  // The length announced by the header that triggered TooLarge.
  std::uint64_t announced_length() const { return announced_; }
  std::size_t buffered_bytes() const { return buffer_.size() - consumed_; }
  // Memory the buffer holds (tests of trim() and of the reservation).
  std::size_t buffer_capacity() const { return buffer_.capacity(); }

 private:
  std::size_t max_frame_bytes_;
  std::string buffer_;
  std::size_t consumed_ = 0;  // bytes of buffer_ already handed out
  std::uint64_t announced_ = 0;
  bool failed_ = false;
};

}  // namespace truinlag::protocol
