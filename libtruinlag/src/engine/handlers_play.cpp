// Playing: catches, completions and locations (game-rules section 5).
#include <algorithm>
#include <cmath>

#include "engine/draw.hpp"
#include "engine/engine.hpp"
#include "engine/geo.hpp"
#include "engine/input_rules.hpp"
#include "engine/timers.hpp"

namespace truinlag::engine {
namespace {

constexpr Timestamp kTooRapidMillis = 30'000;

std::uint64_t period_id(const TeamData& team) { return team.team.periods.size(); }

std::uint64_t track_start(const TeamData& team) {
  return team.team.periods.empty() ? 0 : team.team.periods.back().track_end;
}

// Ends the team's current period with `context` at `now`.
void end_period(TeamData& team, PeriodContext context, Timestamp now) {
  Period period;
  period.context = std::move(context);
  period.end_time = now;
  period.track_start = track_start(team);
  period.track_end = team.track.size();
  team.team.periods.push_back(std::move(period));
}

std::string stale(const TeamData& team, std::uint64_t sent) {
  return "stale period id " + std::to_string(sent) + " for team " + team.team.name + " (now " +
         std::to_string(period_id(team)) + ")";
}

// Section 5's acceptance rule for a new location.
bool accept_location(const std::optional<Location>& old, const Location& fresh) {
  if (!old) return true;
  if (fresh.accuracy < 20) return true;
  const double ratio = old->accuracy > 0 ? fresh.accuracy / old->accuracy : INFINITY;
  if (ratio < 1.0) return true;
  const double seconds = static_cast<double>(fresh.timestamp - old->timestamp) / 1000.0;
  if (seconds > 15 && ratio < 1.5) return true;
  return seconds > 30;
}

// Whether an accepted location extends the track (thinning).
bool extends_track(const std::vector<Location>& track, const Location& fresh) {
  if (track.empty()) return true;
  const Location& last = track.back();
  return distance_m(last, fresh) > 20 && fresh.timestamp - last.timestamp > 10'000;
}

}  // namespace

Outcome Engine::handle(const Catch& c, Timestamp now) {
  if (c.catcher == c.caught) return refuse(BadData{"a team cannot catch itself"});
  TeamData* catcher = team_of_session(c.session, c.catcher);
  if (!catcher) return refuse(NotFound{"team " + std::to_string(c.catcher)});
  TeamData* caught = team_of_session(c.session, c.caught);
  if (!caught) return refuse(NotFound{"team " + std::to_string(c.caught)});
  if (c.period_id != period_id(*catcher)) return refuse(BadData{stale(*catcher, c.period_id)});
  if (catcher->team.role == Role::Runner) return refuse(TeamIsRunner{catcher->team.name});
  if (caught->team.role == Role::Catcher) return refuse(TeamIsCatcher{caught->team.name});
  if (caught->team.grace_period_end) return refuse(TeamInGracePeriod{caught->team.name});
  Outcome outcome;
  if (catcher->team.location && caught->team.location) {
    const double metres = distance_m(*catcher->team.location, *caught->team.location);
    if (metres > kCatchRadiusMetres) {
      return refuse(TeamsTooFar{"teams " + catcher->team.name + " and " + caught->team.name +
                                " are " + std::to_string(std::lround(metres)) +
                                " m apart by their last locations; a catch needs them within " +
                                std::to_string(std::lround(kCatchRadiusMetres)) + " m"});
    }
  } else {
    outcome.warnings.push_back("catch of " + caught->team.name + " by " + catcher->team.name +
                               " allowed without locations of both teams");
  }

  const SessionData& s = session(c.session);
  const Config& config = s.snapshot->config;
  const std::int64_t bounty = caught->team.bounty;

  catcher->team.role = Role::Runner;
  catcher->team.points += bounty;
  catcher->team.bounty = 0;
  end_period(*catcher, CaughtSomeone{c.caught, bounty}, now);
  draw_for(*catcher, s, state_.teams, now, true, rng_, outcome);
  const Timestamp grace_end = now + config.grace_period_duration * 60'000;
  catcher->team.grace_period_end = grace_end;
  arm_timer(state_.timers, outcome, {TimerKind::GracePeriodEnd, c.session, c.catcher}, grace_end);

  caught->team.role = Role::Catcher;
  caught->team.challenges.clear();
  end_period(*caught, WasCaught{c.catcher, bounty}, now);
  caught->team.bounty = 0;
  end_grace_period(*caught, outcome);

  outcome.result = PeriodIndex{catcher->team.periods.size() - 1};
  outcome.touch(EntityKind::Team, c.catcher);
  outcome.touch(EntityKind::Team, c.caught);
  outcome.broadcast = BroadcastOut{c.session, Caught{catcher->team, caught->team}};
  return outcome;
}

Outcome Engine::handle(const Complete& c, Timestamp now) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{"team " + std::to_string(c.team)});
  if (c.period_id != period_id(*team)) return refuse(BadData{stale(*team, c.period_id)});
  if (team->team.role == Role::Catcher) return refuse(TeamIsCatcher{team->team.name});
  if (!team->team.periods.empty() && now - team->team.periods.back().end_time < kTooRapidMillis) {
    const Timestamp since = now - team->team.periods.back().end_time;
    const Timestamp wait = kTooRapidMillis - since;
    return refuse(TooRapid{"team " + team->team.name + " finished its last period " +
                           std::to_string(since / 1000) + " s ago; wait " +
                           std::to_string((wait + 999) / 1000) + " s before completing again"});
  }
  if (c.challenge_index >= team->team.challenges.size()) {
    return refuse(NotFound{"open challenge " + std::to_string(c.challenge_index) + " of team " +
                           team->team.name});
  }
  const OpenChallenge done = team->team.challenges[c.challenge_index];
  if (done.locked_until && *done.locked_until > now) {
    return refuse(ChallengeLocked{*done.locked_until});
  }

  const SessionData& s = session(c.session);
  Outcome outcome;
  end_grace_period(*team, outcome);
  team->team.points += done.points;
  team->team.bounty += static_cast<std::int64_t>(
      std::floor(static_cast<double>(done.points) * s.snapshot->config.bounty_percentage));
  CompletedChallenge context{done.title, done.description, done.zone, done.points, done.challenge};
  end_period(*team, context, now);
  if (done.challenge) team->completed.insert(*done.challenge);
  if (done.zone) team->team.zone = done.zone;
  draw_for(*team, s, state_.teams, now, true, rng_, outcome);

  outcome.result = PeriodIndex{team->team.periods.size() - 1};
  outcome.touch(EntityKind::Team, c.team);
  outcome.broadcast = BroadcastOut{c.session, Completed{team->team, context}};
  return outcome;
}

Outcome Engine::handle(const SendLocation& c, Timestamp now) {
  // Checked before anything else, also between games: a bad location is
  // the sender's bug, and it should hear of it at once.
  if (auto problem = location_problem(c.location, now)) return refuse(BadData{*problem});
  const SessionData& s = session(c.session);
  if (!s.session.game) return reply(Success{});  // apps keep sending between games
  TeamData* team = nullptr;
  for (auto& [id, candidate] : state_.teams) {
    const auto& players = candidate.team.players;
    if (candidate.team.session == c.session &&
        std::find(players.begin(), players.end(), c.player) != players.end()) {
      team = &candidate;
    }
  }
  if (!team) return refuse(NotFound{"team of player " + std::to_string(c.player)});
  const Location& fresh = c.location;

  Outcome outcome = reply(Success{});
  Player& player = state_.players.at(c.player);
  ++player.locations_sent;
  // Only the counters changed: the store rewrites just those two columns,
  // not the player's names (the frequent write must stay cheap).
  outcome.touch(EntityKind::PlayerCounts, c.player);
  if (!accept_location(team->team.location, fresh)) return outcome;
  ++player.locations_accepted;
  team->team.location = fresh;
  outcome.touch(EntityKind::TeamLocation, team->team.id);
  if (extends_track(team->track, fresh)) {
    team->track.push_back(fresh);
    outcome.touch(EntityKind::Track, team->team.id);
  }
  // Grace means invisible: the location is kept but not shown to anyone.
  if (!team->team.grace_period_end) {
    outcome.broadcast = BroadcastOut{c.session, LocationSent{team->team.id, fresh}};
  }
  return outcome;
}

}  // namespace truinlag::engine
