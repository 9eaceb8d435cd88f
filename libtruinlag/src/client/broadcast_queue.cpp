#include "client/broadcast_queue.hpp"

namespace truinlag::client_detail {

void BroadcastQueue::push(Broadcast broadcast) {
  {
    std::lock_guard lock(mutex_);
    // Without a receiver, keeping broadcasts would only grow memory.
    if (!attached_ || closed_) return;
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

}  // namespace truinlag::client_detail
