#include "gameday_world.hpp"

#include <stdexcept>

#include "team_names.hpp"

namespace truinlag::bench {

Result must(engine::Engine& engine, store::Store& store, const Command& command, Timestamp now) {
  engine::Outcome outcome = engine.execute(command, now);
  if (const auto* failure = std::get_if<Failure>(&outcome.result)) {
    const std::string name =
        std::visit([](const auto& c) { return std::string(c.kName); }, command);
    throw std::runtime_error(name + " refused: " + describe(failure->error));
  }
  store::ChangeSet changes;
  changes.add(outcome);
  if (!changes.empty()) store.commit(changes, engine.state());
  return outcome.result;
}

namespace {

std::int64_t created(engine::Engine& engine, store::Store& store, const Command& command,
                     Timestamp now) {
  return std::get<Created>(must(engine, store, command, now)).id;
}

}  // namespace

std::vector<SimSession> build_world(engine::Engine& engine, store::Store& store,
                                    const WorldShape& shape, Timestamp now) {
  AddZone zone;
  zone.number = 110;
  zone.num_conn_zones = 5;
  zone.num_connections = 9;
  zone.train_through = true;
  created(engine, store, zone, now);
  const ChallengeSetId set = created(engine, store, AddChallengeSet{"Gameday"}, now);
  for (int i = 0; i < shape.challenges; ++i) {
    Challenge c;
    c.kind = ChallengeKind::Unspezifisch;
    c.status = ChallengeStatus::Approved;
    c.sets = {set};
    c.title = "Challenge " + std::to_string(i);
    c.description = "Ride to somewhere and do challenge " + std::to_string(i);
    c.additional_points = 50 + (i % 10) * 25;
    created(engine, store, AddChallenge{c}, now);
  }

  std::vector<SimSession> sessions;
  for (int s = 0; s < shape.sessions; ++s) {
    SimSession session;
    const std::string name = "Session " + std::to_string(s + 1);
    session.id = created(engine, store, AddSession{name, Mode::Traditional}, now);
    for (int t = 0; t < shape.teams_per_session; ++t) {
      SimTeam team;
      const std::string label = team_name(static_cast<std::size_t>(t));
      team.id = created(engine, store, AddTeam{session.id, label, std::nullopt, std::nullopt}, now);
      for (int p = 0; p < shape.players_per_team; ++p) {
        const std::string player = name + " " + label + " player " + std::to_string(p + 1);
        const PlayerId id = created(
            engine, store,
            AddPlayer{player, player + " pass", std::nullopt, std::nullopt, session.id}, now);
        must(engine, store, AssignPlayerToTeam{session.id, id, team.id}, now);
        team.players.push_back(id);
      }
      team.heading = static_cast<double>(t) * 0.6;
      session.teams.push_back(team);
    }
    ConfigPatch patch;
    patch.num_catchers = shape.catchers_per_session;
    patch.challenge_sets = std::vector<ChallengeSetId>{set};
    patch.time_zone = std::string("Europe/Zurich");
    patch.start_time = TimeOfDay{9, 0};
    patch.end_time = TimeOfDay{17, 30};
    must(engine, store, SetConfig{session.id, patch}, now);
    must(engine, store, Start{session.id}, now);
    sessions.push_back(std::move(session));
  }
  return sessions;
}

}  // namespace truinlag::bench
