#include "client/broadcast_queue.hpp"

namespace truinlag::client_detail {

BroadcastQueue::BroadcastQueue(std::size_t capacity) : capacity_(capacity) {}

void BroadcastQueue::push(Broadcast broadcast) {
  {
    std::lock_guard lock(mutex_);
    // Without a receiver, keeping broadcasts would only grow memory.
    if (!attached_ || closed_) return;
    if (capacity_ == 0) {
      ++dropped_;
      return;
    }
    // A receiver that falls behind loses the oldest news first; the gap
    // shows in Broadcast::seq and in dropped().
    if (queue_.size() >= capacity_) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(std::move(broadcast));
  }
  ready_.notify_one();
}

void BroadcastQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

void BroadcastQueue::detach() {
  std::lock_guard lock(mutex_);
  attached_ = false;
  queue_.clear();
}

std::optional<Broadcast> BroadcastQueue::pop(Deadline deadline) {
  std::unique_lock lock(mutex_);
  const auto ready = [this] { return !queue_.empty() || closed_; };
  if (deadline) {
    ready_.wait_until(lock, *deadline, ready);
  } else {
    ready_.wait(lock, ready);
  }
  if (queue_.empty()) return std::nullopt;
  Broadcast next = std::move(queue_.front());
  queue_.pop_front();
  return next;
}

std::uint64_t BroadcastQueue::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void BroadcastQueue::note_resync() {
  std::lock_guard lock(mutex_);
  ++resyncs_;
}

std::uint64_t BroadcastQueue::resyncs() const {
  std::lock_guard lock(mutex_);
  return resyncs_;
}

}  // namespace truinlag::client_detail
