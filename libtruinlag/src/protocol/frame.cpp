#include "protocol/frame.hpp"

#include <algorithm>
#include <new>

namespace truinlag::protocol {

void append_frame(std::string& out, std::string_view payload) {
  const auto length = static_cast<std::uint32_t>(payload.size());
  const char header[kFrameHeaderBytes] = {
      static_cast<char>(length >> 24), static_cast<char>(length >> 16),
      static_cast<char>(length >> 8), static_cast<char>(length)};
  out.append(header, kFrameHeaderBytes);
  out.append(payload);
}

void FrameDecoder::release_large() {
  large_ = {};
  large_have_ = 0;
  large_out_ = false;
}

std::size_t FrameDecoder::buffered_bytes() const {
  const std::size_t large = large_.bytes && !large_out_ ? kFrameHeaderBytes + large_have_ : 0;
  return large + buffer_.size() - consumed_;
}

std::span<char> FrameDecoder::room() {
  if (failed_ || !large_.bytes || large_have_ == large_.size) return {};
  return {large_.bytes.get() + large_have_, large_.size - large_have_};
}

void FrameDecoder::filled(std::size_t bytes) {
  large_have_ += std::min(bytes, large_.size - large_have_);
}

void FrameDecoder::feed(std::string_view bytes) {
  if (failed_) return;
  if (large_out_) release_large();
  if (auto space = room(); !space.empty()) {
    const std::size_t n = std::min(space.size(), bytes.size());
    std::copy_n(bytes.data(), n, space.data());
    filled(n);
    bytes.remove_prefix(n);
    if (bytes.empty()) return;
  }
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
  if (large_out_) release_large();
  if (large_.bytes) {
    if (large_have_ < large_.size) return Status::NeedMore;
    payload = large_.view();
    large_out_ = true;
    return Status::Frame;
  }
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
    // Not at the header: a peer that merely announces 65 MiB must not make
    // the daemon allocate them (glibc with MALLOC_PERTURB_, as under meson
    // test, even writes every byte: a 130 ms stall in e2e_hostile). Once a
    // quarter of the frame, or 1 MiB, has arrived, the frame is real.
    if (length > kLargeFrameBytes &&
        have >= std::min<std::uint64_t>(length / 4, kLargeFrameBytes * 4)) {
      // Everything buffered belongs to this frame (it is incomplete), so
      // it moves to the frame's own buffer, not initialised.
      try {
        large_.bytes = std::make_unique_for_overwrite<char[]>(length);
      } catch (const std::bad_alloc&) {
        return Status::NeedMore;  // stays in the shared buffer
      }
      large_.size = length;
      std::copy_n(buffer_.data() + consumed_ + kFrameHeaderBytes, have, large_.bytes.get());
      large_have_ = have;
      buffer_.clear();
      consumed_ = 0;
      trim();
    }
    return Status::NeedMore;
  }
  payload = std::string_view(buffer_).substr(consumed_ + kFrameHeaderBytes, length);
  consumed_ += kFrameHeaderBytes + length;
  return Status::Frame;
}

std::optional<OwnedPayload> FrameDecoder::take_payload() {
  if (!large_out_) return std::nullopt;
  OwnedPayload out = std::move(large_);
  release_large();
  return out;
}

void FrameDecoder::trim() {
  if (consumed_ != buffer_.size()) return;
  buffer_.clear();
  consumed_ = 0;
  // An idle connection keeps a small buffer, not the largest frame it
  // ever sent.
  if (buffer_.capacity() > kKeptCapacity) std::string().swap(buffer_);
}

}  // namespace truinlag::protocol
