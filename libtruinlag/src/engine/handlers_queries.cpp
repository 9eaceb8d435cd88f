// Read-only session queries.
#include "engine/engine.hpp"

namespace truinlag::engine {

Outcome Engine::handle(const GetSessionState& c, Timestamp) {
  const SessionData& s = session(c.session);
  return reply(
      truinlag::SessionState{s.session, teams_of(c.session), events_of(c.session), s.session.game});
}

Outcome Engine::handle(const GetEvents& c, Timestamp) {
  return reply(Events{events_of(c.session)});
}

Outcome Engine::handle(const GetLocations& c, Timestamp) {
  Locations locations;
  for (const auto& [id, team] : state_.teams) {
    if (team.team.session == c.session) locations.teams.push_back(TeamTrack{id, team.track});
  }
  return reply(std::move(locations));
}

Outcome Engine::handle(const GetPastLocations& c, Timestamp now) {
  const TeamData* team = team_of_session(c.session, c.team);
  if (!team) return refuse(NotFound{"team " + std::to_string(c.team)});
  if (c.seconds && *c.seconds < 0) return refuse(BadData{"seconds must not be negative"});
  PastLocations past;
  for (const Location& point : team->track) {
    if (!c.seconds || point.timestamp >= now - *c.seconds * 1000) past.track.push_back(point);
  }
  return reply(std::move(past));
}

}  // namespace truinlag::engine
