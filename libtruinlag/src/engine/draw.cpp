#include "engine/draw.hpp"

#include <algorithm>
#include <limits>

#include "engine/challenge_text.hpp"
#include "engine/draw_slots.hpp"
#include "engine/local_time.hpp"
#include "engine/points.hpp"

namespace truinlag::engine {
namespace {

template <class T>
const T& pick(const std::vector<T>& from, std::mt19937_64& rng) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

// The first relaxation at which some challenge of the pool fits the slot,
// and the fitting challenges (empty: the pool has nothing left).
std::vector<const Challenge*> fitting(const Slot& slot, const DrawContext& context,
                                      Relaxation& relaxation) {
  const auto allowed = allowed_zones(slot, context);
  for (Relaxation level :
       {Relaxation::None, Relaxation::AreaAndSet, Relaxation::StatusOnly, Relaxation::Anything}) {
    std::vector<const Challenge*> found;
    for (const auto& [id, challenge] : context.snapshot.challenges) {
      if (passes(challenge, slot, level, context, allowed)) found.push_back(&challenge);
    }
    if (!found.empty()) {
      relaxation = level;
      return found;
    }
  }
  return {};
}

// Section 8, "Zone of a drawn challenge". `allowed`: the slot's zone
// limit, when it applies (not after relaxing the area filters).
std::optional<ZoneId> zone_for(const Challenge& c, const Slot& slot, const DrawContext& context,
                               const std::optional<std::set<ZoneId>>& allowed,
                               std::mt19937_64& rng) {
  std::vector<ZoneId> zones = candidate_zones(c, context.snapshot);
  if (allowed) {
    std::vector<ZoneId> limited;
    for (ZoneId z : zones) {
      if (allowed->count(z) > 0) limited.push_back(z);
    }
    // A challenge passed the area filter through its override: keep its zones.
    if (!limited.empty()) zones = std::move(limited);
  }
  if (zones.empty()) return std::nullopt;
  if (c.random_place) return pick(zones, rng);
  switch (c.kind) {
    case ChallengeKind::Kaff:
    case ChallengeKind::ZKaff:
      return zones.front();
    case ChallengeKind::Ortsspezifisch: {
      // The zone closest to the team (unknown travel times last).
      std::optional<ZoneId> best;
      std::int64_t best_minutes = std::numeric_limits<std::int64_t>::max();
      for (ZoneId z : zones) {
        const auto minutes = context.team_zone
                                 ? minutes_between(context.snapshot, *context.team_zone, z)
                                 : std::nullopt;
        const std::int64_t m = minutes.value_or(std::numeric_limits<std::int64_t>::max() - 1);
        if (!best || m < best_minutes) {
          best = z;
          best_minutes = m;
        }
      }
      return best;
    }
    case ChallengeKind::Zoneable:
      if (slot.zoned) return pick(zones, rng);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::int64_t draw_repetitions(const Challenge& c, std::mt19937_64& rng) {
  if (c.repetitions.end <= c.repetitions.start) return 0;
  return std::uniform_int_distribution<std::int64_t>(c.repetitions.start,
                                                     c.repetitions.end - 1)(rng);
}

// Section 8, "Action lock".
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

DrawResult draw_challenges(const DrawRequest& request, std::mt19937_64& rng) {
  DrawResult result;
  const Snapshot& snapshot = request.snapshot;
  const Config& config = snapshot.config;
  const std::string& team = request.team.team.name;
  result.period = generation_period(config, request.now, rng);
  const std::vector<Slot> slots =
      slots_for(result.period, config, std::max<std::int64_t>(1, config.num_challenges), rng);
  const unsigned weekday = local_weekday(request.now, config.time_zone);

  std::set<ChallengeId> drawn;
  const DrawContext context{snapshot, request.team.team.zone, request.team.completed, drawn};
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const Slot& slot = slots[i];
    Relaxation relaxation = Relaxation::None;
    const std::vector<const Challenge*> pool = fitting(slot, context, relaxation);
    const std::string where = "draw for team " + team + " (" + describe(result.period) +
                              "), slot " + std::to_string(i + 1) + " " + describe(slot);
    if (pool.empty()) {
      result.warnings.push_back(where + ": the pool has no challenge left; slot stays empty");
      continue;
    }
    if (relaxation != Relaxation::None) {
      result.notes.push_back(where + ": no challenge passes, relaxed to " +
                             std::string(describe(relaxation)));
    }
    const Challenge& c = *pick(pool, rng);
    drawn.insert(c.id);

    const auto allowed =
        relaxation == Relaxation::None ? allowed_zones(slot, context) : std::nullopt;
    const std::optional<ZoneId> zone_id = zone_for(c, slot, context, allowed, rng);
    const Zone* zone = nullptr;
    if (zone_id) {
      const auto found = snapshot.zones.find(*zone_id);
      if (found != snapshot.zones.end()) zone = &found->second;
    }
    const bool zoned_zoneable = c.kind == ChallengeKind::Zoneable && slot.zoned && zone != nullptr;
    const std::int64_t reps = draw_repetitions(c, rng);

    PointsInput input;
    input.zone = zone;
    if (zone && request.team.team.zone) {
      input.travel_minutes = minutes_between(snapshot, *request.team.team.zone, zone->id);
    }
    input.zoned_zoneable = zoned_zoneable;
    input.repetitions = reps;
    input.weekday = weekday;
    input.underdog = request.underdog;
    input.top_points = request.top_points;
    input.team_points = request.team.team.points;
    const PointsSteps points = challenge_points(c, config, input, rng, result.notes);

    ChallengeTexts texts = challenge_texts(
        c, config, TextValues{c.place, zone ? std::optional(zone->number) : std::nullopt, reps},
        zoned_zoneable);
    OpenChallenge open;
    open.challenge = c.id;
    if (c.action && std::holds_alternative<Trap>(*c.action)) {
      result.traps[c.id] = std::get<Trap>(*c.action).catcher_message;
    }
    open.title = std::move(texts.title);
    open.description = std::move(texts.description);
    open.zone = zone ? std::optional(zone->id) : std::nullopt;
    open.points = points.points;
    open.locked_until = lock_until(c, reps, request.now);
    open.translated_titles = std::move(texts.translated_titles);
    open.translated_descriptions = std::move(texts.translated_descriptions);
    result.challenges.push_back(std::move(open));
  }
  if (result.challenges.empty()) {
    result.warnings.push_back("draw for team " + team +
                              " failed: the game's pool is empty; keeping the old challenges");
    return result;
  }
  // Shuffled, so the slot order (specific first, unspecific last) does not
  // show which challenge came from which slot.
  for (std::size_t i = result.challenges.size(); i > 1; --i) {
    std::swap(result.challenges[i - 1],
              result.challenges[std::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
  }
  result.drawn = true;
  return result;
}

bool draw_for(TeamData& team, const SessionData& session, const std::map<TeamId, TeamData>& teams,
              Timestamp now, bool underdog, std::mt19937_64& rng, Outcome& outcome) {
  std::int64_t top = 0;
  for (const auto& [id, other] : teams) {
    if (other.team.session == session.session.id) top = std::max(top, other.team.points);
  }
  DrawResult drawn = draw_challenges(DrawRequest{team, *session.snapshot, now, underdog, top}, rng);
  for (auto& note : drawn.notes) outcome.notes.push_back(std::move(note));
  for (auto& warning : drawn.warnings) outcome.warnings.push_back(std::move(warning));
  if (!drawn.drawn) return false;
  team.team.challenges = std::move(drawn.challenges);
  for (const OpenChallenge& open : team.team.challenges) {
    const auto trap = open.challenge ? drawn.traps.find(*open.challenge) : drawn.traps.end();
    if (trap == drawn.traps.end()) continue;
    outcome.more_broadcasts.push_back(
        BroadcastOut{session.session.id, TrapSet{team.team.id, open, trap->second}});
  }
  return true;
}

}  // namespace truinlag::engine
