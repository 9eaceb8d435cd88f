// The engine's deadlines as libuv timers.
//
// The engine keeps its timers as data (key -> deadline) and reports every
// change in an Outcome; this class mirrors those changes into uv_timer_t
// handles and hands a firing key back to its owner, which feeds it through
// Engine::fire like a command. Arming a key again moves its deadline;
// cancelling closes the handle; a handle that fires after its key was
// cancelled or moved can only reach Engine::fire, which ignores stale keys.
#pragma once

#include <uv.h>

#include <functional>
#include <map>

#include "engine/outcome.hpp"

namespace truinlag::server {

class EngineTimers {
 public:
  using FireCallback = std::function<void(const engine::TimerKey&)>;
  using Clock = std::function<Timestamp()>;

  EngineTimers(uv_loop_t* loop, Clock clock, FireCallback on_fire);
  ~EngineTimers();

  EngineTimers(const EngineTimers&) = delete;
  EngineTimers& operator=(const EngineTimers&) = delete;

  // Applies an outcome's timer changes (arm, move or cancel).
  void apply(const std::vector<engine::TimerChange>& changes);
  // Arms every timer of a restored state; passed deadlines fire on the next
  // loop turn, in deadline order.
  void restore(const std::map<engine::TimerKey, Timestamp>& timers);
  // Closes every handle (shutdown).
  void close_all();
  std::size_t armed() const { return timers_.size(); }

 private:
  struct Armed;
  void arm(const engine::TimerKey& key, Timestamp deadline);
  void cancel(const engine::TimerKey& key);
  static void on_timer(uv_timer_t* handle);

  uv_loop_t* loop_;
  Clock clock_;
  FireCallback on_fire_;
  std::map<engine::TimerKey, Armed*> timers_;
};

}  // namespace truinlag::server
