// The CLI's pure parts: name resolution (truinlag-cli/resolve.hpp), the
// values of `config set` (config_args.hpp), the challenge JSON of
// `challenge add/set` (challenge_args.hpp) and the `state S --json` view.
#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>

#include "challenge_args.hpp"
#include "config_args.hpp"
#include "decimal.hpp"
#include "format_text.hpp"
#include "integer_options.hpp"
#include "resolve.hpp"
#include "session_view.hpp"
#include "truinlag/json.hpp"

// Named one by one: `using namespace truinlag` would make its Catch command
// collide with Catch2's namespace.
using truinlag::Challenge;
using truinlag::ChallengeKind;
using truinlag::ChallengeSet;
using truinlag::ChallengeStatus;
using truinlag::Colour;
using truinlag::ConfigPatch;
using truinlag::GlobalState;
using truinlag::IntRange;
using truinlag::OpenChallenge;
using truinlag::Player;
using truinlag::Range;
using truinlag::Role;
using truinlag::Session;
using truinlag::SessionState;
using truinlag::Team;
using truinlag::TimeOfDay;
using truinlag::Zone;
using namespace truinlag::cli;
using nlohmann::json;

namespace {

GlobalState sample_state() {
  GlobalState state;
  state.sessions = {Session{1, "OG TrainLag", {}, {}, {}, {}, {}, {}},
                    Session{2, "Family", {}, {}, {}, {}, {}, {}},
                    Session{3, "1", {}, {}, {}, {}, {}, {}}};  // a name that looks like an id
  Player ann;
  ann.id = 1;
  ann.name = "Ann";
  ann.nickname = "Bobby";  // clashes with Bob's name on purpose
  Player bob;
  bob.id = 2;
  bob.name = "Bob";
  Player zoe;
  zoe.id = 3;
  zoe.name = "Zoë";
  zoe.nickname = "Z";
  state.players = {ann, bob, zoe};
  return state;
}

// Runs `f`, expecting a CliError; returns "<exit code> <message>".
template <class F>
std::string cli_error(F f) {
  try {
    f();
  } catch (const CliError& e) {
    return std::to_string(e.exit_code()) + " " + e.what();
  }
  FAIL("no CliError");
  return "";
}

const std::vector<ChallengeSet> kSets = {{1, "Standard"}, {2, "Kaffs"}, {7, "3"}};

ConfigPatch parse(std::vector<std::string> assignments) {
  return parse_config_assignments(assignments, kSets);
}

}  // namespace

TEST_CASE("a session is named by id, by name in any case and spacing, or by #id") {
  const GlobalState state = sample_state();
  CHECK(resolve_session(state, "OG TrainLag") == 1);
  CHECK(resolve_session(state, "  og trainlag ") == 1);
  CHECK(resolve_session(state, "FAMILY") == 2);
  CHECK(resolve_session(state, "2") == 2);
  CHECK(resolve_session(state, "#1") == 1);
  CHECK(resolve_session(state, "#3") == 3);
}

TEST_CASE("unknown and ambiguous names are errors (exit 1) listing the candidates") {
  const GlobalState state = sample_state();
  CHECK(cli_error([&] { resolve_session(state, "Zürich"); }) ==
        "1 error: no session \"Zürich\" (sessions: #1 OG TrainLag, #2 Family, #3 1)");
  // "1" is session 1's id and session 3's name.
  CHECK(cli_error([&] { resolve_session(state, "1"); }) ==
        "1 error: session \"1\" is ambiguous (sessions: #1 OG TrainLag, #3 1); write #<id> to "
        "mean an id");
  CHECK(cli_error([&] { resolve_session(state, "#9"); }) ==
        "1 error: no session \"#9\" (sessions: #1 OG TrainLag, #2 Family, #3 1)");
  CHECK(cli_error([&] { resolve_session(GlobalState{}, "x"); }) ==
        "1 error: no session \"x\" (there are no sessions)");
}

TEST_CASE("players answer to their name and their nickname") {
  const GlobalState state = sample_state();
  CHECK(resolve_player(state, "ann") == 1);
  CHECK(resolve_player(state, "z") == 3);
  CHECK(resolve_player(state, "ZOË") == 3);    // the engine's case folding covers umlauts
  CHECK(resolve_player(state, "Bobby") == 1);  // Ann's nickname, not Bob
  CHECK(resolve_player(state, "bob") == 2);
}

TEST_CASE("a name that is one player's name and another's nickname is ambiguous") {
  GlobalState state = sample_state();
  state.players[0].nickname = "Bob";
  CHECK(cli_error([&] { resolve_player(state, "bob"); }) ==
        "1 error: player \"bob\" is ambiguous (players: #1 Ann, #2 Bob); write #<id> to mean an "
        "id");
  CHECK(resolve_player(state, "#2") == 2);
}

TEST_CASE("teams are named within their session; long candidate lists are cut") {
  SessionState state;
  for (int i = 1; i <= 14; ++i) {
    Team team;
    team.id = i;
    team.name = "Team " + std::to_string(i);
    state.teams.push_back(team);
  }
  CHECK(resolve_team(state, "team 14") == 14);
  CHECK(resolve_team(state, "14") == 14);
  CHECK_THAT(cli_error([&] { resolve_team(state, "Foxes"); }),
             Catch::EndsWith("#12 Team 12 and 2 more)"));
}

TEST_CASE("zones are named by their number, never their id") {
  std::vector<Zone> zones(2);
  zones[0].id = 1;
  zones[0].number = 110;
  zones[1].id = 2;
  zones[1].number = 121;
  CHECK(resolve_zone(zones, "121") == 2);
  CHECK(resolve_zone(zones, " 110") == 1);
  CHECK(cli_error([&] { resolve_zone(zones, "1"); }) == "1 error: no zone 1 (zones: 110, 121)");
  CHECK(cli_error([&] { resolve_zone(zones, "city"); }) ==
        "2 error: zone number: expected a decimal integer, got \"city\"");
  CHECK(resolve_zone(zones, "0110") == 1);  // decimal, not octal
  CHECK(cli_error([&] { resolve_zone(zones, "0x6e"); }) ==
        "2 error: zone number: expected a decimal integer, got \"0x6e\"");
  CHECK(cli_error([&] { resolve_zone(zones, "9223372036854775808"); }) ==
        "2 error: zone number: 9223372036854775808 is out of range (an integer from "
        "-9223372036854775808 to 9223372036854775807)");
  CHECK(resolve_zone(zones, std::int64_t{121}) == 2);
}

TEST_CASE("ids past 2^63-1 are refused, not saturated or read as names") {
  GlobalState state = sample_state();
  state.sessions.push_back(Session{});
  state.sessions.back().id = std::numeric_limits<std::int64_t>::max();
  state.sessions.back().name = "Last";
  CHECK(resolve_session(state, "#9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK(cli_error([&] { resolve_session(state, "#9223372036854775808"); }) ==
        "2 error: session \"#9223372036854775808\": 9223372036854775808 is out of range (an "
        "integer from -9223372036854775808 to 9223372036854775807)");
  // A plain number past the range is no id; it can still be a name.
  CHECK_THAT(cli_error([&] { resolve_session(state, "9223372036854775808"); }),
             Catch::StartsWith("1 error: no session \"9223372036854775808\""));
  CHECK(parse_int("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(parse_int("9223372036854775808"));
  CHECK_FALSE(parse_int("-1"));
  CHECK_FALSE(parse_int("0x10"));
  CHECK(parse_int("010") == 10);
}

TEST_CASE("read_decimal: decimal digits with an optional '-', in the type's range") {
  std::int64_t i = 0;
  CHECK(read_decimal("-9223372036854775808", i).empty());
  CHECK(i == std::numeric_limits<std::int64_t>::min());
  CHECK(read_decimal("010", i).empty());
  CHECK(i == 10);
  CHECK(read_decimal("9223372036854775808", i) ==
        "9223372036854775808 is out of range (an integer from -9223372036854775808 to "
        "9223372036854775807)");
  CHECK(read_decimal("-9223372036854775809", i) ==
        "-9223372036854775809 is out of range (an integer from -9223372036854775808 to "
        "9223372036854775807)");
  for (const char* text : {"", "-", "+1", " 1", "1 ", "0x10", "1e3", "1.0", "--1", "1-"}) {
    CAPTURE(text);
    CHECK(read_decimal(text, i) == "expected a decimal integer, got \"" + std::string(text) + "\"");
  }
  std::uint64_t u = 0;
  CHECK(read_decimal("18446744073709551615", u).empty());
  CHECK(u == std::numeric_limits<std::uint64_t>::max());
  CHECK(read_decimal("-0", u).empty());
  CHECK(u == 0);
  CHECK(read_decimal("-1", u) == "-1 is out of range (an integer from 0 to 18446744073709551615)");
  CHECK(read_decimal("18446744073709551616", u) ==
        "18446744073709551616 is out of range (an integer from 0 to 18446744073709551615)");
  std::int8_t small = 0;
  CHECK(read_decimal("128", small) == "128 is out of range (an integer from -128 to 127)");
}

TEST_CASE("every INT and UINT option of every subcommand gets the decimal check") {
  CLI::App app;
  std::int64_t number = 0, top = 0;
  std::uint64_t period = 0;
  std::vector<std::int64_t> many;
  std::string text;
  app.add_option("--top", top);
  CLI::App* noun = app.add_subcommand("zone");
  CLI::App* verb = noun->add_subcommand("add");
  verb->add_option("NUMBER", number)->required();
  verb->add_option("--period", period);
  verb->add_option("--many", many);
  verb->add_option("--name", text);
  CHECK(require_decimal_integers(app) == 4);                    // not --name, not --help
  CHECK(verb->get_option("NUMBER")->get_type_name() == "INT");  // the help is unchanged

  const auto parse = [&](std::vector<std::string> args) -> std::string {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(parse({"zone", "add", "0110", "--period", "7", "--many", "1", "-2"}).empty());
  CHECK(number == 110);
  CHECK(period == 7);
  CHECK(many == std::vector<std::int64_t>{1, -2});
  CHECK(parse({"zone", "add", "9223372036854775808"}) ==
        "NUMBER: 9223372036854775808 is out of range (an integer from -9223372036854775808 to "
        "9223372036854775807)");
  CHECK(parse({"zone", "add", "0x10"}) == "NUMBER: expected a decimal integer, got \"0x10\"");
  CHECK(parse({"zone", "add", "1", "--period", "-1"}) ==
        "--period: -1 is out of range (an integer from 0 to 18446744073709551615)");
  CHECK_THAT(parse({"zone", "add", "1", "--many", "1", "99999999999999999999"}),
             Catch::StartsWith("--many: 99999999999999999999 is out of range"));
  CHECK_THAT(parse({"--top", "1e3", "zone", "add", "1"}),
             Catch::StartsWith("--top: expected a decimal integer"));
}

TEST_CASE("config set reads each value by its key's type") {
  ConfigPatch expected;
  expected.num_catchers = 1;
  expected.bounty_percentage = 0.25;
  expected.underdog_starting_difference = 500.0;  // an integer text for a double key
  expected.start_time = TimeOfDay{9, 0};
  expected.end_time = TimeOfDay{18, 30};
  expected.time_zone = "Europe/Zurich";
  expected.default_challenge_title = "a = b";  // everything after the first '='
  CHECK(parse({"num_catchers=1", "bounty_percentage=0.25", "underdog_starting_difference=500",
               "start_time=9:00", "end_time=18:30", "time_zone=Europe/Zurich",
               "default_challenge_title=a = b"}) == expected);
}

TEST_CASE("config set ranges: START,END with or without brackets") {
  for (const char* text : {"20,61", "[20,61]", "[20, 61)", " 20 , 61 "}) {
    CAPTURE(text);
    CHECK(parse({std::string("perim_distance_range=") + text}).perim_distance_range ==
          Range{20, 61});
  }
  CHECK(parse({"zkaff_ratio_range=0.2,1.5"}).zkaff_ratio_range == Range{0.2, 1.5});
}

TEST_CASE("config set lists: colours with or without '#', sets by id or name") {
  CHECK(parse({"team_colours=#ff0000,00ff00 0000FF"}).team_colours ==
        std::vector<Colour>{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}});
  CHECK(parse({"team_colours="}).team_colours == std::vector<Colour>{});
  CHECK(parse({"challenge_sets=standard,2"}).challenge_sets == std::vector<std::int64_t>{1, 2});
  CHECK(parse({"challenge_sets=[kaffs, #7]"}).challenge_sets == std::vector<std::int64_t>{2, 7});
  CHECK(parse({"challenge_sets=[]"}).challenge_sets == std::vector<std::int64_t>{});
  CHECK(parse({}) == ConfigPatch{});
}

TEST_CASE("config set refuses what it cannot read, saying which key") {
  const auto error = [](std::vector<std::string> assignments) {
    return cli_error([&] { parse(std::move(assignments)); });
  };
  CHECK(error({"num_catchers"}) == "2 error: expected KEY=VALUE, got \"num_catchers\"");
  CHECK_THAT(error({"num_catcher=1"}),
             Catch::StartsWith("2 error: unknown config key \"num_catcher\""));
  CHECK(error({"num_catchers=1", "num_catchers=2"}) == "2 error: num_catchers is given twice");
  CHECK(error({"num_catchers=three"}) ==
        "2 error: num_catchers: expected a decimal integer, got \"three\"");
  CHECK(error({"num_catchers=1.5"}) ==
        "2 error: num_catchers: expected a decimal integer, got \"1.5\"");
  CHECK(error({"relative_standard_deviation=three"}) ==
        "2 error: relative_standard_deviation: expected a number, got \"three\"");
  // Past 2^63-1: out of range, not a double nor a saturated integer.
  CHECK(error({"num_catchers=9223372036854775808"}) ==
        "2 error: num_catchers: 9223372036854775808 is out of range (an integer from "
        "-9223372036854775808 to 9223372036854775807)");
  CHECK(error({"bounty_base_points=-9223372036854775809"}) ==
        "2 error: bounty_base_points: -9223372036854775809 is out of range (an integer from "
        "-9223372036854775808 to 9223372036854775807)");
  CHECK(error({"start_zone=0x6e"}) ==
        "2 error: start_zone: expected a decimal integer, got \"0x6e\"");
  CHECK(error({"start_time=24:00"}) ==
        "2 error: start_time: expected a time \"HH:MM\", got \"24:00\"");
  CHECK(error({"perim_distance_range=20"}) ==
        "2 error: perim_distance_range: expected a range START,END, got \"20\"");
  CHECK(error({"team_colours=red"}) ==
        "2 error: team_colours[0]: expected a colour \"#rrggbb\", got \"#red\"");
  // An unknown set is a name that names nothing: exit 1, like other names.
  CHECK(error({"challenge_sets=Nope"}) ==
        "1 error: no challenge set \"Nope\" (challenge sets: #1 Standard, #2 Kaffs, #7 3)");
}

TEST_CASE("challenge JSON: keys left out keep the base's values") {
  const json input = json::parse(R"({"kind": "kaff", "status": "approved", "sets": [1],
      "place": "Hütten", "kaffskala": 5, "repetitions": [1, 4]})");
  Challenge expected;
  expected.kind = ChallengeKind::Kaff;
  expected.status = ChallengeStatus::Approved;
  expected.sets = {1};
  expected.place = "Hütten";
  expected.kaffskala = 5;
  expected.repetitions = IntRange{1, 4};
  CHECK(challenge_from_json(input, Challenge{}, true) == expected);

  Challenge stored = expected;
  stored.id = 9;
  stored.title = "Ab uf Hütten";
  Challenge changed = stored;
  changed.status = ChallengeStatus::Rejected;
  CHECK(challenge_from_json(json::parse(R"({"status": "rejected"})"), stored, false) == changed);
}

TEST_CASE("challenge JSON errors are usage errors with a path") {
  const auto error = [](const char* text, bool is_new) {
    return cli_error([&] { challenge_from_json(json::parse(text), Challenge{}, is_new); });
  };
  CHECK(error(R"({"kind": "kaff"})", true) == "2 error: a new challenge needs \"status\"");
  CHECK_NOTHROW(challenge_from_json(json::parse(R"({"status": "approved"})"), Challenge{}, false));
  CHECK(error(R"({"kind": "Kaff", "status": "approved"})", true) ==
        "2 error: challenge.kind: unknown name \"Kaff\" (expected one of: kaff, ortsspezifisch, "
        "regionsspezifisch, unspezifisch, zoneable, zkaff)");
  CHECK_THAT(error(R"({"kind": "kaff", "status": "approved", "titel": "x"})", true),
             Catch::StartsWith("2 error: challenge: unknown key \"titel\""));
  CHECK(error("[]", true) == "2 error: a challenge is a JSON object, got array");
}

TEST_CASE("the JSON_OR_FILE argument: inline JSON or a readable file") {
  CHECK(read_json_argument(R"( {"kind": "kaff"})") == json::parse(R"({"kind": "kaff"})"));
  CHECK(read_json_argument("[1, 2]") == json::parse("[1, 2]"));
  CHECK_THAT(cli_error([] { read_json_argument("/nonexistent/challenge.json"); }),
             Catch::StartsWith("2 error: cannot read \"/nonexistent/challenge.json\""));
  CHECK_THAT(cli_error([] { read_json_argument("{oops"); }),
             Catch::StartsWith("2 error: the JSON argument is not valid JSON: "));
}

TEST_CASE("state S --json: names for players, numbers for zones, period ids") {
  SessionState state;
  state.session.id = 1;
  state.session.name = "OG TrainLag";
  Team runner;
  runner.id = 5;
  runner.name = "Füchse";
  runner.players = {1, 42};  // 42 is gone from the player list
  runner.role = Role::Runner;
  runner.colour = Colour{93, 156, 236};
  runner.points = 650;
  runner.bounty = 30;
  runner.periods.resize(2);
  runner.grace_period_end = 2000;
  runner.discord_channel = 18446744073709551615ULL;
  runner.challenges = {
      OpenChallenge{std::nullopt, "Uetliberg", "Go up", 7, 250, std::nullopt, {}, {}}};
  Team catcher;
  catcher.id = 6;
  catcher.name = "Wölfe";
  catcher.role = Role::Catcher;
  catcher.grace_period_end = 1000;  // over at now = 1500
  state.teams = {runner, catcher};
  const GlobalState global = sample_state();
  std::vector<Zone> zones(1);
  zones[0].id = 7;
  zones[0].number = 121;

  const SessionView view{state, global.players, zones, 1500};
  const json expected = json::parse(R"({
    "teams": [
      {"id": 5, "name": "Füchse", "role": "runner", "points": 650, "bounty": 30,
       "period_id": 2, "in_grace_period": true, "colour": "#5d9cec",
       "discord_channel": 18446744073709551615, "players": ["Ann", "#42"],
       "challenges": [{"title": "Uetliberg", "description": "Go up", "points": 250,
                       "zone": 121}],
       "location": null},
      {"id": 6, "name": "Wölfe", "role": "catcher", "points": 0, "bounty": 0,
       "period_id": 0, "in_grace_period": false, "colour": "#000000",
       "discord_channel": null, "players": [], "challenges": [], "location": null}],
    "events": [], "game": null})");
  CHECK(json(session_json(view)) == expected);
  // Keys in the documented order.
  CHECK(session_json(view).begin().key() == "teams");

  const std::string text = session_text(view);
  CHECK_THAT(text, Catch::Contains("[0]   250  Uetliberg (zone 121)"));
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    CHECK(display_width(text.substr(start, end - start)) <= 80);
    start = end + 1;
  }
}

TEST_CASE("clip cuts to a number of columns, counting UTF-8 characters") {
  CHECK(display_width("Zoë") == 3);
  CHECK(clip("Füchse", 6) == "Füchse");
  CHECK(clip("Füchse und Wölfe", 6) == "Füchs…");
}
