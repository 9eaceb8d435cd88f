// The unsent output of one connection, as a list of chunks.
//
// A broadcast frame is encoded once and *shared* by every connection that
// gets it: 1,000 slow subscribers of a 1 MiB broadcast hold one 1 MiB
// string between them, not 1 GiB. Small frames (responses, Welcome,
// Goodbye) are copied into a private tail chunk so a burst of them is one
// buffer, not hundreds. The queue only holds bytes; the Connection hands
// them to uv_write and keeps the taken chunks alive until it completes.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace truinlag::server {

class OutputQueue {
 public:
  using Chunk = std::shared_ptr<const std::string>;

  // Copies `bytes` (appended to the private tail chunk while it is small).
  void append(std::string_view bytes);
  // Queues a frame shared with other connections (not copied).
  void append(Chunk shared);

  std::size_t size() const { return bytes_; }
  bool empty() const { return bytes_ == 0; }

  // Moves queued chunks to the end of `out`: the first one, then more while
  // the total stays within `max_bytes`.
  void take(std::vector<Chunk>& out, std::size_t max_bytes);

 private:
  std::deque<Chunk> chunks_;
  // The last chunk when it is private to this queue (it may still grow).
  std::shared_ptr<std::string> tail_;
  std::size_t bytes_ = 0;
};

}  // namespace truinlag::server
