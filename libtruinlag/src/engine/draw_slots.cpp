#include "engine/draw_slots.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace truinlag::engine {
namespace {

bool in_range(double value, const Range& range) { return value >= range.start && value < range.end; }

bool status_ok(const Challenge& c) {
  return c.status == ChallengeStatus::Approved || c.status == ChallengeStatus::Refactor;
}

bool kind_ok(const Challenge& c, Slot::Kind kind) {
  switch (kind) {
    case Slot::Kind::Specific:
      return c.kind == ChallengeKind::Kaff || c.kind == ChallengeKind::Ortsspezifisch ||
             c.kind == ChallengeKind::Zoneable;
    case Slot::Kind::Unspecific:
      return c.kind == ChallengeKind::Zoneable || c.kind == ChallengeKind::Unspezifisch;
    case Slot::Kind::ZKaff:
      return c.kind == ChallengeKind::ZKaff;
    case Slot::Kind::Regio:
      return c.kind == ChallengeKind::Regionsspezifisch;
  }
  return false;
}

bool in_game_sets(const Challenge& c, const Config& config) {
  return std::any_of(c.sets.begin(), c.sets.end(), [&](ChallengeSetId set) {
    return std::find(config.challenge_sets.begin(), config.challenge_sets.end(), set) !=
           config.challenge_sets.end();
  });
}

// A challenge whose zone the draw picks (random place, Zoneable) fits an
// area if any zone it could get lies there; one with its own zones fits a
// near/far area if its closest zone lies there (rules: "the challenge's
// closest zone"), and a perimeter area if any of its zones does.
bool area_ok(const Challenge& c, const Slot& slot, const DrawContext& context,
             const std::set<ZoneId>& allowed) {
  const bool perimeter =
      slot.area == Slot::Area::PerimeterNear || slot.area == Slot::Area::PerimeterFar;
  if (perimeter && c.in_perimeter_override) return *c.in_perimeter_override;
  const std::vector<ZoneId> zones = candidate_zones(c, context.snapshot);
  const bool flexible = c.random_place || c.kind == ChallengeKind::Zoneable;
  if (flexible || perimeter) {
    return std::any_of(zones.begin(), zones.end(), [&](ZoneId z) { return allowed.count(z) > 0; });
  }
  if (!context.team_zone) return false;
  std::optional<ZoneId> closest;
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  for (ZoneId z : zones) {
    const auto minutes = minutes_between(context.snapshot, *context.team_zone, z);
    if (minutes && *minutes < best) {
      best = *minutes;
      closest = z;
    }
  }
  return closest && allowed.count(*closest) > 0;
}

Slot specific_slot(Slot::Area area = Slot::Area::Anywhere, double bound = 0,
                   bool max_kaff = false) {
  return Slot{Slot::Kind::Specific, area, bound, max_kaff, true};
}
Slot unzoned(Slot::Kind kind) { return Slot{kind, Slot::Area::Anywhere, 0, false, false}; }
Slot zkaff_slot() { return Slot{Slot::Kind::ZKaff, Slot::Area::Anywhere, 0, false, true}; }

bool coin(double probability, std::mt19937_64& rng) {
  if (probability <= 0) return false;
  if (probability >= 1) return true;
  return std::bernoulli_distribution(probability)(rng);
}

}  // namespace

std::string describe(const Slot& slot) {
  std::string text;
  switch (slot.kind) {
    case Slot::Kind::Specific:
      text = "specific";
      break;
    case Slot::Kind::Unspecific:
      text = "unspecific";
      break;
    case Slot::Kind::ZKaff:
      text = "zkaff";
      break;
    case Slot::Kind::Regio:
      text = "regio";
      break;
  }
  char bound[32];
  std::snprintf(bound, sizeof bound, "%.4g", slot.bound);
  switch (slot.area) {
    case Slot::Area::Anywhere:
      break;
    case Slot::Area::Near:
      text += "+near";
      break;
    case Slot::Area::Far:
      text += "+far";
      break;
    case Slot::Area::PerimeterNear:
      text += std::string("+perimeter-near(M=") + bound + ")";
      break;
    case Slot::Area::PerimeterFar:
      text += std::string("+perimeter-far(M=") + bound + ")";
      break;
  }
  if (slot.max_kaff) text += "+max-kaff";
  if (!slot.zoned) text += " (not zoned)";
  return text;
}

std::string_view describe(Relaxation relaxation) {
  switch (relaxation) {
    case Relaxation::None:
      return "all filters";
    case Relaxation::AreaAndSet:
      return "(a) without set, not-completed and area filters";
    case Relaxation::StatusOnly:
      return "(b) status only";
    case Relaxation::Anything:
      return "(c) anything";
  }
  return "?";
}

std::vector<Slot> slots_for(const GenerationPeriod& period, const Config& config,
                            std::int64_t count, std::mt19937_64& rng) {
  using Kind = GenerationPeriod::Kind;
  const double m_start = config.perim_distance_range.start;
  const double m_end = config.perim_distance_range.end;
  if (count != 3) {
    // The rules' fallback for any other number: n-1 specific slots (zkaff
    // in the ZKaff period), then one unspecific.
    std::vector<Slot> slots;
    for (std::int64_t i = 0; i + 1 < count; ++i) {
      slots.push_back(period.kind == Kind::ZKaff ? zkaff_slot() : specific_slot());
    }
    if (count >= 1) slots.push_back(unzoned(Slot::Kind::Unspecific));
    return slots;
  }
  switch (period.kind) {
    case Kind::Specific:
      return {specific_slot(), specific_slot(), specific_slot()};
    case Kind::Normal: {
      const Slot first = coin(config.regio_ratio, rng) ? unzoned(Slot::Kind::Regio)
                                                       : specific_slot(Slot::Area::Near);
      return {first, specific_slot(Slot::Area::Far), unzoned(Slot::Kind::Unspecific)};
    }
    case Kind::Perimeter: {
      // The area shrinks over the period: M goes from the range's end to its start.
      const double m = m_end + (m_start - m_end) * period.value;
      return {specific_slot(Slot::Area::PerimeterFar, m, true),
              specific_slot(Slot::Area::PerimeterNear, m, true), unzoned(Slot::Kind::Unspecific)};
    }
    case Kind::ZKaff: {
      const double r = period.value;
      const bool first_zkaff = coin(std::min(1.0, 2 * r), rng);
      const bool second_zkaff = coin(std::clamp(2 * r - 1, 0.0, 1.0), rng);
      return {first_zkaff ? zkaff_slot() : specific_slot(Slot::Area::PerimeterFar, m_start, true),
              second_zkaff ? zkaff_slot() : specific_slot(Slot::Area::PerimeterNear, m_start, true),
              unzoned(Slot::Kind::Unspecific)};
    }
    case Kind::EndGame:
      return {unzoned(Slot::Kind::Unspecific), unzoned(Slot::Kind::Unspecific), zkaff_slot()};
  }
  return {};
}

std::optional<std::int64_t> minutes_between(const Snapshot& snapshot, ZoneId from, ZoneId to) {
  if (from == to) return 0;
  const auto zone = snapshot.zones.find(from);
  if (zone == snapshot.zones.end()) return std::nullopt;
  for (const ZoneMinutes& m : zone->second.minutes_to) {
    if (m.to == to) return m.minutes;
  }
  return std::nullopt;
}

std::vector<ZoneId> candidate_zones(const Challenge& c, const Snapshot& snapshot) {
  std::vector<ZoneId> zones;
  if (c.random_place || c.kind == ChallengeKind::Zoneable) {
    const bool s_bahn_only = c.random_place == RandomPlaceType::SBahnZone;
    for (const auto& [id, zone] : snapshot.zones) {
      if (!s_bahn_only || zone.s_bahn_zone) zones.push_back(id);
    }
    return zones;
  }
  switch (c.kind) {
    case ChallengeKind::Kaff:
      if (!c.zones.empty()) zones.push_back(c.zones.front());
      break;
    case ChallengeKind::ZKaff:
      zones.push_back(snapshot.centre_zone);
      break;
    default:
      zones = c.zones;
      break;
  }
  return zones;
}

std::optional<std::set<ZoneId>> allowed_zones(const Slot& slot, const DrawContext& context) {
  if (slot.area == Slot::Area::Anywhere) return std::nullopt;
  const Config& config = context.snapshot.config;
  std::set<ZoneId> allowed;
  for (const auto& [id, zone] : context.snapshot.zones) {
    std::optional<std::int64_t> minutes;
    bool ok = false;
    switch (slot.area) {
      case Slot::Area::Near:
      case Slot::Area::Far:
        if (context.team_zone) minutes = minutes_between(context.snapshot, *context.team_zone, id);
        ok = minutes && in_range(static_cast<double>(*minutes),
                                 slot.area == Slot::Area::Near
                                     ? config.normal_period_near_distance_range
                                     : config.normal_period_far_distance_range);
        break;
      case Slot::Area::PerimeterNear:
      case Slot::Area::PerimeterFar: {
        minutes = minutes_between(context.snapshot, context.snapshot.centre_zone, id);
        const double half = slot.bound / 2;
        ok = minutes && (slot.area == Slot::Area::PerimeterNear
                             ? in_range(static_cast<double>(*minutes), Range{0, half})
                             : in_range(static_cast<double>(*minutes), Range{half, slot.bound}));
        break;
      }
      case Slot::Area::Anywhere:
        break;
    }
    if (ok) allowed.insert(id);
  }
  return allowed;
}

bool passes(const Challenge& c, const Slot& slot, Relaxation relaxation,
            const DrawContext& context, const std::optional<std::set<ZoneId>>& allowed) {
  if (context.drawn.count(c.id) > 0) return false;
  if (relaxation == Relaxation::Anything) return true;
  if (!status_ok(c)) return false;
  if (relaxation == Relaxation::StatusOnly) return true;
  if (!kind_ok(c, slot.kind)) return false;
  if (relaxation == Relaxation::AreaAndSet) return true;
  if (!in_game_sets(c, context.snapshot.config)) return false;
  if (context.completed.count(c.id) > 0) return false;
  if (slot.max_kaff && c.kaffskala && *c.kaffskala > context.snapshot.config.perim_max_kaff) {
    return false;
  }
  return !allowed || area_ok(c, slot, context, *allowed);
}

}  // namespace truinlag::engine
