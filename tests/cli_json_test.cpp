// The CLI's JSON form of the wire types (truinlag/json.hpp): exact
// shapes for people, lossless round trips, and errors that say where.
#include <catch2/catch.hpp>

#include "truinlag/json.hpp"
#include "truinlag/json/base64.hpp"

// Named one by one: `using namespace truinlag` would make its Catch command
// collide with Catch2's namespace.
using nlohmann::json;
using truinlag::base64_decode;
using truinlag::base64_encode;
using truinlag::Broadcast;
using truinlag::CaughtSomeone;
using truinlag::Challenge;
using truinlag::ChallengeId;
using truinlag::ChallengeKind;
using truinlag::ChallengeStatus;
using truinlag::Colour;
using truinlag::Command;
using truinlag::CompletedChallenge;
using truinlag::Config;
using truinlag::ConfigPatch;
using truinlag::Failure;
using truinlag::from_json_value;
using truinlag::GameInfo;
using truinlag::GameInProgress;
using truinlag::GetState;
using truinlag::IntRange;
using truinlag::JsonError;
using truinlag::Location;
using truinlag::Mode;
using truinlag::NotFound;
using truinlag::OpenChallenge;
using truinlag::Period;
using truinlag::Picture;
using truinlag::Ping;
using truinlag::Pinged;
using truinlag::RandomPlaceType;
using truinlag::Range;
using truinlag::Result;
using truinlag::Role;
using truinlag::Session;
using truinlag::SessionId;
using truinlag::Team;
using truinlag::TimeOfDay;
using truinlag::to_json_value;
using truinlag::to_ordered_json_value;
using truinlag::Trap;
using truinlag::UncompletableMinutes;
using truinlag::UploadPeriodPictures;
using truinlag::ZoneId;

namespace {

// The message of the JsonError that reading `text` as T throws.
template <class T>
std::string read_error(const json& input) {
  try {
    from_json_value<T>(input);
  } catch (const JsonError& e) {
    return e.what();
  }
  FAIL("no error for " << input.dump());
  return "";
}

template <class T>
std::string read_error(const char* text) {
  return read_error<T>(json::parse(text));
}

template <class T>
T round_trip(const T& value) {
  // Through text too, as a file or a pipe would carry it.
  return from_json_value<T>(json::parse(to_json_value(value).dump()));
}

}  // namespace

TEST_CASE("a Ping is its fields; as a command it is tagged with its type") {
  CHECK(to_json_value(Ping{"hi"}) == json::parse(R"({"payload": "hi"})"));
  CHECK(to_json_value(Ping{}) == json::parse(R"({"payload": null})"));
  CHECK(to_json_value(Command{Ping{"hi"}}) == json::parse(R"({"type": "ping", "payload": "hi"})"));
  CHECK(to_json_value(Command{GetState{}}) == json::parse(R"({"type": "get_state"})"));
  CHECK(from_json_value<Command>(json::parse(R"({"type": "ping"})")) == Command{Ping{}});
}

TEST_CASE("a Broadcast of Pinged") {
  const Broadcast broadcast{7, std::nullopt, Pinged{"hello"}};
  CHECK(to_json_value(broadcast) ==
        json::parse(
            R"({"seq": 7, "session": null, "event": {"type": "pinged", "payload": "hello"}})"));
  const Broadcast in_session{8, SessionId{3}, Pinged{}};
  CHECK(to_json_value(in_session) ==
        json::parse(R"({"seq": 8, "session": 3, "event": {"type": "pinged", "payload": null}})"));
}

TEST_CASE("printed in declaration order, with the type tag first") {
  const Broadcast broadcast{7, std::nullopt, Pinged{"hello"}};
  CHECK(to_ordered_json_value(broadcast).dump() ==
        R"({"seq":7,"session":null,"event":{"type":"pinged","payload":"hello"}})");
}

TEST_CASE("a Failure of NotFound nests two tagged variants") {
  const Result result = Failure{NotFound{"session 7"}};
  CHECK(to_json_value(result) ==
        json::parse(R"({"type": "failure", "error": {"type": "not_found", "text": "session 7"}})"));
  CHECK(to_json_value(Result{Failure{GameInProgress{"session 'OG' has a game running"}}}) ==
        json::parse(R"({"type": "failure", "error": {"type": "game_in_progress",
                                                      "text": "session 'OG' has a game running"}})"));
}

TEST_CASE("a Team: enum role, colour, optionals absent and present, nested Period context") {
  Team team;
  team.id = 4;
  team.session = 1;
  team.name = "Füchse";
  team.players = {10, 11};
  team.role = Role::Catcher;
  team.colour = Colour{93, 156, 236};
  team.points = 120;
  team.bounty = 30;
  team.zone = 110;
  team.location = Location{47.5, 8.25, 12, 90, 1.5, 1700000000000};
  team.challenges = {
      OpenChallenge{ChallengeId{9}, "Uetliberg", "Go up", std::nullopt, 250, std::nullopt, {}, {}}};
  team.periods = {
      Period{CaughtSomeone{5, 200}, 1700000001000, 0, 3, {77}},
      Period{CompletedChallenge{"T", "D", ZoneId{121}, 80, std::nullopt}, 1700000002000, 3, 4, {}}};
  CHECK(to_json_value(team) == json::parse(R"({
    "id": 4, "session": 1, "name": "Füchse", "picture": null, "players": [10, 11],
    "discord_channel": null, "role": "catcher", "colour": "#5d9cec", "points": 120,
    "bounty": 30, "zone": 110,
    "location": {"latitude": 47.5, "longitude": 8.25, "accuracy": 12.0, "heading": 90.0,
                 "speed": 1.5, "timestamp": 1700000000000},
    "challenges": [{"challenge": 9, "title": "Uetliberg", "description": "Go up", "zone": null,
                    "points": 250, "locked_until": null, "translated_titles": {},
                    "translated_descriptions": {}}],
    "periods": [
      {"context": {"type": "catcher", "caught": 5, "bounty": 200}, "end_time": 1700000001000,
       "track_start": 0, "track_end": 3, "pictures": [77]},
      {"context": {"type": "completed_challenge", "title": "T", "description": "D", "zone": 121,
                   "points": 80, "challenge": null},
       "end_time": 1700000002000, "track_start": 3, "track_end": 4, "pictures": []}],
    "grace_period_end": null})"));
  CHECK(round_trip(team) == team);
}

TEST_CASE("the default Config shows the rules' values") {
  const json config = to_json_value(Config{});
  CHECK(config.size() == std::tuple_size_v<decltype(Config::kFields)>);
  CHECK(config["num_catchers"] == 3);
  CHECK(config["start_time"] == "09:00");
  CHECK(config["end_time"] == "17:00");
  CHECK(config["time_zone"] == "Europe/Zurich");
  CHECK(config["team_colours"][0] == "#5d9cec");
  CHECK(config["team_colours"].size() == 9);
  CHECK(config["perim_distance_range"] == json::parse("[20.0, 61.0]"));
  CHECK(config["challenge_sets"] == json::array());
  CHECK(config["relative_standard_deviation"] == 0.05);
}

TEST_CASE("a Config read from JSON keeps the defaults of missing keys") {
  Config expected;
  expected.num_catchers = 2;
  expected.start_time = TimeOfDay{8, 30};
  CHECK(from_json_value<Config>(json::parse(R"({"num_catchers": 2, "start_time": "08:30"})")) ==
        expected);
  CHECK(round_trip(Config{}) == Config{});
}

TEST_CASE("a ConfigPatch leaves out what it does not set") {
  ConfigPatch patch;
  CHECK(to_json_value(patch) == json::object());
  patch.num_catchers = 2;
  patch.end_time = TimeOfDay{18, 5};
  patch.team_colours = std::vector<Colour>{{255, 0, 16}};
  patch.perim_distance_range = Range{10, 50.5};
  CHECK(to_json_value(patch) == json::parse(R"({"num_catchers": 2, "end_time": "18:05",
        "team_colours": ["#ff0010"], "perim_distance_range": [10.0, 50.5]})"));
  CHECK(round_trip(patch) == patch);
  // An explicit null means "not set" as well.
  CHECK(from_json_value<ConfigPatch>(json::parse(R"({"num_catchers": null})")) == ConfigPatch{});
}

TEST_CASE("a Challenge with every field set survives the round trip") {
  Challenge challenge;
  challenge.id = 42;
  challenge.kind = ChallengeKind::ZKaff;
  challenge.sets = {1, 2};
  challenge.status = ChallengeStatus::ToSort;
  challenge.title = "Zum Zoo";
  challenge.description = "Findet den Elefanten";
  challenge.random_place = RandomPlaceType::SBahnZone;
  challenge.place = "Zoo Zürich";
  challenge.comment = "needs an update";
  challenge.kaffskala = 4;
  challenge.grade = 2;
  challenge.zones = {110, 121};
  challenge.bias_sat = 0.5;
  challenge.bias_sun = 1.25;
  challenge.walking_minutes = 12;
  challenge.stationary_minutes = 3;
  challenge.additional_points = -20;
  challenge.repetitions = IntRange{1, 4};
  challenge.points_per_rep = 15;
  challenge.station_distance = 350;
  challenge.minutes_to_hb = 22;
  challenge.departures_per_hour = 6.5;
  challenge.dead_end = true;
  challenge.no_disembark = true;
  challenge.fixed = true;
  challenge.in_perimeter_override = false;
  challenge.translated_titles = {{"en", "To the zoo"}, {"fr", "Au zoo"}};
  challenge.translated_descriptions = {{"en", "Find the elephant"}};
  challenge.action = Trap{5, "they are stuck at the zoo"};
  challenge.last_edit = 1700000000123;

  const json j = to_json_value(challenge);
  CHECK(j["kind"] == "zkaff");
  CHECK(j["status"] == "to_sort");
  CHECK(j["random_place"] == "s_bahn_zone");
  CHECK(j["in_perimeter_override"] == false);
  CHECK(j["repetitions"] == json::parse("[1, 4]"));
  CHECK(j["translated_titles"] == json::parse(R"({"en": "To the zoo", "fr": "Au zoo"})"));
  CHECK(j["action"] == json::parse(R"({"type": "trap", "stuck_minutes": 5,
                        "catcher_message": "they are stuck at the zoo"})"));
  CHECK(round_trip(challenge) == challenge);

  challenge.action = UncompletableMinutes{std::nullopt};
  CHECK(round_trip(challenge) == challenge);
}

TEST_CASE("a Session with overrides and a running game survives the round trip") {
  Session session;
  session.id = 3;
  session.name = "Zürich";
  session.discord_server = 18446744073709551615u;  // the largest u64 stays exact
  session.config.num_catchers = 4;
  session.config.time_zone = "Europe/Berlin";
  session.game = GameInfo{"Zürich am 2024-05-04", 1714806000000, Mode::Traditional, 1714834800000};
  CHECK(round_trip(session) == session);
  CHECK(to_json_value(session)["config"] ==
        json::parse(R"({"num_catchers": 4, "time_zone": "Europe/Berlin"})"));
}

TEST_CASE("byte strings are base64") {
  const Picture picture{5, std::string("\xff\xd8\xff\x00jpeg", 8)};
  CHECK(to_json_value(picture) == json::parse(R"({"id": 5, "jpeg": "/9j/AGpwZWc="})"));
  CHECK(round_trip(picture) == picture);
  const Command upload = UploadPeriodPictures{1, 2, 3, {"ab", std::string("\0", 1)}};
  CHECK(to_json_value(upload)["jpegs"] == json::parse(R"(["YWI=", "AA=="])"));
  CHECK(round_trip(upload) == upload);
  CHECK_THAT(read_error<Picture>(R"({"id": 5, "jpeg": "not base64!"})"),
             Catch::Equals("$.jpeg: not valid base64"));
}

TEST_CASE("base64 matches RFC 4648 and refuses what is not canonical") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(base64_encode(plain) == encoded);
    CHECK(base64_decode(encoded) == std::optional<std::string>(plain));
  }
  for (const char* bad : {"Zg=", "Zh==", "Z===", "====", "Zm9v\n", "Zm-v", "=Zm9"}) {
    CHECK_FALSE(base64_decode(bad).has_value());
  }
}

TEST_CASE("reading errors name the path and what was expected") {
  SECTION("an unknown enum name") {
    json team = to_json_value(Team{});
    team["role"] = "runer";
    CHECK_THAT(read_error<Team>(team),
               Catch::Equals(R"($.role: unknown name "runer" (expected one of: runner, catcher))"));
    json challenge = to_json_value(Challenge{});
    challenge["kind"] = "Kaff";
    CHECK_THAT(read_error<Challenge>(challenge),
               Catch::StartsWith(R"($.kind: unknown name "Kaff" (expected one of: kaff, )"));
  }
  SECTION("an unknown variant type") {
    CHECK_THAT(
        read_error<Result>(R"({"type": "failure", "error": {"type": "oops"}})"),
        Catch::StartsWith(R"($.error.type: unknown type "oops" (expected one of: not_found, )"));
    CHECK_THAT(read_error<Command>(R"({"payload": "hi"})"),
               Catch::Equals(R"($: missing key "type")"));
  }
  SECTION("a wrong type") {
    CHECK_THAT(read_error<Command>(R"({"type": "ping", "payload": 3})"),
               Catch::Equals("$.payload: expected a string, got number"));
    CHECK_THAT(read_error<Command>(R"({"type": "get_thumbnails", "ids": [1, "2"]})"),
               Catch::Equals("$.ids[1]: expected an integer, got string"));
    CHECK_THAT(read_error<Command>(R"({"type": "get_thumbnails", "ids": [1.5]})"),
               Catch::Equals("$.ids[0]: expected an integer, got number"));
    CHECK_THAT(read_error<Command>(R"({"type": "subscribe", "session": true})"),
               Catch::Equals("$.session: expected an integer, got boolean"));
    CHECK_THAT(read_error<Command>(R"({"type": "add_zone", "number": 1, "num_conn_zones": 1,
                                       "num_connections": 1, "train_through": 1, "mongus": false,
                                       "s_bahn_zone": false})"),
               Catch::Equals("$.train_through: expected true or false, got number"));
  }
  SECTION("an unknown key") {
    CHECK_THAT(read_error<Command>(R"({"type": "ping", "payload": "hi", "paylaod": "x"})"),
               Catch::Equals(R"($: unknown key "paylaod" (expected one of: payload))"));
    CHECK_THAT(read_error<Command>(R"({"type": "get_state", "session": 1})"),
               Catch::Equals(R"($: unknown key "session" (expected no keys))"));
    CHECK_THAT(read_error<ConfigPatch>(R"({"num_catcher": 1})"),
               Catch::StartsWith(R"($: unknown key "num_catcher" (expected one of: )"));
  }
  SECTION("a missing key that has no sensible default") {
    CHECK_THAT(read_error<Command>(R"({"type": "rename_player", "name": "Bob"})"),
               Catch::Equals(R"($: missing key "player")"));
  }
  SECTION("numbers out of range and malformed leaf forms") {
    CHECK_THAT(read_error<Command>(R"({"type": "get_past_game", "id": 9223372036854775808})"),
               Catch::Equals("$.id: 9223372036854775808 is out of range"));
    CHECK_THAT(read_error<Command>(R"({"type": "catch", "session": 1, "catcher": 2,
                                       "caught": 3, "period_id": -1})"),
               Catch::Equals("$.period_id: -1 is out of range"));
    CHECK_THAT(read_error<ConfigPatch>(R"({"start_time": "24:00"})"),
               Catch::Equals(R"($.start_time: expected a time "HH:MM", got "24:00")"));
    CHECK_THAT(read_error<ConfigPatch>(R"({"team_colours": ["#12345g"]})"),
               Catch::Equals(R"($.team_colours[0]: expected a colour "#rrggbb", got "#12345g")"));
  }
  SECTION("ranges that are not [start, end]") {
    CHECK_THAT(read_error<ConfigPatch>(R"({"zkaff_ratio_range": {"start": 0.2, "end": 1.2}})"),
               Catch::Equals("$.zkaff_ratio_range: expected an array [start, end], got object"));
    CHECK_THAT(read_error<ConfigPatch>(R"({"zkaff_ratio_range": [0.2]})"),
               Catch::Equals("$.zkaff_ratio_range: expected [start, end], got 1 elements"));
    json challenge = to_json_value(Challenge{});
    challenge["repetitions"] = json::parse("[1, 2.5]");
    CHECK_THAT(read_error<Challenge>(challenge),
               Catch::Equals("$.repetitions[1]: expected an integer, got number"));
  }
}
