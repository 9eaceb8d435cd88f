// What a gateway connection receives (game-rules section 11, "Redaction"):
// passphrases never, phones only of teammates, a team's locations during
// its grace period only for the team itself, TrapSet only for catchers.
#include <catch2/catch.hpp>

#include "gateway/redaction.hpp"

using namespace truinlag;
using Access = gateway::Role;  // truinlag::Role is a team's (runner, catcher)
using gateway::Principal;

namespace {

constexpr SessionId kSession = 1;
constexpr PlayerId kRunnerA = 10, kRunnerB = 11, kCatcher = 20;
constexpr TeamId kRunners = 100, kCatchers = 200;
constexpr Timestamp kNow = 1'000'000;

engine::State scenario(std::optional<Timestamp> runners_grace_end) {
  engine::State state;
  for (auto [id, phone] :
       {std::pair{kRunnerA, "+41 79 000 00 10"}, std::pair{kRunnerB, "+41 79 000 00 11"},
        std::pair{kCatcher, "+41 79 000 00 20"}}) {
    Player p;
    p.id = id;
    p.session = kSession;
    p.passphrase = "secret-" + std::to_string(id);
    p.phone = phone;
    state.players[id] = p;
  }
  engine::TeamData runners;
  runners.team.id = kRunners;
  runners.team.session = kSession;
  runners.team.players = {kRunnerA, kRunnerB};
  runners.team.grace_period_end = runners_grace_end;
  state.teams[kRunners] = runners;
  engine::TeamData catchers;
  catchers.team.id = kCatchers;
  catchers.team.session = kSession;
  catchers.team.role = truinlag::Role::Catcher;
  catchers.team.players = {kCatcher};
  state.teams[kCatchers] = catchers;
  return state;
}

}  // namespace

TEST_CASE("a runner in grace: its locations reach its own team and admins, not the catchers") {
  const engine::State state = scenario(kNow + 60'000);
  const LocationSent location{kRunners, {}};
  const auto view = [&](Principal p) { return gateway::view_of(p, state); };
  CHECK(
      gateway::may_receive(view({Access::Player, kRunnerB, std::nullopt}), gateway::audience_of(kSession, location, state, kNow)));
  CHECK(gateway::may_receive(view({Access::Admin, 0, std::nullopt}), gateway::audience_of(kSession, location, state, kNow)));
  CHECK_FALSE(
      gateway::may_receive(view({Access::Player, kCatcher, std::nullopt}), gateway::audience_of(kSession, location, state, kNow)));
  CHECK_FALSE(
      gateway::may_receive(view({Access::Spectator, 0, std::nullopt}), gateway::audience_of(kSession, location, state, kNow)));
  // Once the grace period is over, everyone of the session sees it.
  // (Decided when the broadcast is made: a replay later shows the same.)
  CHECK(gateway::may_receive(view({Access::Player, kCatcher, std::nullopt}), gateway::audience_of(kSession, location, state, kNow + 60'000)));
}

TEST_CASE("TrapSet reaches catchers and admins only") {
  const engine::State state = scenario(std::nullopt);
  TrapSet trap;
  trap.team = kRunners;
  trap.message = "they set a trap";
  const auto view = [&](Principal p) { return gateway::view_of(p, state); };
  CHECK(gateway::may_receive(view({Access::Player, kCatcher, std::nullopt}), gateway::audience_of(kSession, trap, state, kNow)));
  CHECK(gateway::may_receive(view({Access::Admin, 0, std::nullopt}), gateway::audience_of(kSession, trap, state, kNow)));
  CHECK_FALSE(
      gateway::may_receive(view({Access::Player, kRunnerA, std::nullopt}), gateway::audience_of(kSession, trap, state, kNow)));
  CHECK_FALSE(gateway::may_receive(view({Access::Spectator, 0, std::nullopt}), gateway::audience_of(kSession, trap, state, kNow)));
}

TEST_CASE("answers: no passphrase for anyone, phones only of teammates") {
  const engine::State state = scenario(std::nullopt);
  GlobalState answer;
  for (const auto& [id, player] : state.players) answer.players.push_back(player);
  auto seen_by = [&](Principal p) {
    Result result = answer;
    gateway::redact(result, gateway::view_of(p, state));
    return std::get<GlobalState>(result).players;
  };
  for (const Player& p : seen_by({Access::Player, kRunnerA, std::nullopt})) {
    CHECK(p.passphrase.empty());
    CHECK(p.phone.has_value() == (p.id == kRunnerA || p.id == kRunnerB));
  }
  for (const Player& p : seen_by({Access::Admin, 0, std::nullopt})) {
    CHECK(p.passphrase.empty());
    CHECK(p.phone.has_value());
  }
  for (const Player& p : seen_by({Access::Spectator, 0, std::nullopt})) CHECK_FALSE(p.phone);
}
