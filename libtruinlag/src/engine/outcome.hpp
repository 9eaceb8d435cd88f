// What executing one command produced: everything the server needs to
// persist, answer, broadcast and schedule, and nothing it has to ask for.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "truinlag/events.hpp"
#include "truinlag/results.hpp"

namespace truinlag::engine {

// The kinds of stored entity an outcome can change (the persistence layer
// writes exactly these rows).
enum class EntityKind : std::uint8_t {
  Session,  // the session row, its config overrides, its running game and snapshot
  Player,
  PlayerCounts,  // only a player's location counters (written with every location)
  ChallengeSet,
  Challenge,
  Zone,          // the zone and its travel minutes
  Team,          // everything of a team but its track
  TeamLocation,  // only a team's current location (the frequent write)
  Track,         // points appended to a team's location track (id: the team)
  TrackReset,    // a team's track was cleared (it may have grown again since)
  PastGame,
  Picture,
  Token,  // a login token (id: TokenData::id), added or revoked
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
  // Broadcasts that follow `broadcast`, in order (a draw's TrapSet after
  // the Caught, Completed or Started that caused the draw).
  std::vector<BroadcastOut> more_broadcasts;
  std::vector<ChangedEntity> changed;
  std::vector<TimerChange> timers;
  bool shutdown_requested = false;  // the server shuts down after answering
  // Lines for the server's log (the engine itself does no I/O): notes at
  // info level, warnings (something an organiser should look at: a catch
  // without locations, a draw that found no challenge) at warning level.
  // A refused outcome may carry them too.
  std::vector<std::string> notes;
  std::vector<std::string> warnings;

  // Records that an entity changed (once, however often it is called).
  // Most outcomes touch a handful of entities, searched linearly without
  // allocating; an Import or DeleteAllChallenges touches tens of thousands,
  // where a linear search per touch made the command quadratic (issue 14),
  // so past kLinearTouches the search uses an ordered index of `changed`.
  void touch(EntityKind kind, std::int64_t id) {
    const ChangedEntity entity{kind, id};
    if (changed.size() < kLinearTouches) {
      if (std::find(changed.begin(), changed.end(), entity) != changed.end()) return;
    } else {
      if (touched_.empty()) {
        for (const ChangedEntity& c : changed) touched_.emplace(c.kind, c.id);
      }
      if (!touched_.emplace(kind, id).second) return;
    }
    changed.push_back(entity);
  }

 private:
  static constexpr std::size_t kLinearTouches = 32;
  // Every entry of `changed` once it has kLinearTouches entries (only
  // touch() adds to `changed`), else empty.
  std::set<std::pair<EntityKind, std::int64_t>> touched_;
};

inline Outcome refuse(Error error) {
  Outcome outcome;
  outcome.result = Failure{std::move(error)};
  return outcome;
}

inline Outcome reply(Result result) {
  Outcome outcome;
  outcome.result = std::move(result);
  return outcome;
}

}  // namespace truinlag::engine
