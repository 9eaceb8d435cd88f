// End to end, issue 4: nothing acknowledged is lost, whatever moment the
// daemon dies at; running games and their timers survive restarts.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <random>
#include <set>
#include <thread>

#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"
#include "truinlag/client.hpp"
#include "truinlag/server.hpp"

using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using namespace std::chrono_literals;
namespace t = truinlag;

using truinlag::testing::midday_zone;

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

// A running game in a new session: two teams of two, one catcher.
t::SessionId running_game(t::Sender& s, std::int64_t grace_minutes) {
  const t::SessionId session = created(s, t::AddSession{"OG", t::Mode::Traditional});
  created(s, t::AddZone{110, 6, 16, true, false, true});
  const t::ChallengeSetId set = created(s, t::AddChallengeSet{"S"});
  for (int i = 0; i < 5; ++i) {
    t::Challenge c;
    c.kind = t::ChallengeKind::Unspezifisch;
    c.status = t::ChallengeStatus::Approved;
    c.sets = {set};
    c.title = "C" + std::to_string(i);
    c.description = "D";
    c.additional_points = 100 + i;
    created(s, t::AddChallenge{c});
  }
  std::vector<t::TeamId> teams{created(s, t::AddTeam{session, "Blau", std::nullopt, std::nullopt}),
                               created(s, t::AddTeam{session, "Rot", std::nullopt, std::nullopt})};
  for (int i = 0; i < 4; ++i) {
    const t::PlayerId p = created(s, t::AddPlayer{"P" + std::to_string(i), "pp" + std::to_string(i),
                                                  std::nullopt, std::nullopt, session});
    expect<t::Success>(s.send(t::AssignPlayerToTeam{session, p, teams[i / 2]}).get());
  }
  t::ConfigPatch patch;
  patch.num_catchers = 1;
  patch.challenge_sets = std::vector<t::ChallengeSetId>{set};
  patch.time_zone = midday_zone();
  patch.start_time = t::TimeOfDay{6, 0};
  patch.end_time = t::TimeOfDay{22, 0};
  patch.grace_period_duration = grace_minutes;
  expect<t::Success>(s.send(t::SetConfig{session, patch}).get());
  expect<t::Success>(s.send(t::Start{session}).get());
  return session;
}

}  // namespace

TEST_CASE("500 acknowledged players survive an immediate kill -9") {
  TempDir dir;
  const std::string socket = dir.file("p.sock");
  const std::string db = dir.file("p.db");
  {
    DaemonProcess daemon(socket, db);
    REQUIRE(daemon.wait_ready());
    auto client = t::Client::connect(socket);
    std::vector<std::future<t::Result>> acks;
    for (int i = 0; i < 500; ++i) {
      acks.push_back(
          client.send(t::AddPlayer{"Player " + std::to_string(i), "pass " + std::to_string(i),
                                   std::nullopt, std::nullopt, std::nullopt}));
    }
    for (auto& ack : acks) expect<t::Created>(ack.get());
    daemon.send_signal(SIGKILL);
    REQUIRE(daemon.wait_exit(5s).has_value());
  }
  DaemonProcess restarted(socket, db);
  REQUIRE(restarted.wait_ready());
  auto client = t::Client::connect(socket);
  CHECK(client.sender().get_state().get().players.size() == 500);
}

TEST_CASE("a running game survives kill -9: its state is identical after the restart") {
  TempDir dir;
  const std::string socket = dir.file("g.sock");
  const std::string db = dir.file("g.db");
  t::SessionState before;
  {
    DaemonProcess daemon(socket, db);
    REQUIRE(daemon.wait_ready());
    auto client = t::Client::connect(socket);
    t::Sender& s = client.sender();
    const t::SessionId session = running_game(s, 15);
    auto state = expect<t::SessionState>(s.send(t::GetSessionState{session}).get());
    const t::Team& a = state.teams[0];
    const t::TeamId catcher = a.role == t::Role::Catcher ? a.id : state.teams[1].id;
    const t::TeamId runner = catcher == a.id ? state.teams[1].id : a.id;
    const t::PlayerId runner_player = (catcher == a.id ? state.teams[1] : a).players.front();
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (int i = 0; i < 3; ++i) {
      expect<t::Success>(
          s.send(t::SendLocation{session, runner_player,
                                 t::Location{47.37 + 0.01 * i, 8.54, 5, 0, 0, now + 20'000 * i}})
              .get());
    }
    expect<t::PeriodIndex>(s.send(t::Catch{session, catcher, runner, 0}).get());
    before = expect<t::SessionState>(s.send(t::GetSessionState{session}).get());
    daemon.send_signal(SIGKILL);
    REQUIRE(daemon.wait_exit(5s).has_value());
  }
  DaemonProcess restarted(socket, db);
  REQUIRE(restarted.wait_ready());
  CHECK_THAT(restarted.log(), Catch::Contains("2 timers"));  // end alarm + grace period
  auto client = t::Client::connect(socket);
  auto after = expect<t::SessionState>(client.send(t::GetSessionState{before.session.id}).get());
  CHECK(after == before);
  auto tracks = expect<t::Locations>(client.send(t::GetLocations{before.session.id}).get());
  std::size_t points = 0;
  for (const auto& team : tracks.teams) points += team.track.size();
  CHECK(points == 3);
  CHECK(t::check_database(db).problems.empty());
}

TEST_CASE("a grace period that ended while the daemon was down ends at start-up") {
  TempDir dir;
  const std::string socket = dir.file("t.sock");
  const std::string db = dir.file("t.db");
  t::SessionId session = 0;
  t::TeamId in_grace = 0;
  {
    DaemonProcess daemon(socket, db);
    REQUIRE(daemon.wait_ready());
    auto client = t::Client::connect(socket);
    t::Sender& s = client.sender();
    session = running_game(s, 1);  // one-minute grace periods
    auto state = expect<t::SessionState>(s.send(t::GetSessionState{session}).get());
    const t::TeamId catcher =
        state.teams[0].role == t::Role::Catcher ? state.teams[0].id : state.teams[1].id;
    const t::TeamId runner = catcher == state.teams[0].id ? state.teams[1].id : state.teams[0].id;
    expect<t::PeriodIndex>(s.send(t::Catch{session, catcher, runner, 0}).get());
    in_grace = catcher;
    daemon.send_signal(SIGKILL);
    REQUIRE(daemon.wait_exit(5s).has_value());
  }
  // Two minutes later (by the daemon's clock) the grace period is over.
  DaemonProcess later(socket, db, {"--clock-offset", "120"});
  REQUIRE(later.wait_ready());
  auto client = t::Client::connect(socket);
  auto state = expect<t::SessionState>(client.send(t::GetSessionState{session}).get());
  for (const auto& team : state.teams) {
    if (team.id == in_grace) CHECK_FALSE(team.grace_period_end.has_value());
  }
}

TEST_CASE("SIGKILL at random moments under several writers: nothing acknowledged is lost") {
  TempDir dir;
  const std::string socket = dir.file("k.sock");
  const std::string db = dir.file("k.db");
  std::mt19937 random(2026);
  std::set<std::string> acknowledged;
  std::mutex acknowledged_mutex;
  int next_name = 0;
  constexpr int kKills = 20;
  for (int kill = 0; kill < kKills; ++kill) {
    DaemonProcess daemon(socket, db);
    REQUIRE(daemon.wait_ready());
    {
      // Everything acknowledged so far is there.
      auto checker = t::Client::connect(socket);
      const auto players = checker.sender().get_state().get().players;
      std::set<std::string> present;
      for (const auto& p : players) present.insert(p.name);
      for (const auto& name : acknowledged) {
        if (!present.count(name))
          FAIL("acknowledged player " << name << " lost after kill " << kill);
      }
      // Nothing half-applied: each player's passphrase matches its name
      // (the login finds it; no answer carries passphrases).
      for (const auto& p : players) {
        const auto login = checker.send(t::GetPlayerByPassphrase{"pass of " + p.name}).get();
        REQUIRE(std::holds_alternative<t::PlayerResult>(login));
        CHECK(std::get<t::PlayerResult>(login).player.name == p.name);
      }
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      const int base = next_name + w * 100000;
      writers.emplace_back([&, base] {
        try {
          auto client = t::Client::connect(socket);
          for (int i = 0; !stop; ++i) {
            const std::string name = "p" + std::to_string(base + i);
            auto result = client
                              .send(t::AddPlayer{name, "pass of " + name, std::nullopt,
                                                 std::nullopt, std::nullopt})
                              .get();
            if (std::holds_alternative<t::Created>(result)) {
              std::lock_guard lock(acknowledged_mutex);
              acknowledged.insert(name);
            }
          }
        } catch (const std::exception&) {
          // The daemon died under us: expected.
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % 150));
    daemon.send_signal(SIGKILL);
    REQUIRE(daemon.wait_exit(5s).has_value());
    stop = true;
    for (auto& writer : writers) writer.join();
    next_name += 1000000;
    REQUIRE(t::check_database(db).problems.empty());
  }
  CHECK(acknowledged.size() > 100);
  DaemonProcess last(socket, db);
  REQUIRE(last.wait_ready());
  auto checker = t::Client::connect(socket);
  std::set<std::string> present;
  for (const auto& p : checker.sender().get_state().get().players) present.insert(p.name);
  for (const auto& name : acknowledged) CHECK(present.count(name) == 1);
}

TEST_CASE("Backup writes a consistent copy while the daemon runs") {
  TempDir dir;
  const std::string socket = dir.file("b.sock");
  DaemonProcess daemon(socket, dir.file("b.db"));
  REQUIRE(daemon.wait_ready());
  auto client = t::Client::connect(socket);
  for (int i = 0; i < 20; ++i) {
    created(client.sender(), t::AddPlayer{"B" + std::to_string(i), "bp" + std::to_string(i),
                                          std::nullopt, std::nullopt, std::nullopt});
  }
  const std::string copy = dir.file("copy.db");
  expect<t::Success>(client.send(t::Backup{copy}).get());
  CHECK(t::check_database(copy).problems.empty());
  CHECK(t::check_database(copy).version == t::check_database(copy).current);
  // The copy is a working database: a daemon on it sees the 20 players.
  DaemonProcess from_copy(dir.file("c.sock"), copy);
  REQUIRE(from_copy.wait_ready());
  auto reader = t::Client::connect(dir.file("c.sock"));
  CHECK(reader.sender().get_state().get().players.size() == 20);
  // A path that cannot be written is a clear error, not a crash.
  auto refused = client.send(t::Backup{dir.file("no/such/dir/x.db")}).get();
  REQUIRE(std::holds_alternative<t::Failure>(refused));
  CHECK(std::holds_alternative<t::Success>(client.send(t::Ping{}).get()));
}

TEST_CASE("a failing commit stops the daemon without acknowledging what it could not write") {
  TempDir dir;
  const std::string socket = dir.file("f.sock");
  const std::string db = dir.file("f.db");
  std::set<std::string> acknowledged;
  {
    // The files may not grow past 256 KiB: some commit will fail.
    DaemonProcess daemon(socket, db, {}, 256 * 1024);
    REQUIRE(daemon.wait_ready());
    auto client = t::Client::connect(socket);
    // Nicknames are one-line texts of at most 200 bytes (input limits).
    const std::string padding(190, 'x');
    bool refused = false;
    for (int i = 0; i < 10000 && !refused; ++i) {
      const std::string name = "F" + std::to_string(i);
      try {
        auto result = client
                          .send(t::AddPlayer{name, "pp" + std::to_string(i), padding + name,
                                             std::nullopt, std::nullopt})
                          .get();
        REQUIRE(std::holds_alternative<t::Created>(result));
        acknowledged.insert(name);
      } catch (const t::Disconnected&) {
        refused = true;  // the daemon stopped rather than answer
      }
    }
    REQUIRE(refused);
    auto code = daemon.wait_exit(5s);
    REQUIRE(code.has_value());
    CHECK(*code == 2);
    CHECK_THAT(daemon.log(), Catch::Contains("commit failed"));
  }
  // Without the limit, every acknowledged player is there, and only those.
  DaemonProcess restarted(socket, db);
  REQUIRE(restarted.wait_ready());
  auto client = t::Client::connect(socket);
  std::set<std::string> present;
  for (const auto& p : client.sender().get_state().get().players) present.insert(p.name);
  CHECK(present == acknowledged);
  CHECK(t::check_database(db).problems.empty());
}
