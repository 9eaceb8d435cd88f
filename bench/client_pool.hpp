// Many LoopClients on one libuv loop, the way redis-benchmark drives many
// connections from one thread.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "truinlag/loop_client.hpp"

namespace truinlag::bench {

// Nanoseconds of libuv's monotonic clock.
inline std::uint64_t now_ns() { return uv_hrtime(); }

class ClientPool {
 public:
  // `loop` must outlive the pool.
  ClientPool(uv_loop_t* loop, std::string socket_path);
  ~ClientPool();

  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  // Opens `count` more connections and waits for every handshake. At most
  // a few dozen connect at once, so the daemon's listen backlog never
  // overflows. Throws std::runtime_error if one fails.
  void connect(std::size_t count);
  // Closes every connection and lets libuv finish closing them.
  void close_all();

  std::size_t size() const { return clients_.size(); }
  LoopClient& operator[](std::size_t i) { return *clients_[i]; }

  // Runs the loop until `done()` is true, or throws once `timeout_ms`
  // passed (a stuck benchmark must fail, not hang CI).
  void run_until(const std::function<bool()>& done, std::uint64_t timeout_ms = 60000);

  // Sends `command` on client `i` and waits for its result (set-up steps).
  Result call(std::size_t i, Command command);

 private:
  uv_loop_t* loop_;
  std::string socket_path_;
  std::vector<std::unique_ptr<LoopClient>> clients_;
  uv_timer_t tick_{};  // wakes run_until so it can check its deadline
};

}  // namespace truinlag::bench
