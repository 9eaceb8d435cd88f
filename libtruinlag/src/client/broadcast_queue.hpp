// The broadcasts waiting for Receiver::recv(), shared by the loop thread
// (which pushes) and the thread of the Receiver (which pops). Bounded: a
// Receiver that never pops costs at most `capacity` broadcasts of memory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "truinlag/messages.hpp"

namespace truinlag::client_detail {

// Not copyable or movable: both threads hold a pointer to it.
class BroadcastQueue {
 public:
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;

  // Keeps at most `capacity` broadcasts (none when it is zero).
  explicit BroadcastQueue(std::size_t capacity);
  BroadcastQueue(const BroadcastQueue&) = delete;
  BroadcastQueue& operator=(const BroadcastQueue&) = delete;

  // Queues a broadcast, unless nobody will ever take it (no receiver).
  // When the queue is full the oldest one is dropped and counted.
  void push(Broadcast broadcast);
  // No more broadcasts will come; a waiting pop() wakes up.
  void close();
  // The receiver is gone: drops what is queued and everything that comes.
  void detach();

  // The next broadcast; waits until one comes, the queue is closed (and
  // empty) or the deadline passes. Empty in the last two cases.
  std::optional<Broadcast> pop(Deadline deadline);

  // How many broadcasts push() dropped because the queue was full.
  std::uint64_t dropped() const;
  // A reconnection could not replay what was missed (ClientOptions::reconnect).
  void note_resync();
  std::uint64_t resyncs() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Broadcast> queue_;
  std::uint64_t dropped_ = 0;
  std::uint64_t resyncs_ = 0;
  bool closed_ = false;
  bool attached_ = true;
};

}  // namespace truinlag::client_detail
