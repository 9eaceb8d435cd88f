#include "engine/draw.hpp"

#include <algorithm>
#include <limits>

namespace truinlag::engine {
namespace {

bool drawable(const Challenge& c) {
  return c.status == ChallengeStatus::Approved || c.status == ChallengeStatus::Refactor;
}

// Travel minutes from one zone to another, if known.
std::optional<std::int64_t> minutes_between(const Snapshot& snapshot, ZoneId from, ZoneId to) {
  if (from == to) return 0;
  const auto zone = snapshot.zones.find(from);
  if (zone == snapshot.zones.end()) return std::nullopt;
  for (const ZoneMinutes& m : zone->second.minutes_to) {
    if (m.to == to) return m.minutes;
  }
  return std::nullopt;
}

std::optional<ZoneId> zone_for(const Challenge& c, const TeamData& team, const Snapshot& snapshot) {
  switch (c.kind) {
    case ChallengeKind::Kaff:
      if (!c.zones.empty()) return c.zones.front();
      return std::nullopt;
    case ChallengeKind::ZKaff:
      return snapshot.centre_zone;
    case ChallengeKind::Ortsspezifisch: {
      // The zone closest to the team's current zone (unknown minutes last).
      std::optional<ZoneId> best;
      std::int64_t best_minutes = std::numeric_limits<std::int64_t>::max();
      for (ZoneId zone : c.zones) {
        const auto minutes =
            team.team.zone ? minutes_between(snapshot, *team.team.zone, zone) : std::nullopt;
        const std::int64_t m = minutes.value_or(std::numeric_limits<std::int64_t>::max() - 1);
        if (!best || m < best_minutes) {
          best = zone;
          best_minutes = m;
        }
      }
      return best;
    }
    default:
      return std::nullopt;
  }
}

std::int64_t draw_repetitions(const Challenge& c, std::mt19937_64& rng) {
  if (c.repetitions.end <= c.repetitions.start) return 0;
  std::uniform_int_distribution<std::int64_t> reps(c.repetitions.start, c.repetitions.end - 1);
  return reps(rng);
}

std::optional<Timestamp> lock_until(const Challenge& c, std::int64_t reps, Timestamp now) {
  if (!c.action) return std::nullopt;
  const std::optional<std::int64_t> minutes = std::visit(
      [](const auto& action) -> std::optional<std::int64_t> {
        if constexpr (std::is_same_v<std::decay_t<decltype(action)>, UncompletableMinutes>) {
          return action.minutes;
        } else {
          return action.stuck_minutes;
        }
      },
      *c.action);
  return now + minutes.value_or(reps) * 60'000;
}

}  // namespace

std::string challenge_title(const Challenge& c, const Config& config) {
  std::string title;
  if (c.title) {
    title = *c.title;
  } else if (c.place) {
    title = (c.kind == ChallengeKind::ZKaff ? "Züridrift nach " : "Usflug uf ") + *c.place;
  } else {
    title = config.default_challenge_title;
  }
  if (c.no_disembark) title = "🛤️ " + title;
  return title;
}

std::string challenge_description(const Challenge& c, const Config& config) {
  if (c.description) return *c.description;
  if (c.place) {
    return c.kind == ChallengeKind::ZKaff ? "Gönd zu de Station " + *c.place + " in Züri."
                                          : "Gönd nach " + *c.place + ".";
  }
  return config.default_challenge_description;
}

DrawResult draw_challenges(const DrawRequest& request, std::mt19937_64& rng) {
  DrawResult result;
  std::vector<const Challenge*> eligible;
  for (const auto& [id, challenge] : request.snapshot.challenges) {
    if (drawable(challenge) && request.team.completed.count(id) == 0) {
      eligible.push_back(&challenge);
    }
  }
  if (eligible.empty()) {
    result.notes.push_back("draw for team " + request.team.team.name +
                           " failed: no eligible challenge in the pool; keeping the old ones");
    return result;
  }
  const auto wanted =
      static_cast<std::size_t>(std::max<std::int64_t>(1, request.snapshot.config.num_challenges));
  // A partial Fisher-Yates shuffle: the first `wanted` are a uniform draw
  // without repetition, already in random order.
  const std::size_t count = std::min(wanted, eligible.size());
  for (std::size_t i = 0; i < count; ++i) {
    std::uniform_int_distribution<std::size_t> pick(i, eligible.size() - 1);
    std::swap(eligible[i], eligible[pick(rng)]);
  }
  for (std::size_t i = 0; i < count; ++i) {
    const Challenge& c = *eligible[i];
    const std::int64_t reps = draw_repetitions(c, rng);
    OpenChallenge open;
    open.challenge = c.id;
    open.title = challenge_title(c, request.snapshot.config);
    open.description = challenge_description(c, request.snapshot.config);
    open.zone = zone_for(c, request.team, request.snapshot);
    open.points = c.additional_points;
    open.locked_until = lock_until(c, reps, request.now);
    result.challenges.push_back(std::move(open));
  }
  if (count < wanted) {
    result.notes.push_back("draw for team " + request.team.team.name + ": only " +
                           std::to_string(count) + " eligible challenge(s) for " +
                           std::to_string(wanted) + " slots");
  }
  result.drawn = true;
  return result;
}

}  // namespace truinlag::engine
