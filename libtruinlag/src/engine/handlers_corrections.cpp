// Organisers' corrections during a game (game-rules section 10).
#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

// `value + delta`, or why it is refused: below 0, or past what the number
// can hold (a delta near the int64 limit is a typo, not a correction).
std::variant<std::int64_t, std::string> adjusted(std::string_view what, std::int64_t value,
                                                 std::int64_t delta) {
  std::int64_t result = 0;
  if (__builtin_add_overflow(value, delta, &result)) {
    return std::string(what) + " " + std::to_string(value) + " + " + std::to_string(delta) +
           " is out of range";
  }
  if (result < 0) {
    return std::string(what) + " would be " + std::to_string(result) + " (" +
           std::to_string(value) + " + " + std::to_string(delta) + "); it cannot go below 0";
  }
  return result;
}

}  // namespace

// (GameNotRunning is checked by the dispatcher: the contract needs a game.)
Outcome Engine::handle(const AdjustTeam& c, Timestamp now) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{"team " + std::to_string(c.team)});
  const std::string reason = trim(c.reason);
  if (reason.empty()) return refuse(BadData{"a correction needs a reason"});
  const auto points = adjusted("points", team->team.points, c.points_delta);
  if (const auto* problem = std::get_if<std::string>(&points)) return refuse(BadData{*problem});
  const auto bounty = adjusted("bounty", team->team.bounty, c.bounty_delta);
  if (const auto* problem = std::get_if<std::string>(&bounty)) return refuse(BadData{*problem});

  // Every check passed. No period ends and nothing is drawn: a correction
  // changes the numbers, not the game's course.
  team->team.points = std::get<std::int64_t>(points);
  team->team.bounty = std::get<std::int64_t>(bounty);
  Correction correction{c.team, c.points_delta, c.bounty_delta, reason, now};
  session(c.session).corrections.push_back(correction);
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Team, c.team);
  outcome.touch(EntityKind::Session, c.session);  // the game's corrections are stored with it
  outcome.broadcast = BroadcastOut{c.session, TeamAdjusted{team->team, std::move(correction)}};
  return outcome;
}

}  // namespace truinlag::engine
