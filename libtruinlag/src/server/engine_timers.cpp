#include "server/engine_timers.hpp"

#include <algorithm>
#include <vector>

namespace truinlag::server {

struct EngineTimers::Armed {
  uv_timer_t handle{};
  EngineTimers* owner = nullptr;
  engine::TimerKey key;
};

EngineTimers::EngineTimers(uv_loop_t* loop, Clock clock, FireCallback on_fire)
    : loop_(loop), clock_(std::move(clock)), on_fire_(std::move(on_fire)) {}

EngineTimers::~EngineTimers() { close_all(); }

void EngineTimers::apply(const std::vector<engine::TimerChange>& changes) {
  for (const auto& change : changes) {
    if (change.deadline) {
      arm(change.key, *change.deadline);
    } else {
      cancel(change.key);
    }
  }
}

void EngineTimers::restore(const std::map<engine::TimerKey, Timestamp>& timers) {
  // libuv runs timers due in the same turn in the order of their due time
  // (ties: the order they were started), so starting them sorted by
  // deadline makes passed deadlines fire in deadline order.
  std::vector<std::pair<Timestamp, engine::TimerKey>> sorted;
  for (const auto& [key, deadline] : timers) sorted.emplace_back(deadline, key);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [deadline, key] : sorted) arm(key, deadline);
}

void EngineTimers::arm(const engine::TimerKey& key, Timestamp deadline) {
  Armed*& armed = timers_[key];
  if (!armed) {
    armed = new Armed;
    armed->owner = this;
    armed->key = key;
    uv_timer_init(loop_, &armed->handle);
    armed->handle.data = armed;
  }
  const Timestamp delay = std::max<Timestamp>(0, deadline - clock_());
  uv_timer_start(&armed->handle, &on_timer, static_cast<std::uint64_t>(delay), 0);
}

void EngineTimers::cancel(const engine::TimerKey& key) {
  const auto found = timers_.find(key);
  if (found == timers_.end()) return;
  Armed* armed = found->second;
  timers_.erase(found);
  uv_timer_stop(&armed->handle);
  uv_close(reinterpret_cast<uv_handle_t*>(&armed->handle),
           [](uv_handle_t* h) { delete static_cast<Armed*>(h->data); });
}

void EngineTimers::close_all() {
  while (!timers_.empty()) cancel(timers_.begin()->first);
}

void EngineTimers::on_timer(uv_timer_t* handle) {
  auto* armed = static_cast<Armed*>(handle->data);
  EngineTimers* self = armed->owner;
  const engine::TimerKey key = armed->key;
  // The engine decides whether the key is still due; the handle is done.
  self->cancel(key);
  self->on_fire_(key);
}

}  // namespace truinlag::server
