// Arming and cancelling the engine's timers.
//
// A timer lives in two places: `State::timers` (what fire() checks and the
// store saves) and the outcome's `timers` (what the server schedules and
// the store writes). Every handler changes them through these helpers, so
// the two cannot drift apart: the changes of an outcome, applied in order
// to the timers before the command, give the timers after it.
#pragma once

#include <map>

#include "engine/outcome.hpp"

namespace truinlag::engine {

using Timers = std::map<TimerKey, Timestamp>;

// Arms `key` for `deadline`; an armed key only moves its deadline.
inline void arm_timer(Timers& timers, Outcome& outcome, const TimerKey& key, Timestamp deadline) {
  timers[key] = deadline;
  outcome.timers.push_back({key, deadline});
}

// Cancels `key`; a key that is not armed changes nothing and is not
// reported (the server and the store have nothing to cancel either).
inline void cancel_timer(Timers& timers, Outcome& outcome, const TimerKey& key) {
  if (timers.erase(key) == 0) return;
  outcome.timers.push_back({key, std::nullopt});
}

// Cancels every timer of `session` (its end alarm and grace periods).
inline void cancel_session_timers(Timers& timers, Outcome& outcome, SessionId session) {
  for (auto it = timers.begin(); it != timers.end();) {
    if (it->first.session == session) {
      outcome.timers.push_back({it->first, std::nullopt});
      it = timers.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace truinlag::engine
