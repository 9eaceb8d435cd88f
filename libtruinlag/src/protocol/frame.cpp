#include "protocol/frame.hpp"

namespace truinlag::protocol {

void append_frame(std::string& out, std::string_view payload) {
  const auto length = static_cast<std::uint32_t>(payload.size());
  const char header[kFrameHeaderBytes] = {
      static_cast<char>(length >> 24), static_cast<char>(length >> 16),
      static_cast<char>(length >> 8), static_cast<char>(length)};
  out.append(header, kFrameHeaderBytes);
  out.append(payload);
}

void FrameDecoder::feed(std::string_view bytes) {
  if (failed_) return;
  // Drop what was handed out before growing, so the buffer holds at most
  // one frame plus what arrived after it.
  if (consumed_ > 0 && (consumed_ == buffer_.size() || consumed_ > buffer_.size() / 2)) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

FrameDecoder::Status FrameDecoder::next(std::string_view& payload) {
  if (failed_) return Status::TooLarge;
  const std::size_t available = buffer_.size() - consumed_;
  if (available < kFrameHeaderBytes) return Status::NeedMore;
  const auto* h = reinterpret_cast<const unsigned char*>(buffer_.data() + consumed_);
  const std::uint64_t length = (std::uint64_t{h[0]} << 24) | (std::uint64_t{h[1]} << 16) |
                               (std::uint64_t{h[2]} << 8) | std::uint64_t{h[3]};
  if (length > max_frame_bytes_) {
    failed_ = true;
    announced_ = length;
    buffer_.clear();
    buffer_.shrink_to_fit();
    consumed_ = 0;
    return Status::TooLarge;
  }
  if (const std::size_t have = available - kFrameHeaderBytes; have < length) {
    // A quarter of a large frame arrived: make room for exactly the rest
    // once, instead of letting appends double the buffer to up to twice
    // the frame (a 16 MiB picture would hold 32 MiB). Not before: a peer
    // that merely announces a large frame reserves nothing, and the
    // capacity is then still under half the frame, so libstdc++ reserves
    // the size asked rather than doubling the old capacity past it.
    if (length > kKeptCapacity && have >= length / 4 &&
        buffer_.capacity() < consumed_ + kFrameHeaderBytes + length) {
      buffer_.erase(0, consumed_);  // payloads handed out are done with (see next())
      consumed_ = 0;
      buffer_.reserve(kFrameHeaderBytes + length);
    }
    return Status::NeedMore;
  }
  payload = std::string_view(buffer_).substr(consumed_ + kFrameHeaderBytes, length);
  consumed_ += kFrameHeaderBytes + length;
  return Status::Frame;
}

void FrameDecoder::trim() {
  if (consumed_ == 0 || consumed_ != buffer_.size()) return;
  buffer_.clear();
  consumed_ = 0;
  // An idle connection keeps a small buffer, not the largest frame it
  // ever sent.
  if (buffer_.capacity() > kKeptCapacity) std::string().swap(buffer_);
}

}  // namespace truinlag::protocol
