// End to end, issue 17 items 5 and 6 on the unix socket: a client with
// ClientOptions::reconnect survives kill -9 of the daemon without a gap in
// its broadcasts, and a keyed Catch whose connection was cut before the
// answer, retried, answers the same and moves the bounty once, after a
// restart too.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"
#include "truinlag/client.hpp"

using truinlag::testing::DaemonProcess;
using truinlag::testing::RawPeer;
using truinlag::testing::TempDir;
using namespace std::chrono_literals;
namespace t = truinlag;

namespace {

template <class R>
R expect(t::Result result) {
  if (const auto* failure = std::get_if<t::Failure>(&result)) {
    FAIL("engine refused: " << t::describe(failure->error));
  }
  REQUIRE(std::holds_alternative<R>(result));
  return std::get<R>(result);
}

std::int64_t created(t::Sender& s, t::Command c) {
  return expect<t::Created>(s.send(std::move(c)).get()).id;
}

// One broadcast, PlayerChangedSession of a new player named P<i>, which it
// returns the id of (the session is made by the first call).
t::PlayerId traffic(t::Sender& s, int i) {
  static thread_local t::SessionId session = 0;
  if (i == 0 || session == 0) {
    auto r = s.send(t::AddSession{"Traffic", t::Mode::Traditional}).get();
    if (const auto* c = std::get_if<t::Created>(&r)) session = c->id;
  }
  const t::PlayerId p = created(s, t::AddPlayer{"P" + std::to_string(i), "pass-" + std::to_string(i),
                                                std::nullopt, std::nullopt, std::nullopt});
  expect<t::Success>(s.send(t::SetPlayerSession{p, session}).get());
  return p;
}

void kill_and_wait(DaemonProcess& daemon) {
  daemon.send_signal(SIGKILL);
  REQUIRE(daemon.wait_exit(5s).has_value());
}

}  // namespace

TEST_CASE("a reconnecting client gets every broadcast once, in order, across kill -9") {
  TempDir dir;
  const std::string socket = dir.file("r.sock");
  const std::string db = dir.file("r.db");
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  t::ClientOptions options;
  options.reconnect = true;
  options.reconnect_min_delay = 20ms;
  options.reconnect_max_delay = 200ms;
  auto follower = t::Client::connect(socket, options);
  {
    auto pinger = t::Client::connect(socket);
    for (int i = 0; i < 50; ++i) traffic(pinger.sender(), i);
  }
  kill_and_wait(*daemon);
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  {
    // While the follower is still reconnecting, or just after: it must
    // get these too, whichever.
    auto pinger = t::Client::connect(socket);
    for (int i = 50; i < 100; ++i) traffic(pinger.sender(), i);
  }
  std::vector<std::uint64_t> seqs;
  std::vector<t::PlayerId> players;
  while (players.size() < 100) {
    auto b = follower.recv_for(10s);
    if (!b) break;
    seqs.push_back(b->seq);
    const auto* changed = std::get_if<t::PlayerChangedSession>(&b->event);
    REQUIRE(changed != nullptr);
    players.push_back(changed->player);
  }
  REQUIRE(players.size() == 100);
  // Player ids are dense from 1: the i-th broadcast is about the i-th player.
  for (std::size_t i = 0; i < 100; ++i) CHECK(players[i] == static_cast<t::PlayerId>(i + 1));
  for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
  CHECK(follower.resyncs() == 0);
  // And it serves requests on the new connection.
  CHECK(std::holds_alternative<t::Success>(follower.send(t::Ping{"after"}).get()));
}

TEST_CASE("Resume outside the window or of another epoch: ResyncRequired") {
  TempDir dir;
  const std::string socket = dir.file("w.sock");
  DaemonProcess daemon(socket, dir.file("w.db"), {"--resume-window", "5"});
  REQUIRE(daemon.wait_ready());
  auto client = t::Client::connect(socket);
  for (int i = 0; i < 20; ++i) traffic(client.sender(), i);
  auto epoch_of = [&] {
    auto r = client.send(t::Resume{0, 0, std::nullopt}).get();
    REQUIRE(std::holds_alternative<t::Failure>(r));
    const auto& e = std::get<t::Failure>(r).error;
    REQUIRE(std::holds_alternative<t::ResyncRequired>(e));
    return std::get<t::ResyncRequired>(e);
  };
  const t::ResyncRequired other = epoch_of();  // epoch 0 is never a database's
  CHECK(other.epoch != 0);
  CHECK(other.last_seq >= 20);
  CHECK(other.first_seq == other.last_seq - 4);  // the window of 5
  auto before = client.send(t::Resume{other.epoch, other.first_seq - 2, std::nullopt}).get();
  CHECK(std::holds_alternative<t::Failure>(before));
  auto inside = client.send(t::Resume{other.epoch, other.first_seq, std::nullopt}).get();
  CHECK(std::holds_alternative<t::Success>(inside));
}

TEST_CASE("a keyed Catch cut off before its answer, retried: the same answer, the bounty once") {
  TempDir dir;
  const std::string socket = dir.file("k.sock");
  const std::string db = dir.file("k.db");
  auto daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  t::SessionId session = 0;
  t::TeamId catcher = 0, runner = 0;
  {
    auto client = t::Client::connect(socket);
    t::Sender& s = client.sender();
    session = created(s, t::AddSession{"OG", t::Mode::Traditional});
    created(s, t::AddZone{110, 6, 16, true, false, true});
    const t::ChallengeSetId set = created(s, t::AddChallengeSet{"S"});
    for (int i = 0; i < 5; ++i) {
      t::Challenge c;
      c.kind = t::ChallengeKind::Unspezifisch;
      c.status = t::ChallengeStatus::Approved;
      c.sets = {set};
      c.title = "C" + std::to_string(i);
      c.description = "D";
      c.additional_points = 100;
      created(s, t::AddChallenge{c});
    }
    const t::TeamId a = created(s, t::AddTeam{session, "Blau", std::nullopt, std::nullopt});
    const t::TeamId b = created(s, t::AddTeam{session, "Rot", std::nullopt, std::nullopt});
    for (int i = 0; i < 2; ++i) {
      const t::PlayerId p = created(s, t::AddPlayer{"P" + std::to_string(i), "pp" + std::to_string(i),
                                                    std::nullopt, std::nullopt, session});
      expect<t::Success>(s.send(t::AssignPlayerToTeam{session, p, i == 0 ? a : b}).get());
    }
    t::ConfigPatch patch;
    patch.num_catchers = 1;
    patch.challenge_sets = std::vector<t::ChallengeSetId>{set};
    patch.time_zone = truinlag::testing::midday_zone();
    patch.start_time = t::TimeOfDay{6, 0};
    patch.end_time = t::TimeOfDay{22, 0};
    expect<t::Success>(s.send(t::SetConfig{session, patch}).get());
    expect<t::Success>(s.send(t::Start{session}).get());
    auto state = expect<t::SessionState>(s.send(t::GetSessionState{session}).get());
    catcher = state.teams[0].role == t::Role::Catcher ? state.teams[0].id : state.teams[1].id;
    runner = catcher == a ? b : a;
  }
  const std::string key = "catch-7f3a9c";
  {
    // Sent, and the connection closed at once: the answer is never read.
    RawPeer peer(socket);
    REQUIRE(peer.send(t::Hello{t::kProtocolVersion, "cut"}));
    REQUIRE(peer.send(t::Request{1, t::Catch{session, catcher, runner, 0}, key}));
    peer.close();
  }
  auto client = t::Client::connect(socket);
  auto team_of = [&](t::TeamId id) {
    auto state = expect<t::SessionState>(client.send(t::GetSessionState{session}).get());
    for (const auto& team : state.teams) {
      if (team.id == id) return team;
    }
    FAIL("no team " << id);
    return t::Team{};
  };
  // The first request may still be on its way: the retry either runs it
  // (the cut one was never read) or gets its stored answer, never both.
  const auto first = expect<t::PeriodIndex>(
      client.send(t::Catch{session, catcher, runner, 0}, key).get());
  const t::Team caught = team_of(runner);
  const t::Team catchers = team_of(catcher);
  const auto again = expect<t::PeriodIndex>(
      client.send(t::Catch{session, catcher, runner, 0}, key).get());
  CHECK(again == first);
  CHECK(team_of(runner) == caught);
  CHECK(team_of(catcher) == catchers);
  // Without the key the same Catch is a new one: refused now (the teams
  // swapped roles), which shows the keyed retries did not run it.
  CHECK(std::holds_alternative<t::Failure>(client.send(t::Catch{session, catcher, runner, 0}).get()));
  // After kill -9 and a restart the stored answer is still there.
  kill_and_wait(*daemon);
  daemon = std::make_unique<DaemonProcess>(socket, db);
  REQUIRE(daemon->wait_ready());
  client = t::Client::connect(socket);
  const auto after = expect<t::PeriodIndex>(
      client.send(t::Catch{session, catcher, runner, 0}, key).get());
  CHECK(after == first);
  CHECK(team_of(runner) == caught);
  CHECK(team_of(catcher) == catchers);
  // A key of 65 bytes is refused.
  auto long_key = client.send(t::Catch{session, catcher, runner, 0}, std::string(65, 'k')).get();
  REQUIRE(std::holds_alternative<t::Failure>(long_key));
  CHECK(std::holds_alternative<t::BadData>(std::get<t::Failure>(long_key).error));
}
