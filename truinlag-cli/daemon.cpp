#include "daemon.hpp"

#include "resolve.hpp"

namespace truinlag::cli {

Daemon::Daemon(const GlobalOptions& global) : global_(&global), client_(connect_daemon(global)) {}

const GlobalState& Daemon::global_state() {
  if (!global_state_) global_state_ = wait(sender().get_state());
  return *global_state_;
}

const SessionState& Daemon::session_state(SessionId session) {
  auto found = session_states_.find(session);
  if (found == session_states_.end()) {
    found = session_states_.emplace(session, wait(sender().get_session_state(session))).first;
  }
  return found->second;
}

const std::vector<Zone>& Daemon::zones() {
  if (!zones_) zones_ = wait(sender().get_zones());
  return *zones_;
}

const std::vector<ChallengeSet>& Daemon::sets() {
  if (!sets_) sets_ = wait(sender().get_challenge_sets());
  return *sets_;
}

SessionId Daemon::session(std::string_view text) { return resolve_session(global_state(), text); }

PlayerId Daemon::player(std::string_view text) { return resolve_player(global_state(), text); }

TeamId Daemon::team(SessionId session, std::string_view text) {
  return resolve_team(session_state(session), text);
}

ZoneId Daemon::zone(std::int64_t number) { return resolve_zone(zones(), number); }

}  // namespace truinlag::cli
