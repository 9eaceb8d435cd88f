// Session configuration and teams (game-rules section 3, per session).
#include <algorithm>

#include "engine/config_rules.hpp"
#include "engine/draw.hpp"
#include "engine/edits.hpp"
#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

std::string team_label(TeamId id) { return "team " + std::to_string(id); }

// TeamExists(<existing name>) if `name` equals or is confusable with a
// team of the session other than `self`.
std::optional<Error> team_name_clash(const State& state, SessionId session, TeamId self,
                                     const std::string& name) {
  for (const auto& [id, team] : state.teams) {
    if (id == self || team.team.session != session) continue;
    if (name_similarity(name, team.team.name) >= kTeamNameSimilarityLimit) {
      return TeamExists{team.team.name};
    }
  }
  return std::nullopt;
}

}  // namespace

Outcome Engine::handle(const GetConfig& c, Timestamp) {
  return reply(ConfigResult{effective_config(session(c.session))});
}

Outcome Engine::handle(const SetConfig& c, Timestamp) {
  SessionData& s = session(c.session);
  ConfigPatch overrides = merged(s.session.config, c.config);
  if (auto problem = config_problem(merged(Config{}, overrides), c.config)) {
    return refuse(BadData{*problem});
  }
  return set_field(s.session.config, std::move(overrides), {EntityKind::Session, c.session});
}

Outcome Engine::handle(const AddTeam& c, Timestamp) {
  const std::string name = trim(c.name);
  if (name.empty()) return refuse(BadData{"a team needs a name"});
  if (auto clash = team_name_clash(state_, c.session, 0, name)) return refuse(*clash);
  TeamData created;
  Team& team = created.team;
  team.id = state_.next.team++;
  team.session = c.session;
  team.name = name;
  team.discord_channel = c.discord_channel;
  if (c.colour) {
    team.colour = *c.colour;
  } else {
    // The first palette colour no team of the session uses; black if none.
    const Config config = effective_config(session(c.session));
    team.colour = Colour{0, 0, 0};
    for (const Colour& candidate : config.team_colours) {
      const bool used = std::any_of(state_.teams.begin(), state_.teams.end(), [&](const auto& t) {
        return t.second.team.session == c.session && t.second.team.colour == candidate;
      });
      if (!used) {
        team.colour = candidate;
        break;
      }
    }
  }
  const TeamId id = team.id;
  return add_entity(state_.teams, id, std::move(created), EntityKind::Team);
}

Outcome Engine::handle(const RemoveTeam& c, Timestamp) {
  if (!team_of_session(c.session, c.team)) return refuse(NotFound{team_label(c.team)});
  state_.teams.erase(c.team);
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Team, c.team);
  return outcome;
}

Outcome Engine::handle(const RenameTeam& c, Timestamp) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  const std::string name = trim(c.name);
  return set_field(team->team.name, name, {EntityKind::Team, c.team},
                   name.empty() ? Refusal{BadData{"a team needs a name"}}
                                : team_name_clash(state_, c.session, c.team, name));
}

Outcome Engine::handle(const SetTeamDiscordChannel& c, Timestamp) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  return set_field(team->team.discord_channel, c.channel, {EntityKind::Team, c.team});
}

Outcome Engine::handle(const AssignPlayerToTeam& c, Timestamp) {
  const auto player = state_.players.find(c.player);
  if (player == state_.players.end()) {
    return refuse(NotFound{"player " + std::to_string(c.player)});
  }
  if (player->second.session != c.session) {
    return refuse(BadData{"player " + player->second.name + " is not in session " +
                          session(c.session).session.name});
  }
  if (c.team && !team_of_session(c.session, *c.team)) return refuse(NotFound{team_label(*c.team)});
  std::optional<TeamId> from;
  for (const auto& [id, team] : state_.teams) {
    const auto& players = team.team.players;
    if (team.team.session == c.session &&
        std::find(players.begin(), players.end(), c.player) != players.end()) {
      from = id;
    }
  }
  if (from == c.team) return reply(Success{});
  Outcome outcome = reply(Success{});
  if (from) {
    auto& players = state_.teams.at(*from).team.players;
    players.erase(std::find(players.begin(), players.end(), c.player));
    outcome.touch(EntityKind::Team, *from);
  }
  if (c.team) {
    state_.teams.at(*c.team).team.players.push_back(c.player);
    outcome.touch(EntityKind::Team, *c.team);
  }
  outcome.broadcast = BroadcastOut{c.session, PlayerChangedTeam{c.session, c.player, from, c.team}};
  return outcome;
}

Outcome Engine::handle(const MakeTeamCatcher& c, Timestamp) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  if (team->team.role == Role::Catcher) return reply(Success{});
  team->team.role = Role::Catcher;
  team->team.challenges.clear();  // catchers hunt, they have nothing to complete
  Outcome outcome = reply(Success{});
  end_grace_period(*team, outcome);  // a catcher is never invisible
  outcome.touch(EntityKind::Team, c.team);
  outcome.broadcast = BroadcastOut{c.session, TeamMadeCatcher{team->team}};
  return outcome;
}

Outcome Engine::handle(const MakeTeamRunner& c, Timestamp now) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  if (team->team.role == Role::Runner) return reply(Success{});
  team->team.role = Role::Runner;
  Outcome outcome = reply(Success{});
  const SessionData& s = session(c.session);
  if (s.snapshot) draw_for(*team, s, state_.teams, now, true, rng_, outcome);
  outcome.touch(EntityKind::Team, c.team);
  outcome.broadcast = BroadcastOut{c.session, TeamMadeRunner{team->team}};
  return outcome;
}

Outcome Engine::handle(const GenerateTeamChallenges& c, Timestamp now) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  const SessionData& s = session(c.session);
  // Drawing needs the game's snapshot; between games Start draws anyway.
  if (!s.snapshot) {
    return refuse(GameNotRunning{"session '" + s.session.name +
                                 "' has no game running; Start draws the first challenges"});
  }
  if (team->team.role == Role::Catcher) return refuse(TeamIsCatcher{team->team.name});
  Outcome outcome = reply(Success{});
  if (!draw_for(*team, s, state_.teams, now, true, rng_, outcome)) {
    // Nothing drawable: the old challenges stay. The draw's lines still
    // reach the log: a refusal is where an organiser looks for why.
    Outcome refused =
        refuse(TooFewChallenges{"no challenge of the game's pool can be drawn for team " +
                                team->team.name + " now; its challenges stay as they were"});
    refused.notes = std::move(outcome.notes);
    refused.warnings = std::move(outcome.warnings);
    return refused;
  }
  outcome.touch(EntityKind::Team, c.team);
  return outcome;
}

Outcome Engine::handle(const AddChallengeToTeam& c, Timestamp) {
  TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{team_label(c.team)});
  if (trim(c.title).empty()) return refuse(BadData{"a challenge needs a title"});
  OpenChallenge open;
  open.title = trim(c.title);
  open.description = c.description;
  open.points = c.points;
  team->team.challenges.push_back(std::move(open));
  Outcome outcome = reply(Success{});
  outcome.touch(EntityKind::Team, c.team);
  return outcome;
}

}  // namespace truinlag::engine
