#include "server/output_queue.hpp"

#include <algorithm>

namespace truinlag::server {
namespace {
// A private chunk grows up to this; beyond, a new one starts, so appending
// never copies a large buffer again and again.
constexpr std::size_t kTailChunkBytes = 64 * 1024;
}  // namespace

void OutputQueue::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (!tail_ || tail_->size() + bytes.size() > kTailChunkBytes) {
    tail_ = std::make_shared<std::string>();
    tail_->reserve(std::min(kTailChunkBytes, std::max(bytes.size(), std::size_t{256})));
    chunks_.push_back(tail_);
  }
  tail_->append(bytes);
  bytes_ += bytes.size();
}

void OutputQueue::append(Chunk shared) {
  if (!shared || shared->empty()) return;
  bytes_ += shared->size();
  chunks_.push_back(std::move(shared));
  tail_.reset();  // later private bytes must come after the shared frame
}

void OutputQueue::take(std::vector<Chunk>& out, std::size_t max_bytes) {
  std::size_t taken = 0;
  while (!chunks_.empty() && (taken == 0 || taken + chunks_.front()->size() <= max_bytes)) {
    taken += chunks_.front()->size();
    bytes_ -= chunks_.front()->size();
    out.push_back(std::move(chunks_.front()));
    chunks_.pop_front();
  }
  // The private tail, if taken, must not grow any more.
  if (chunks_.empty()) tail_.reset();
}

}  // namespace truinlag::server
