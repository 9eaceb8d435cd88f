// End to end, issue 3: a game played through the real daemon by several
// clients, with watchers checking what each of them is sent.
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>

#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"
#include "truinlag/client.hpp"

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

// Everything a session needs to start: two teams of two, zone 110, one
// set of five approved challenges, one catcher, a game day around now.
struct SessionSetup {
  t::SessionId session;
  t::TeamId blau, rot;
  std::vector<t::PlayerId> players;
};

SessionSetup set_up(t::Sender& s, const std::string& name, t::ChallengeSetId set,
                    std::int64_t grace_minutes) {
  SessionSetup out;
  out.session = created(s, t::AddSession{name, t::Mode::Traditional});
  for (const char* p : {"A", "B", "C", "D"}) {
    out.players.push_back(created(
        s, t::AddPlayer{name + p, name + p + "-pass", std::nullopt, std::nullopt, out.session}));
  }
  out.blau = created(s, t::AddTeam{out.session, "Blau", std::nullopt, std::nullopt});
  out.rot = created(s, t::AddTeam{out.session, "Rot", std::nullopt, std::nullopt});
  for (int i = 0; i < 4; ++i) {
    expect<t::Success>(
        s.send(t::AssignPlayerToTeam{out.session, out.players[i], i < 2 ? out.blau : out.rot})
            .get());
  }
  t::ConfigPatch patch;
  patch.num_catchers = 1;
  patch.challenge_sets = std::vector<t::ChallengeSetId>{set};
  patch.time_zone = midday_zone();
  patch.start_time = t::TimeOfDay{6, 0};
  patch.end_time = t::TimeOfDay{22, 0};
  patch.grace_period_duration = grace_minutes;
  expect<t::Success>(s.send(t::SetConfig{out.session, patch}).get());
  return out;
}

// Collects broadcasts until `stop` says enough or the timeout passes.
std::vector<t::Broadcast> collect(t::Client& client, std::chrono::milliseconds quiet) {
  std::vector<t::Broadcast> got;
  while (auto b = client.recv_for(quiet)) got.push_back(std::move(*b));
  return got;
}

template <class E>
std::size_t count_of(const std::vector<t::Broadcast>& list) {
  std::size_t n = 0;
  for (const auto& b : list) n += std::holds_alternative<E>(b.event);
  return n;
}

}  // namespace

TEST_CASE("a game through the daemon: watchers of A see A only; grace ends by timer") {
  TempDir dir;
  DaemonProcess daemon(dir.file("g.sock"), dir.file("g.db"));
  REQUIRE(daemon.wait_ready());
  auto admin = t::Client::connect(dir.file("g.sock"));
  auto watch_a = t::Client::connect(dir.file("g.sock"));
  auto watch_all = t::Client::connect(dir.file("g.sock"));
  t::Sender& s = admin.sender();

  const t::ZoneId z110 = created(s, t::AddZone{110, 6, 16, true, false, true});
  const t::ZoneId z120 = created(s, t::AddZone{120, 2, 4, false, true, false});
  expect<t::Success>(s.send(t::AddMinutesTo{z110, z120, 20}).get());
  const t::ChallengeSetId set = created(s, t::AddChallengeSet{"Standard"});
  for (int i = 0; i < 5; ++i) {
    t::Challenge c;
    c.kind = t::ChallengeKind::Unspezifisch;
    c.status = t::ChallengeStatus::Approved;
    c.sets = {set};
    c.title = "Challenge " + std::to_string(i);
    c.description = "Do it";
    c.additional_points = 100 * (i + 1);
    created(s, t::AddChallenge{c});
  }
  // Session A: grace periods of 0 minutes end at once, by their timer.
  SessionSetup a = set_up(s, "A", set, 0);
  SessionSetup b = set_up(s, "B", set, 15);
  watch_a.sender().subscribe(a.session).get();
  watch_all.sender().subscribe_all().get();
  collect(watch_a, 200ms);
  collect(watch_all, 200ms);

  expect<t::Success>(s.send(t::Start{a.session}).get());
  expect<t::Success>(s.send(t::Start{b.session}).get());
  auto state = expect<t::SessionState>(s.send(t::GetSessionState{a.session}).get());
  REQUIRE(state.teams.size() == 2);
  const t::Team& first = state.teams[0];
  const t::TeamId catcher = first.role == t::Role::Catcher ? first.id : state.teams[1].id;
  const t::TeamId runner = catcher == a.blau ? a.rot : a.blau;
  for (const auto& team : state.teams) {
    if (team.id == catcher) {
      CHECK(team.points == 500);
      CHECK(team.challenges.empty());
    } else {
      CHECK(team.points == 0);
      CHECK(team.challenges.size() == 3);
    }
  }
  auto caught = expect<t::PeriodIndex>(s.send(t::Catch{a.session, catcher, runner, 0}).get());
  CHECK(caught.index == 0);
  // The same request again is stale and refused.
  auto again = s.send(t::Catch{a.session, catcher, runner, 0}).get();
  REQUIRE(std::holds_alternative<t::Failure>(again));
  CHECK(std::holds_alternative<t::BadData>(std::get<t::Failure>(again).error));
  expect<t::Success>(s.send(t::Stop{b.session}).get());

  auto seen_a = collect(watch_a, 500ms);
  auto seen_all = collect(watch_all, 500ms);
  for (const auto& broadcast : seen_a) {
    CHECK(broadcast.session == std::optional<t::SessionId>(a.session));
  }
  CHECK(count_of<t::Started>(seen_a) == 1);
  CHECK(count_of<t::Caught>(seen_a) == 1);
  CHECK(count_of<t::TeamLeftGracePeriod>(seen_a) == 1);  // fired by the daemon's timer
  CHECK(count_of<t::Ended>(seen_a) == 0);                // B's stop is not A's business
  CHECK(count_of<t::Started>(seen_all) == 2);
  CHECK(count_of<t::Ended>(seen_all) == 1);
  CHECK(count_of<t::TeamLeftGracePeriod>(seen_all) == 1);
  // Sequence numbers increase.
  for (std::size_t i = 1; i < seen_all.size(); ++i) CHECK(seen_all[i].seq > seen_all[i - 1].seq);

  // A ping is global: both watchers see it.
  s.send(t::Ping{"both"}).get();
  CHECK(count_of<t::Pinged>(collect(watch_a, 300ms)) == 1);
  CHECK(count_of<t::Pinged>(collect(watch_all, 300ms)) == 1);

  expect<t::Success>(s.send(t::Stop{a.session}).get());
  auto past = expect<t::PastGames>(s.send(t::ListPastGames{}).get());
  CHECK(past.games.size() == 2);
}
