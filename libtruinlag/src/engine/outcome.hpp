// What executing one command produced: everything the server needs to
// persist, answer, broadcast and schedule, and nothing it has to ask for.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "truinlag/events.hpp"
#include "truinlag/results.hpp"

namespace truinlag::engine {

// The kinds of stored entity an outcome can change (the persistence layer
// writes exactly these rows).
enum class EntityKind : std::uint8_t {
  Session, Player, ChallengeSet, Challenge, Zone, Team, Game, PastGame, Picture
};

struct ChangedEntity {
  EntityKind kind;
  std::int64_t id;
  bool operator==(const ChangedEntity&) const = default;
};

// What a timer does when it fires.
enum class TimerKind : std::uint8_t { EndAlarm, GracePeriodEnd };

// A timer is identified by what it is for; arming an existing key moves its
// deadline, so a stale deadline can never fire twice.
struct TimerKey {
  TimerKind kind;
  SessionId session = 0;
  TeamId team = 0;  // 0 for the end alarm
  auto operator<=>(const TimerKey&) const = default;
};

struct TimerChange {
  TimerKey key;
  std::optional<Timestamp> deadline;  // absent: cancel
  bool operator==(const TimerChange&) const = default;
};

// A broadcast before the server gives it a sequence number.
struct BroadcastOut {
  std::optional<SessionId> session;  // absent: global, reaches everyone
  BroadcastEvent event;
};

struct Outcome {
  Result result = Success{};
  std::optional<BroadcastOut> broadcast;
  std::vector<ChangedEntity> changed;
  std::vector<TimerChange> timers;
  bool shutdown_requested = false;  // the server shuts down after answering
};

}  // namespace truinlag::engine
