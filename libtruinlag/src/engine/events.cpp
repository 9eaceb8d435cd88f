#include "engine/events.hpp"

#include <algorithm>
#include <tuple>

namespace truinlag::engine {

std::optional<Location> period_end_location(const TeamData& team, const Period& period) {
  if (period.track_end == 0 || period.track_end > team.track.size()) return std::nullopt;
  return team.track[period.track_end - 1];
}

std::vector<Event> derive_events(const std::vector<const TeamData*>& teams,
                                 const std::vector<Correction>& corrections) {
  struct Keyed {
    Timestamp time;
    TeamId team;
    std::size_t period;
    Event event;
  };
  std::vector<Keyed> keyed;
  for (const TeamData* team : teams) {
    for (std::size_t i = 0; i < team->team.periods.size(); ++i) {
      const Period& period = team->team.periods[i];
      const auto location = period_end_location(*team, period);
      if (const auto* caught = std::get_if<CaughtSomeone>(&period.context)) {
        keyed.push_back({period.end_time, team->team.id, i,
                         CatchEvent{team->team.id, caught->caught, caught->bounty, period.end_time,
                                    period.pictures, location}});
      } else if (const auto* done = std::get_if<CompletedChallenge>(&period.context)) {
        keyed.push_back({period.end_time, team->team.id, i,
                         CompleteEvent{done->title, team->team.id, period.end_time, period.pictures,
                                       location}});
      }
    }
  }
  // Numbered past every period index, so that a correction sorts after the
  // periods of its team at the same time, and corrections keep their order.
  std::size_t after_periods = 0;
  for (const TeamData* team : teams) {
    after_periods = std::max(after_periods, team->team.periods.size());
  }
  for (std::size_t i = 0; i < corrections.size(); ++i) {
    keyed.push_back({corrections[i].time, corrections[i].team, after_periods + i, corrections[i]});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.time, a.team, a.period) < std::tie(b.time, b.team, b.period);
  });
  std::vector<Event> events;
  events.reserve(keyed.size());
  for (auto& k : keyed) events.push_back(std::move(k.event));
  return events;
}

}  // namespace truinlag::engine
