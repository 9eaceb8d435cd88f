// The two shapes most commands on stored data share: adding an entity
// under a fresh id, and setting one field of an existing one.
//
// A setter looks its entity up first (NotFound), then computes the new
// value and why it is refused, if it is, and hands both to set_field:
//
//   TeamData* team = team_of_session(c.session, c.team);
//   if (!team) return refuse(NotFound{team_label(c.team)});
//   return set_field(team->team.discord_channel, c.discord_channel, {EntityKind::Team, c.team});
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "engine/outcome.hpp"
#include "truinlag/errors.hpp"

namespace truinlag::engine {

// Why a new value is refused; empty: it is fine.
using Refusal = std::optional<Error>;

// Sets `field` to `value` unless `refusal` says no. A value equal to the
// stored one answers Success and changes nothing (no row is written, so
// repeating an edit costs nothing); a new one is stored and `row` touched.
template <class T>
Outcome set_field(T& field, T value, ChangedEntity row, Refusal refusal = std::nullopt) {
  if (refusal) return refuse(std::move(*refusal));
  if (field == value) return reply(Success{});
  field = std::move(value);
  Outcome outcome = reply(Success{});
  outcome.touch(row.kind, row.id);
  return outcome;
}

// Stores `entity` under its fresh `id` in `map` and answers Created{id}.
template <class Map>
Outcome add_entity(Map& map, std::int64_t id, typename Map::mapped_type entity, EntityKind kind) {
  map.emplace(id, std::move(entity));
  Outcome outcome = reply(Created{id});
  outcome.touch(kind, id);
  return outcome;
}

}  // namespace truinlag::engine
