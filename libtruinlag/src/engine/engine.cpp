#include "engine/engine.hpp"

#include <string>

#include "engine/command_table.hpp"

namespace truinlag::engine {
namespace {

Outcome refuse(Error error) {
  Outcome outcome;
  outcome.result = Failure{std::move(error)};
  return outcome;
}

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
  const CommandProperties& properties = properties_of(command);
  if (properties.scope == Scope::Connection) {
    return refuse(Internal{std::string(properties.name) + " is handled by the server"});
  }
  if (properties.scope == Scope::Session) {
    const auto id = std::visit([](const auto& c) { return session_of(c); }, command);
    const auto session = state_.sessions.find(id.value_or(0));
    if (!id || session == state_.sessions.end()) {
      return refuse(NotFound{"session " + std::to_string(id.value_or(0))});
    }
    const bool running = session->second.game.has_value();
    if (properties.refused_in_game && running) return refuse(GameInProgress{});
    if (properties.needs_game && !running) return refuse(GameNotRunning{});
  }
  return std::visit([&](const auto& c) { return handle(c, now); }, command);
}

Outcome Engine::handle(const Ping& command, Timestamp) {
  Outcome outcome;
  outcome.result = Success{};
  outcome.broadcast = BroadcastOut{std::nullopt, Pinged{command.payload}};
  return outcome;
}

Outcome Engine::handle(const GetState&, Timestamp) {
  GlobalState global;
  for (const auto& [id, session] : state_.sessions) global.sessions.push_back(session);
  for (const auto& [id, player] : state_.players) global.players.push_back(player);
  Outcome outcome;
  outcome.result = std::move(global);
  return outcome;
}

Outcome Engine::handle(const Shutdown&, Timestamp) {
  Outcome outcome;
  outcome.result = Success{};
  outcome.shutdown_requested = true;
  return outcome;
}

template <class C>
Outcome Engine::handle(const C&, Timestamp) {
  return refuse(Internal{"command '" + std::string(C::kName) +
                         "' is declared but its rules are not in this engine version yet"});
}

}  // namespace truinlag::engine
