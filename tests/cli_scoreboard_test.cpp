// `scoreboard` (truinlag-cli/scoreboard.hpp) and the lines of `watch`
// (format_text.hpp): pure, with a fixed state and a fixed clock. The cases
// tagged [e2e] run `truinlag-cli scoreboard` against a real daemon
// (meson test e2e_cli_scoreboard).
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "format_text.hpp"
#include "scoreboard.hpp"
#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/midday_zone.hpp"

// Named one by one: `using namespace truinlag` would make its Catch command
// collide with Catch2's namespace.
using truinlag::Broadcast;
using truinlag::BroadcastEvent;
using truinlag::CaughtSomeone;
using truinlag::Colour;
using truinlag::CompletedChallenge;
using truinlag::GameInfo;
using truinlag::GlobalState;
using truinlag::Location;
using truinlag::OpenChallenge;
using truinlag::Period;
using truinlag::Player;
using truinlag::Role;
using truinlag::Session;
using truinlag::SessionState;
using truinlag::Team;
using truinlag::Timestamp;
using truinlag::WasCaught;
using namespace truinlag::cli;
using nlohmann::json;

namespace {

constexpr Timestamp kNow = 1'795'617'100'000;

OpenChallenge challenge(std::string title, std::int64_t points) {
  OpenChallenge c;
  c.title = std::move(title);
  c.points = points;
  return c;
}

Team team(std::int64_t id, std::string name, Role role, Colour colour, std::int64_t points,
          std::int64_t bounty) {
  Team t;
  t.id = id;
  t.session = 1;
  t.name = std::move(name);
  t.role = role;
  t.colour = colour;
  t.points = points;
  t.bounty = bounty;
  return t;
}

// Four teams: a leader in its grace period, a tie for second (ordered by
// name), a last one with long titles full of umlauts and emoji.
SessionState sample() {
  SessionState state;
  state.session.id = 1;
  state.session.name = "OG TrainLag";
  state.game = GameInfo{"OG TrainLag am 2026-11-25", kNow - 3'600'000, {}, 0};
  Team blau = team(1, "Blau", Role::Runner, {93, 156, 236}, 1200, 360);
  blau.grace_period_end = kNow + 298'400;  // 298.4 s: shows 4:59
  blau.challenges = {challenge("Uetliberg", 250), challenge("Ab uf Hütten", 400)};
  Team rot = team(2, "Rot", Role::Catcher, {252, 110, 81}, 500, 0);
  rot.grace_period_end = kNow - 1;  // over
  Team gruen = team(3, "grün", Role::Runner, {72, 207, 173}, 500, 150);
  gruen.challenges = {challenge("Züri-Fäscht 🎆 uf em Üetlibärg und am Zürisee mit Glacé 🍦", 1234)};
  Team gelb = team(4, "Die gälbe Zitrönli vom Chäferberg", Role::Runner, {255, 206, 84}, -20, 0);
  gelb.challenges = {challenge("🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆", 90), challenge("Ä", 5)};
  state.teams = {blau, rot, gruen, gelb};
  return state;
}

// `text` without the escape sequences of the colour swatch.
std::string without_escapes(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
      if (i == std::string::npos) break;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  for (const std::string& line : lines_of(without_escapes(text))) {
    widest = std::max(widest, display_width(line));
  }
  return widest;
}

}  // namespace

TEST_CASE("scoreboard: the table for a fixed state, colour off") {
  const std::string expected =
      "OG TrainLag: game \"OG TrainLag am 2026-11-25\"\n"
      " # Team           Colour  Role    Points Bounty Grace Open challenges\n"
      " 1 Blau           #5d9cec runner    1200    360  4:59 Uetliberg (250)\n"
      "                                                      Ab uf Hütten (400)\n"
      " 2 grün           #48cfad runner     500    150     - Züri-Fäscht 🎆 uf… (1234)\n"
      " 2 Rot            #fc6e51 catcher    500      0     -\n"
      " 4 Die gälbe Zit… #ffce54 runner     -20      0     - 🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆… (90)\n"
      "                                                      Ä (5)\n";
  CHECK(scoreboard_text(sample(), kNow, false) == expected);
}

TEST_CASE("scoreboard: the table for a fixed state, colour on") {
  // The swatch takes 2 columns instead of 7: the titles get 5 more.
  const std::string expected =
      "OG TrainLag: game \"OG TrainLag am 2026-11-25\"\n"
      " # Team              Role    Points Bounty Grace Open challenges\n"
      " 1 Blau           \x1b[48;2;93;156;236m  \x1b[0m runner    1200    360  4:59 "
      "Uetliberg (250)\n"
      "                                                 Ab uf Hütten (400)\n"
      " 2 grün           \x1b[48;2;72;207;173m  \x1b[0m runner     500    150     - "
      "Züri-Fäscht 🎆 uf em Üe… (1234)\n"
      " 2 Rot            \x1b[48;2;252;110;81m  \x1b[0m catcher    500      0     -\n"
      " 4 Die gälbe Zit… \x1b[48;2;255;206;84m  \x1b[0m runner     -20      0     - "
      "🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆… (90)\n"
      "                                                 Ä (5)\n";
  CHECK(scoreboard_text(sample(), kNow, true) == expected);
}

TEST_CASE("scoreboard: no line is wider than the width, whatever the titles") {
  SessionState state = sample();
  state.session.name = std::string(100, 'x');  // the title line is cut too
  state.teams[0].challenges.push_back(challenge(std::string(200, 'a'), 123456789));
  state.teams[0].challenges.push_back(challenge("👨‍👩‍👧 " + std::string(90, 'b'), 1));
  for (int width : {80, 72, 100}) {
    for (bool colour : {false, true}) {
      INFO("width " << width << (colour ? ", colour" : ""));
      const std::string text = scoreboard_text(state, kNow, colour, width);
      CHECK(widest_line(text) <= static_cast<std::size_t>(width));
      // Cut, not dropped: every challenge still shows its points.
      CHECK_THAT(text, Catch::Contains("… (123456789)"));
    }
  }
  // The widest lines use all 80 columns: the cut is not needlessly early.
  CHECK(widest_line(scoreboard_text(state, kNow, false)) == 80);
}

TEST_CASE("scoreboard: equal points share a rank, ordered by name") {
  SessionState state;
  state.teams = {
      team(7, "zebra", Role::Runner, {}, 300, 0), team(8, "Äpfel", Role::Runner, {}, 0, 0),
      team(5, "Affen", Role::Runner, {}, 300, 0), team(6, "affen", Role::Runner, {}, 300, 0),
      team(9, "Bären", Role::Runner, {}, 0, 0)};
  std::vector<std::pair<int, std::int64_t>> ranked;
  for (const ScoreRow& row : rank_teams(state.teams)) ranked.emplace_back(row.rank, row.team->id);
  // "Affen" and "affen" are the same name to the engine: the id decides.
  // Names compare case-insensitively, "ä" after "b" (by code point).
  CHECK(ranked ==
        std::vector<std::pair<int, std::int64_t>>{{1, 5}, {1, 6}, {1, 7}, {4, 9}, {4, 8}});
}

TEST_CASE("scoreboard: grace period left as m:ss, rounded up") {
  Team t;
  CHECK(grace_text(t, kNow) == "-");  // none
  CHECK_FALSE(grace_seconds_left(t, kNow));
  t.grace_period_end = kNow;
  CHECK(grace_text(t, kNow) == "-");  // ends now: over
  t.grace_period_end = kNow + 1;
  CHECK(grace_text(t, kNow) == "0:01");
  t.grace_period_end = kNow + 60'000;
  CHECK(grace_text(t, kNow) == "1:00");
  t.grace_period_end = kNow + 60'001;
  CHECK(grace_text(t, kNow) == "1:01");
  t.grace_period_end = kNow + 75 * 60'000;
  CHECK(grace_text(t, kNow) == "75:00");
  CHECK(grace_seconds_left(t, kNow) == 4500);
}

TEST_CASE("scoreboard: colour only on a terminal, without --no-color and NO_COLOR") {
  CHECK(colour_wanted(false, nullptr, true));
  CHECK(colour_wanted(false, "", true));  // no-color.org: an empty NO_COLOR does not count
  CHECK_FALSE(colour_wanted(true, nullptr, true));
  CHECK_FALSE(colour_wanted(false, "1", true));
  CHECK_FALSE(colour_wanted(false, nullptr, false));
  CHECK(colour_swatch({1, 2, 255}, false) == "#0102ff");
  CHECK(colour_swatch({1, 2, 255}, true) == "\x1b[48;2;1;2;255m  \x1b[0m");
}

TEST_CASE("scoreboard: no teams, no game") {
  SessionState state;
  state.session.name = "Family";
  CHECK(scoreboard_text(state, kNow, false) == "Family: no game running\nno teams\n");
  CHECK(scoreboard_json(state, kNow) == json::array());
}

TEST_CASE("scoreboard --json: the rows in rank order") {
  const json expected = json::parse(R"([
    {"rank": 1, "id": 1, "name": "Blau", "colour": "#5d9cec", "role": "runner", "points": 1200,
     "bounty": 360, "grace_period_end": 1795617398400, "grace_seconds_left": 299,
     "challenges": [{"title": "Uetliberg", "points": 250}, {"title": "Ab uf Hütten", "points": 400}]},
    {"rank": 2, "id": 3, "name": "grün", "colour": "#48cfad", "role": "runner", "points": 500,
     "bounty": 150, "grace_period_end": null, "grace_seconds_left": null,
     "challenges": [{"title": "Züri-Fäscht 🎆 uf em Üetlibärg und am Zürisee mit Glacé 🍦", "points": 1234}]},
    {"rank": 2, "id": 2, "name": "Rot", "colour": "#fc6e51", "role": "catcher", "points": 500,
     "bounty": 0, "grace_period_end": null, "grace_seconds_left": null, "challenges": []},
    {"rank": 4, "id": 4, "name": "Die gälbe Zitrönli vom Chäferberg", "colour": "#ffce54",
     "role": "runner", "points": -20, "bounty": 0, "grace_period_end": null,
     "grace_seconds_left": null,
     "challenges": [{"title": "🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆🚆", "points": 90}, {"title": "Ä", "points": 5}]}
  ])");
  const auto rows = scoreboard_json(sample(), kNow);
  CHECK(json(rows) == expected);
  CHECK(rows[0].begin().key() == "rank");  // keys in the documented order
}

TEST_CASE("display width: emoji take two columns, combining marks none") {
  CHECK(display_width("Zoë") == 3);
  CHECK(display_width("Zoe\xcc\x88") == 3);  // e + combining diaeresis
  CHECK(display_width("🚆") == 2);
  CHECK(display_width("⚽ ok") == 5);
  CHECK(display_width("❤\xef\xb8\x8f") == 2);  // U+2764 U+FE0F: emoji style
  CHECK(display_width("日本") == 4);
  CHECK(display_width(std::string("a\xff") + "b") == 3);  // a stray byte counts one
  CHECK(clip("🚆🚆🚆", 4) == "🚆…");                          // never half an emoji
  CHECK(clip("🚆🚆🚆", 5) == "🚆🚆…");
  CHECK(clip("Füchse und Wölfe", 6) == "Füchs…");
  CHECK(clip("Füchse", 6) == "Füchse");
  CHECK(clip("Züri uf em See", 9) == "Züri uf…");  // no blank before the "…"
}

// ---- The lines of `watch` ----

namespace {

struct UtcClock {
  UtcClock() {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

const std::time_t kReceived = 12 * 3600 + 3 * 60 + 17;  // 12:03:17 UTC on 1 Jan 1970

NameTable sample_names() {
  NameTable names;
  GlobalState state;
  state.sessions = {Session{1, "OG TrainLag", {}, {}, {}, {}, {}, {}},
                    Session{2, "Family", {}, {}, {}, {}, {}, {}}};
  Player ann;
  ann.id = 11;
  ann.name = "Ann";
  state.players = {ann};
  learn_names(names, state);
  learn_names(names, std::vector<Team>{team(1, "Blau", Role::Runner, {}, 0, 0),
                                       team(2, "Rot", Role::Catcher, {}, 0, 0)});
  return names;
}

std::string line(const BroadcastEvent& event, std::optional<truinlag::SessionId> session = 1) {
  return broadcast_line(Broadcast{9, session, event}, kReceived, sample_names());
}

}  // namespace

TEST_CASE("watch: every broadcast reads as a sentence with names") {
  const UtcClock utc;
  std::set<std::size_t> covered;  // which alternatives of BroadcastEvent were seen
  const auto check = [&](const BroadcastEvent& event, std::optional<truinlag::SessionId> session,
                         const std::string& expected) {
    covered.insert(event.index());
    CHECK(line(event, session) == expected);
  };

  check(truinlag::Pinged{"hello"}, std::nullopt, "12:03:17 Pinged: hello");
  check(truinlag::Pinged{}, std::nullopt, "12:03:17 Pinged");
  check(truinlag::PlayerChangedSession{11, 2, 1}, std::nullopt,
        "12:03:17 PlayerChangedSession: Ann moved from Family to OG TrainLag");
  check(truinlag::PlayerChangedSession{11, std::nullopt, 2}, std::nullopt,
        "12:03:17 PlayerChangedSession: Ann joined Family");
  check(truinlag::PlayerChangedSession{11, 2, std::nullopt}, std::nullopt,
        "12:03:17 PlayerChangedSession: Ann left Family");
  check(truinlag::PlayerDeleted{11}, std::nullopt, "12:03:17 PlayerDeleted: Ann was removed");
  check(truinlag::PlayerChangedTeam{1, 11, 1, 2}, 1,
        "12:03:17 PlayerChangedTeam: Ann moved from Blau to Rot [session OG TrainLag]");
  check(truinlag::PlayerChangedTeam{1, 11, std::nullopt, 1}, 1,
        "12:03:17 PlayerChangedTeam: Ann joined Blau [session OG TrainLag]");
  check(truinlag::PlayerChangedTeam{1, 11, 2, std::nullopt}, 1,
        "12:03:17 PlayerChangedTeam: Ann left Rot [session OG TrainLag]");
  const Team blau = team(1, "Blau", Role::Catcher, {}, 0, 0);
  const Team rot = team(2, "Rot", Role::Runner, {}, 0, 0);
  check(truinlag::TeamMadeCatcher{blau}, 1,
        "12:03:17 TeamMadeCatcher: Blau is now a catcher [session OG TrainLag]");
  check(truinlag::TeamMadeRunner{rot}, 1,
        "12:03:17 TeamMadeRunner: Rot is now a runner [session OG TrainLag]");
  check(truinlag::Started{{blau, rot}, GameInfo{"OG TrainLag am 2026-11-25", 0, {}, 0}}, 1,
        "12:03:17 Started: \"OG TrainLag am 2026-11-25\" with 2 teams, catcher: Blau "
        "[session OG TrainLag]");
  check(truinlag::Ended{}, 1, "12:03:17 Ended [session OG TrainLag]");

  // As the engine sends a catch: both teams after it, the bounty in their
  // newest periods.
  Team catcher = team(1, "Blau", Role::Runner, {}, 920, 0);
  catcher.periods = {Period{CaughtSomeone{2, 420}, 0, 0, 0, {}}};
  Team caught = team(2, "Rot", Role::Catcher, {}, 100, 0);
  caught.periods = {Period{WasCaught{1, 420}, 0, 0, 0, {}}};
  check(truinlag::Caught{catcher, caught}, 1,
        "12:03:17 Caught: Blau caught Rot, bounty 420 [session OG TrainLag]");
  check(truinlag::Completed{rot, CompletedChallenge{"Uetliberg", "Go up", std::nullopt, 250, 4}}, 1,
        "12:03:17 Completed: Rot completed \"Uetliberg\" for 250 points [session OG TrainLag]");
  check(truinlag::LocationSent{2, Location{47.3779, 8.5403, 10.0, 0, 0, 0}}, 1,
        "12:03:17 Location: Rot at 47.377900, 8.540300 (±10 m) [session OG TrainLag]");
  check(truinlag::TeamLeftGracePeriod{blau}, 1,
        "12:03:17 TeamLeftGracePeriod: Blau left its grace period [session OG TrainLag]");
  OpenChallenge trap{7, "Zoo", "Go to the zoo", std::nullopt, 300, std::nullopt, {}, {}};
  check(truinlag::TrapSet{2, trap, "they are stuck at the zoo"}, 1,
        "12:03:17 TrapSet: Rot drew the trap \"Zoo\": they are stuck at the zoo [session OG "
        "TrainLag]");

  check(truinlag::TeamAdjusted{rot, truinlag::Correction{2, -50, 10, "Zoo was Blau's", 0}}, 1,
        "12:03:17 TeamAdjusted: Rot corrected, points -50, bounty +10: Zoo was Blau's [session "
        "OG TrainLag]");
  check(truinlag::TeamAdjusted{rot, truinlag::Correction{2, 0, -5, "bounty only", 0}}, 1,
        "12:03:17 TeamAdjusted: Rot corrected, bounty -5: bounty only [session OG TrainLag]");

  // A new kind of broadcast needs a line here too.
  CHECK(covered.size() == std::variant_size_v<BroadcastEvent>);
}

TEST_CASE("watch: ids nobody named show as ids, and say that a lookup may help") {
  const UtcClock utc;
  const Broadcast unknown{9, 5, truinlag::PlayerChangedTeam{5, 12, std::nullopt, 7}};
  const NameTable names = sample_names();
  CHECK(lacks_names(names, unknown));
  CHECK(broadcast_line(unknown, kReceived, names) ==
        "12:03:17 PlayerChangedTeam: player #12 joined team #7 [session #5]");
  CHECK_FALSE(lacks_names(names, Broadcast{9, 1, truinlag::PlayerChangedTeam{1, 11, 1, 2}}));
  // A team the broadcast carries names itself, and is remembered.
  NameTable learning = names;
  learn_names(learning, truinlag::TeamMadeRunner{team(7, "Grün", Role::Runner, {}, 0, 0)});
  CHECK(learning.teams.at(7) == "Grün");
  CHECK(event_details(truinlag::LocationSent{7, Location{}}, learning).rfind("Grün at ", 0) == 0);
}

// ---- Against a real daemon ----

namespace {

using cli_support::Cli;
using cli_support::file_text;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;

}  // namespace

TEST_CASE("scoreboard against a real daemon", "[e2e]") {
  TempDir dir;
  const std::string socket = dir.file("s.sock");
  const Cli cli(dir, socket);

  // No daemon yet: exit 3, saying how to start one.
  const auto absent = cli.run("scoreboard OG");
  CHECK(absent.exit_code == 3);
  CHECK_THAT(absent.err, Catch::Contains("start it with: truinlagd --socket " + socket));

  DaemonProcess daemon(socket, dir.file("s.db"));
  REQUIRE(daemon.wait_ready());
  cli.ok("zone add 110 --conn-zones 6 --connections 16 --train-through --s-bahn");
  cli.ok("set add Standard");
  for (int i = 1; i <= 4; ++i) {
    cli.ok(
        "challenge add '{\"kind\":\"unspezifisch\",\"status\":\"approved\",\"sets\":[1],"
        "\"title\":\"Challenge " +
        std::to_string(i) +
        "\",\"description\":\"Do it\",\"additional_points\":" + std::to_string(100 * i) + "}'");
  }
  cli.ok("session add OG");
  for (const char* player : {"Ann", "Bob"}) {
    cli.ok(std::string("player add ") + player + " --passphrase p-" + player + " --session OG");
  }
  cli.ok("team add OG Blau");
  cli.ok("team add OG Rot --colour ff6600");
  cli.ok("team assign OG Ann Blau");
  cli.ok("team assign OG Bob Rot");
  cli.ok("config set OG num_catchers=1 challenge_sets=Standard time_zone=" +
         truinlag::testing::midday_zone() + " start_time=06:00 end_time=22:00");

  // Before the game: both teams, no points, no colour (not a terminal).
  std::string table = cli.ok("scoreboard og");
  CHECK_THAT(table, Catch::StartsWith("OG: no game running\n # Team "));
  CHECK_THAT(table, Catch::Contains(" 1 Blau           #5d9cec runner       0      0     -\n"));
  CHECK_THAT(table, Catch::Contains(" 1 Rot            #ff6600 runner       0      0     -\n"));

  // Watching: a redraw per broadcast of OG, separated by a blank line.
  const std::string watched = dir.file("watch.out");
  REQUIRE(std::system((cli.base + " scoreboard OG --watch > " + watched + " 2>&1 &").c_str()) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // connected and subscribed
  cli.ok("game start OG");

  // The catcher starts with 500 points and leads; the runner has 3 challenges.
  const json rows = json::parse(cli.ok("scoreboard OG --json"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["rank"] == 1);
  CHECK(rows[0]["role"] == "catcher");
  CHECK(rows[0]["points"] == 500);
  CHECK(rows[1]["rank"] == 2);
  CHECK(rows[1]["challenges"].size() == 3);
  table = cli.ok("scoreboard 1");
  CHECK_THAT(table, Catch::Contains(" 1 " + rows[0]["name"].get<std::string>()));
  CHECK_THAT(table, Catch::Contains(" 2 " + rows[1]["name"].get<std::string>()));
  CHECK_THAT(table, Catch::Contains("Challenge "));
  CHECK(widest_line(table) <= 80);

  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the watcher redraws
  const std::string redrawn = file_text(watched);
  CHECK_THAT(redrawn, Catch::StartsWith("OG: no game running\n"));
  CHECK_THAT(redrawn, Catch::Contains("\n\nOG: game \"OG am "));

  // An unknown session: exit 1 and one line on stderr.
  const auto unknown = cli.run("scoreboard Nope");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "error: no session \"Nope\" (sessions: #1 OG)\n");
}
