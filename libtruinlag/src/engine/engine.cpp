#include "engine/engine.hpp"

#include <algorithm>
#include <string>

#include "engine/command_table.hpp"
#include "engine/config_rules.hpp"
#include "engine/events.hpp"
#include "engine/input_rules.hpp"
#include "engine/timers.hpp"

namespace truinlag::engine {
namespace {

// The session a session-scoped command names.
template <class C>
std::optional<SessionId> session_of(const C& command) {
  if constexpr (requires { command.session; }) {
    if constexpr (std::is_same_v<std::decay_t<decltype(command.session)>, SessionId>) {
      return command.session;
    }
  }
  return std::nullopt;
}

}  // namespace

Outcome Engine::execute(const Command& command, Timestamp now) {
  if (auto refusal = generic_refusal(command)) return std::move(*refusal);
  return std::visit([&](const auto& c) { return handle(c, now); }, command);
}

std::optional<Outcome> Engine::generic_refusal(const Command& command) const {
  const Contract& contract = contract_of(command);
  // Bytes that are not text and numbers that are not numbers are refused
  // before anything looks at them (they would reach exports, JSON and the
  // points formula).
  if (auto problem = input_problem(command)) return refuse(BadData{*problem});
  if (contract.scope == Scope::Session) {
    const auto id = std::visit([](const auto& c) { return session_of(c); }, command);
    const auto found = state_.sessions.find(id.value_or(0));
    if (!id || found == state_.sessions.end()) {
      return refuse(NotFound{"session " + std::to_string(id.value_or(0))});
    }
    const Session& s = found->second.session;
    const bool running = s.game.has_value();
    if (contract.game == GameRule::Refuses && running) {
      return refuse(GameInProgress{"session '" + s.name + "' has a game running; stop it first"});
    }
    if (contract.game == GameRule::Needs && !running) {
      return refuse(
          GameNotRunning{"session '" + s.name + "' has no game running; start one first"});
    }
  }
  return std::nullopt;
}

Outcome Engine::fire(const TimerKey& key, Timestamp now) {
  const auto armed = state_.timers.find(key);
  if (armed == state_.timers.end() || armed->second > now) return reply(Success{});  // stale
  switch (key.kind) {
    case TimerKind::EndAlarm:
      if (state_.sessions.count(key.session) == 0 || !session(key.session).session.game) {
        Outcome outcome = reply(Success{});
        cancel_timer(state_.timers, outcome, key);
        return outcome;
      }
      // The game ended at the alarm's moment, also when it fires late (the
      // daemon was down then): the past game's end is the deadline.
      return stop_game(key.session, armed->second);
    case TimerKind::GracePeriodEnd: {
      Outcome outcome;
      cancel_timer(state_.timers, outcome, key);
      TeamData* team = team_of_session(key.session, key.team);
      if (team && team->team.grace_period_end) {
        team->team.grace_period_end.reset();
        outcome.touch(EntityKind::Team, key.team);
        outcome.broadcast = BroadcastOut{key.session, TeamLeftGracePeriod{team->team}};
      }
      return outcome;
    }
  }
  return reply(Success{});
}

TeamData* Engine::team_of_session(SessionId session, TeamId team) {
  const auto found = state_.teams.find(team);
  if (found == state_.teams.end() || found->second.team.session != session) return nullptr;
  return &found->second;
}

void Engine::end_grace_period(TeamData& team, Outcome& outcome) {
  if (!team.team.grace_period_end) return;
  team.team.grace_period_end.reset();
  cancel_timer(state_.timers, outcome,
               {TimerKind::GracePeriodEnd, team.team.session, team.team.id});
}

Config Engine::effective_config(const SessionData& session) const {
  if (session.snapshot) return session.snapshot->config;
  return merged(Config{}, session.session.config);
}

std::vector<Team> Engine::teams_of(SessionId session) const {
  std::vector<Team> teams;
  for (const auto& [id, team] : state_.teams) {
    if (team.team.session == session) teams.push_back(team.team);
  }
  return teams;
}

std::vector<Event> Engine::events_of(SessionId session) const {
  std::vector<const TeamData*> teams;
  for (const auto& [id, team] : state_.teams) {
    if (team.team.session == session) teams.push_back(&team);
  }
  return derive_events(teams, state_.sessions.at(session).corrections);
}

Outcome Engine::handle(const Ping& command, Timestamp) {
  Outcome outcome;
  outcome.broadcast = BroadcastOut{std::nullopt, Pinged{command.payload}};
  return outcome;
}

Outcome Engine::handle(const GetState&, Timestamp) {
  GlobalState global;
  for (const auto& [id, session] : state_.sessions) global.sessions.push_back(session.session);
  for (const auto& [id, player] : state_.players) {
    // The engine holds only the passphrase's hash, and no answer carries
    // that either (a hash is as good as the passphrase for guessing it
    // offline).
    global.players.push_back(player);
    global.players.back().passphrase.clear();
  }
  return reply(std::move(global));
}

Outcome Engine::handle(const Shutdown&, Timestamp) {
  Outcome outcome;
  outcome.shutdown_requested = true;
  return outcome;
}

Outcome Engine::handle(const Subscribe&, Timestamp) {
  // Subscriptions belong to connections; the server answers them itself.
  return refuse(Internal{"subscribe is handled by the server"});
}

Outcome Engine::handle(const Resume&, Timestamp) {
  // The broadcast log is the server's (store/journal.hpp).
  return refuse(Internal{"resume is handled by the server"});
}

Outcome Engine::handle(const Backup&, Timestamp) {
  // The database belongs to the server runtime; the engine has no files.
  return refuse(Internal{"backup is handled by the server"});
}

}  // namespace truinlag::engine
