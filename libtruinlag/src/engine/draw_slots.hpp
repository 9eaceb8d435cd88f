// Slots and filters of a draw (game-rules section 8).
//
// A draw fills one slot per open challenge. A slot says which kinds of
// challenges may fill it and, for some, where they may be: near or far
// from the team, or inside a band around the centre zone. A slot that
// limits the area also limits the zone a drawn challenge is given.
#pragma once

#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/generation_period.hpp"
#include "engine/state.hpp"

namespace truinlag::engine {

struct Slot {
  enum class Kind { Specific, Unspecific, ZKaff, Regio };
  // Near / Far: travel minutes from the team's zone in the normal period's
  // ranges. PerimeterNear / PerimeterFar: minutes from the centre zone in
  // [0, bound/2) / [bound/2, bound).
  enum class Area { Anywhere, Near, Far, PerimeterNear, PerimeterFar };
  Kind kind = Kind::Specific;
  Area area = Area::Anywhere;
  double bound = 0;       // M of the perimeter areas
  bool max_kaff = false;  // no kaffskala, or kaffskala <= perim_max_kaff
  bool zoned = true;      // a Zoneable drawn here is pinned to a zone
  bool operator==(const Slot&) const = default;
};

// "specific+near", "unspecific (not zoned)", "specific+perimeter-far(M=40)+max-kaff".
std::string describe(const Slot& slot);

// The slots of a draw of `count` challenges in `period`; draws the regio
// and zkaff coin flips it needs from rng.
std::vector<Slot> slots_for(const GenerationPeriod& period, const Config& config,
                            std::int64_t count, std::mt19937_64& rng);

// How much of a slot's filter set still applies (the relaxation order).
enum class Relaxation {
  None,        // every filter
  AreaAndSet,  // (a) status, kind and not-already-drawn only
  StatusOnly,  // (b) status (and not-already-drawn)
  Anything,    // (c) any challenge of the pool not already drawn
};
std::string_view describe(Relaxation relaxation);

// What the filters look at besides the challenge.
struct DrawContext {
  const Snapshot& snapshot;
  std::optional<ZoneId> team_zone;
  const std::set<ChallengeId>& completed;  // by this team in this game
  const std::set<ChallengeId>& drawn;      // earlier slots of this draw
};

// Travel minutes between two zones of the snapshot; nullopt if unknown.
std::optional<std::int64_t> minutes_between(const Snapshot& snapshot, ZoneId from, ZoneId to);

// The zones a drawn challenge may be given, before any slot limit:
// random place Zone -> every zone; SBahnZone -> every S-Bahn zone;
// Kaff -> its first zone; ZKaff -> the centre zone; Zoneable -> every
// zone; other kinds -> their listed zones.
std::vector<ZoneId> candidate_zones(const Challenge& challenge, const Snapshot& snapshot);

// The zones a slot's area allows (nullopt: the slot does not limit zones).
std::optional<std::set<ZoneId>> allowed_zones(const Slot& slot, const DrawContext& context);

// True if the challenge passes the slot's filters at that relaxation.
// `allowed` is allowed_zones(slot, context), computed once per slot.
bool passes(const Challenge& challenge, const Slot& slot, Relaxation relaxation,
            const DrawContext& context, const std::optional<std::set<ZoneId>>& allowed);

}  // namespace truinlag::engine
