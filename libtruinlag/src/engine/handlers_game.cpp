// Starting and stopping games (game-rules section 4) and the past games
// a stop leaves behind.
#include <algorithm>
#include <set>

#include "engine/config_rules.hpp"
#include "engine/draw.hpp"
#include "engine/engine.hpp"
#include "engine/events.hpp"
#include "engine/local_time.hpp"
#include "engine/timers.hpp"

namespace truinlag::engine {
namespace {

std::optional<ZoneId> zone_by_number(const State& state, std::int64_t number) {
  for (const auto& [id, zone] : state.zones) {
    if (zone.number == number) return id;
  }
  return std::nullopt;
}

std::string hh_mm(const TimeOfDay& t) {
  char text[8];
  std::snprintf(text, sizeof text, "%02u:%02u", unsigned{t.hour}, unsigned{t.minute});
  return text;
}

}  // namespace

Outcome Engine::handle(const Start& c, Timestamp now) {
  SessionData& s = session(c.session);
  // (GameInProgress is checked by the dispatcher, first, as the rules order.)
  if (s.session.mode != Mode::Traditional) return refuse(BadData{"mode has no rules"});
  const Config config = merged(Config{}, s.session.config);
  const Timestamp end = today_at(now, config.time_zone, config.end_time);
  if (end - now < 60'000) {
    return refuse(BadData{"end_time " + hh_mm(config.end_time) + " has passed"});
  }
  const std::set<ChallengeSetId> sets(config.challenge_sets.begin(), config.challenge_sets.end());
  std::int64_t approved = 0;
  for (const auto& [id, challenge] : state_.challenges) {
    if (challenge.status != ChallengeStatus::Approved) continue;
    if (std::any_of(challenge.sets.begin(), challenge.sets.end(),
                    [&](ChallengeSetId set) { return sets.count(set) > 0; })) {
      ++approved;
    }
  }
  if (approved < config.num_challenges) {
    return refuse(TooFewChallenges{std::to_string(approved) +
                                   " approved challenge(s) in the session's challenge sets, " +
                                   "num_challenges needs " + std::to_string(config.num_challenges) +
                                   "; approve more or add sets (config challenge_sets)"});
  }
  const auto centre = zone_by_number(state_, config.centre_zone);
  if (!centre) return refuse(NotFound{"centre zone " + std::to_string(config.centre_zone)});
  const auto start_zone = zone_by_number(state_, config.start_zone);
  if (!start_zone) return refuse(NotFound{"start zone " + std::to_string(config.start_zone)});
  for (ChallengeSetId set : sets) {
    if (state_.challenge_sets.count(set) == 0) {
      return refuse(NotFound{"challenge set " + std::to_string(set)});
    }
  }
  std::vector<TeamId> team_ids;
  for (const auto& [id, team] : state_.teams) {
    if (team.team.session == c.session) team_ids.push_back(id);
  }
  if (config.num_catchers >= static_cast<std::int64_t>(team_ids.size())) {
    return refuse(BadData{"num_catchers (" + std::to_string(config.num_catchers) +
                          ") must be less than the number of teams (" +
                          std::to_string(team_ids.size()) + ")"});
  }
  for (TeamId id : team_ids) {
    const Team& team = state_.teams.at(id).team;
    if (team.players.empty()) return refuse(BadData{"team " + team.name + " has no players"});
    for (PlayerId player : team.players) {
      const auto found = state_.players.find(player);
      if (found == state_.players.end() || found->second.session != c.session) {
        return refuse(BadData{"a player of team " + team.name + " is not in this session"});
      }
    }
  }

  // Every check passed: from here on the game starts.
  Snapshot snapshot;
  snapshot.config = config;
  for (const auto& [id, challenge] : state_.challenges) {
    if (std::any_of(challenge.sets.begin(), challenge.sets.end(),
                    [&](ChallengeSetId set) { return sets.count(set) > 0; })) {
      snapshot.challenges.emplace(id, challenge);
    }
  }
  snapshot.zones = state_.zones;
  for (TeamId id : team_ids) {
    for (PlayerId player : state_.teams.at(id).team.players) {
      snapshot.player_names.emplace(player, state_.players.at(player).name);
    }
  }
  snapshot.centre_zone = *centre;
  snapshot.start_zone = *start_zone;
  s.snapshot = std::move(snapshot);
  s.corrections.clear();  // the last game's, kept like its periods until now

  GameInfo game;
  game.name = s.session.name + " am " + local_date(now, config.time_zone);
  game.start = now;
  game.mode = s.session.mode;
  game.end_alarm = end;
  s.session.game = game;

  // Catchers: num_catchers teams chosen uniformly (a partial shuffle).
  std::vector<TeamId> order = team_ids;
  for (std::size_t i = 0; i < static_cast<std::size_t>(config.num_catchers); ++i) {
    std::uniform_int_distribution<std::size_t> pick(i, order.size() - 1);
    std::swap(order[i], order[pick(rng_)]);
  }
  const std::set<TeamId> catchers(order.begin(), order.begin() + config.num_catchers);

  Outcome outcome = reply(Success{});
  for (TeamId id : team_ids) {
    TeamData& team = state_.teams.at(id);
    team.track.clear();
    team.completed.clear();
    team.team.challenges.clear();
    team.team.periods.clear();
    team.team.location.reset();
    team.team.points = 0;
    team.team.bounty = 0;
    team.team.zone = *start_zone;
    team.team.grace_period_end.reset();
    team.team.role = catchers.count(id) ? Role::Catcher : Role::Runner;
    if (team.team.role == Role::Catcher) team.team.points = config.bounty_start_points;
    outcome.touch(EntityKind::Team, id);
    // The store cannot tell a cleared track that grew back from one that
    // only grew: say it.
    outcome.touch(EntityKind::TrackReset, id);
    outcome.touch(EntityKind::Track, id);
  }
  for (TeamId id : team_ids) {
    TeamData& team = state_.teams.at(id);
    if (team.team.role == Role::Runner) draw_for(team, s, state_.teams, now, false, rng_, outcome);
  }
  arm_timer(state_.timers, outcome, {TimerKind::EndAlarm, c.session, 0}, end);
  outcome.touch(EntityKind::Session, c.session);
  outcome.broadcast = BroadcastOut{c.session, Started{teams_of(c.session), game}};
  return outcome;
}

Outcome Engine::handle(const Stop& c, Timestamp now) { return stop_game(c.session, now); }

Outcome Engine::stop_game(SessionId session_id, Timestamp now) {
  SessionData& s = session(session_id);
  Outcome outcome = reply(Success{});

  cancel_session_timers(state_.timers, outcome, session_id);  // end alarm and grace periods

  PastGame past;
  past.id = state_.next.past_game++;
  past.name = s.session.game->name;
  past.start = s.session.game->start;
  past.end = now;
  past.mode = s.session.game->mode;
  std::vector<const TeamData*> teams;
  for (auto& [id, team] : state_.teams) {
    if (team.team.session != session_id) continue;
    team.team.grace_period_end.reset();
    teams.push_back(&team);
    PastTeam archived;
    archived.id = id;
    archived.name = team.team.name;
    for (PlayerId player : team.team.players) {
      const auto& names = s.snapshot->player_names;
      const auto name = names.find(player);
      archived.players.push_back(name != names.end() ? name->second
                                                     : "player " + std::to_string(player));
      archived.player_ids.push_back(player);
    }
    archived.role = team.team.role;
    archived.colour = team.team.colour;
    archived.points = team.team.points;
    archived.bounty = team.team.bounty;
    archived.zone = team.team.zone;
    if (!team.track.empty()) {
      archived.first_location = team.track.front();
      archived.last_location = team.track.back();
    }
    archived.challenges = team.team.challenges;
    for (const Period& period : team.team.periods) {
      archived.periods.push_back(PastPeriod{period, period_end_location(team, period)});
    }
    past.teams.push_back(std::move(archived));
    outcome.touch(EntityKind::Team, id);
  }
  past.events = derive_events(teams, s.corrections);
  outcome.touch(EntityKind::PastGame, past.id);
  state_.past_games.emplace(past.id, std::move(past));

  s.session.game.reset();
  s.snapshot.reset();
  outcome.touch(EntityKind::Session, session_id);
  outcome.broadcast = BroadcastOut{session_id, Ended{}};
  return outcome;
}

}  // namespace truinlag::engine
