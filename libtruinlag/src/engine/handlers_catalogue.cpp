// Challenge sets, challenges, zones and past games (global data).
#include <algorithm>

#include "engine/challenge_rules.hpp"
#include "engine/edits.hpp"
#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

// Zone numbers are ZVV's three-digit ones in practice; the bounds keep the
// points formula (sqrt of connections, minutes to a power) finite.
constexpr std::int64_t kMaxZoneNumber = 999'999'999;
constexpr std::int64_t kMaxZoneCount = 1'000'000;
constexpr std::int64_t kMaxTravelMinutes = 1440;

// AlreadyExists if another challenge (not `self`) has the same name.
std::optional<Error> challenge_clash(const State& state, const Challenge& c) {
  const auto name = challenge_name(c);
  if (!name) return std::nullopt;
  for (const auto& [id, other] : state.challenges) {
    if (id == c.id) continue;
    const auto other_name = challenge_name(other);
    if (other_name && same_name(*name, *other_name)) {
      return AlreadyExists{"challenge '" + trim(*name) + "'"};
    }
  }
  return std::nullopt;
}

// `names`, if given, holds the names of all challenges and `c` is new.
std::optional<Error> challenge_refusal(const State& state, const Challenge& c,
                                       const ChallengeNames* names = nullptr) {
  const auto problem = challenge_problem(
      c, [&](ChallengeSetId id) { return state.challenge_sets.count(id) > 0; },
      [&](ZoneId id) { return state.zones.count(id) > 0; });
  if (problem) return BadData{*problem};
  return names ? names->clash(c) : challenge_clash(state, c);
}

}  // namespace

Outcome Engine::handle(const AddChallengeSet& c, Timestamp) {
  const std::string name = trim(c.name);
  if (name.empty()) return refuse(BadData{"a challenge set needs a name"});
  for (const auto& [id, set] : state_.challenge_sets) {
    if (same_name(set.name, name)) return refuse(AlreadyExists{"challenge set '" + name + "'"});
  }
  const ChallengeSetId id = state_.next.challenge_set++;
  return add_entity(state_.challenge_sets, id, ChallengeSet{id, name}, EntityKind::ChallengeSet);
}

Outcome Engine::handle(const GetChallengeSets&, Timestamp) {
  ChallengeSets sets;
  for (const auto& [id, set] : state_.challenge_sets) sets.sets.push_back(set);
  return reply(std::move(sets));
}

Outcome Engine::handle(const AddChallenge& c, Timestamp now) {
  if (c.challenge.id != 0) {
    return refuse(BadData{"a new challenge has no id (use set_challenge to change one)"});
  }
  Challenge challenge = c.challenge;
  challenge.id = state_.next.challenge;  // not yet taken; only committed below
  if (auto refusal = challenge_refusal(state_, challenge, import_names_)) return refuse(*refusal);
  challenge.last_edit = now;
  state_.next.challenge++;
  if (import_names_) import_names_->add(challenge);
  const ChallengeId id = challenge.id;
  return add_entity(state_.challenges, id, std::move(challenge), EntityKind::Challenge);
}

Outcome Engine::handle(const SetChallenge& c, Timestamp now) {
  const auto found = state_.challenges.find(c.challenge.id);
  if (found == state_.challenges.end()) {
    return refuse(NotFound{"challenge " + std::to_string(c.challenge.id)});
  }
  if (auto refusal = challenge_refusal(state_, c.challenge)) return refuse(*refusal);
  Challenge updated = c.challenge;
  updated.last_edit = found->second.last_edit;
  if (updated == found->second) return reply(Success{});
  updated.last_edit = now;
  found->second = std::move(updated);
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Challenge, c.challenge.id);
  return outcome;
}

Outcome Engine::handle(const GetChallenges&, Timestamp) {
  Challenges list;
  for (const auto& [id, challenge] : state_.challenges) list.challenges.push_back(challenge);
  return reply(std::move(list));
}

Outcome Engine::handle(const DeleteAllChallenges&, Timestamp) {
  // Running games keep their snapshot of the pool.
  Outcome outcome = reply(Success{});
  for (const auto& [id, challenge] : state_.challenges) outcome.touch(EntityKind::Challenge, id);
  state_.challenges.clear();
  return outcome;
}

Outcome Engine::handle(const AddZone& c, Timestamp) {
  if (c.number <= 0 || c.number > kMaxZoneNumber) {
    return refuse(BadData{"number: a zone number lies in [1, " + std::to_string(kMaxZoneNumber) +
                          "], not " + std::to_string(c.number)});
  }
  if (c.num_conn_zones < 0 || c.num_connections < 0 || c.num_conn_zones > kMaxZoneCount ||
      c.num_connections > kMaxZoneCount) {
    return refuse(
        BadData{"zone connection counts lie in [0, " + std::to_string(kMaxZoneCount) + "]"});
  }
  for (const auto& [id, zone] : state_.zones) {
    if (zone.number == c.number) return refuse(AlreadyExists{"zone " + std::to_string(c.number)});
  }
  Zone zone;
  zone.id = state_.next.zone++;
  zone.number = c.number;
  zone.num_conn_zones = c.num_conn_zones;
  zone.num_connections = c.num_connections;
  zone.train_through = c.train_through;
  zone.mongus = c.mongus;
  zone.s_bahn_zone = c.s_bahn_zone;
  const ZoneId id = zone.id;
  return add_entity(state_.zones, id, std::move(zone), EntityKind::Zone);
}

Outcome Engine::handle(const AddMinutesTo& c, Timestamp) {
  const auto from = state_.zones.find(c.from);
  if (from == state_.zones.end()) return refuse(NotFound{"zone id " + std::to_string(c.from)});
  if (state_.zones.count(c.to) == 0) return refuse(NotFound{"zone id " + std::to_string(c.to)});
  if (c.minutes < 0 || c.minutes > kMaxTravelMinutes) {
    return refuse(BadData{"minutes: travel minutes lie in [0, " +
                          std::to_string(kMaxTravelMinutes) + "], not " +
                          std::to_string(c.minutes)});
  }
  auto& minutes = from->second.minutes_to;
  const auto existing = std::find_if(minutes.begin(), minutes.end(),
                                     [&](const ZoneMinutes& m) { return m.to == c.to; });
  if (existing != minutes.end()) {
    if (existing->minutes == c.minutes) return reply(Success{});
    existing->minutes = c.minutes;
  } else {
    minutes.push_back({c.to, c.minutes});
  }
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Zone, c.from);
  return outcome;
}

Outcome Engine::handle(const GetZones&, Timestamp) {
  Zones zones;
  for (const auto& [id, zone] : state_.zones) zones.zones.push_back(zone);
  return reply(std::move(zones));
}

Outcome Engine::handle(const ListPastGames& c, Timestamp) {
  if (c.player && state_.players.count(*c.player) == 0) {
    return refuse(NotFound{"player " + std::to_string(*c.player)});
  }
  PastGames list;
  for (const auto& [id, game] : state_.past_games) {
    if (c.player) {
      const bool played = std::any_of(game.teams.begin(), game.teams.end(), [&](const PastTeam& t) {
        return std::find(t.player_ids.begin(), t.player_ids.end(), *c.player) != t.player_ids.end();
      });
      if (!played) continue;
    }
    list.games.push_back(PastGameSummary{id, game.name, game.start});
  }
  return reply(std::move(list));
}

Outcome Engine::handle(const GetPastGame& c, Timestamp) {
  const auto found = state_.past_games.find(c.id);
  if (found == state_.past_games.end()) {
    return refuse(NotFound{"past game " + std::to_string(c.id)});
  }
  return reply(PastGameResult{found->second});
}

}  // namespace truinlag::engine
