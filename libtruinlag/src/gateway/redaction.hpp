// What a gateway connection may see of an answer or a broadcast
// (game-rules section 11, "Redaction"). Applied per connection, after the
// engine answered and before the JSON is written, so the engine knows
// nothing about roles.
#pragma once

#include <optional>
#include <set>

#include "engine/state.hpp"
#include "gateway/principal.hpp"
#include "store/journal.hpp"
#include "truinlag/messages.hpp"

namespace truinlag::gateway {

struct View {
  Role role = Role::Spectator;
  std::optional<SessionId> session;  // nullopt: every session (admin, unbound spectator)
  std::set<PlayerId> teammates;      // phones shown (a player's own team, itself included)
  std::optional<TeamId> team;        // a player's team
};

View view_of(const Principal& principal, const engine::State& state);

// Scrubs what the view may not see: passphrases always (admins too),
// other players' phone numbers unless teammates.
void redact(Result& result, const View& view);
void redact(BroadcastEvent& event, const View& view);

// Whether a broadcast of `session` (nullopt: global) reaches the view.
bool reaches(const View& view, const std::optional<SessionId>& session);

// Who may receive a broadcast made now (section 11), decided once, when it
// is made, and kept with it in the log: a team's location while the team
// is in its grace period only for the team itself; TrapSet only for
// players of the session's catcher teams. Admins receive everything.
store::Audience audience_of(const std::optional<SessionId>& session, const BroadcastEvent& event,
                            const engine::State& state, Timestamp now);

// Whether the view may receive a broadcast with this audience.
bool may_receive(const View& view, const store::Audience& audience);

}  // namespace truinlag::gateway
