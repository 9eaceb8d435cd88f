// Round trips of every message type through the codec, and agreement of
// our bounded decoder with cereal's own reader on the same bytes.
#include <catch2/catch.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <sstream>

#include "protocol/codec.hpp"
#include "protocol/serialize.hpp"
#include "truinlag/past_game.hpp"

using namespace truinlag;
using truinlag::protocol::as_bytes;

namespace {

Challenge full_challenge() {
  Challenge c;
  c.id = 42;
  c.kind = ChallengeKind::Zoneable;
  c.sets = {1, 2, 3};
  c.status = ChallengeStatus::Refactor;
  c.title = "Schwümm im Zürisee 🏊";
  c.description = "Gönd go schwümme.";
  c.random_place = RandomPlaceType::SBahnZone;
  c.place = "Wädenswil";
  c.comment = "nur im Summer";
  c.kaffskala = 4;
  c.grade = 2;
  c.zones = {110, 154};
  c.bias_sat = 1.25;
  c.bias_sun = 0.5;
  c.walking_minutes = 12;
  c.stationary_minutes = -3;
  c.additional_points = -50;
  c.repetitions = {2, 7};
  c.points_per_rep = 15;
  c.station_distance = 800;
  c.minutes_to_hb = 31;
  c.departures_per_hour = 4.5;
  c.dead_end = true;
  c.no_disembark = true;
  c.fixed = true;
  c.in_perimeter_override = false;
  c.translated_titles = {{"en", "Swim in Lake Zurich"}, {"fr", "Nager"}};
  c.translated_descriptions = {{"en", "Go swimming."}};
  c.action = Trap{5, "Sie sind im See!"};
  c.last_edit = 1'700'000'000'000;
  return c;
}

Team full_team() {
  Team t;
  t.id = 7;
  t.session = 3;
  t.name = "Blau";
  t.picture = 99;
  t.players = {1, 2};
  t.discord_channel = 1234567890123ull;
  t.role = Role::Catcher;
  t.colour = {93, 156, 236};
  t.points = 1385;
  t.bounty = 420;
  t.zone = 110;
  t.location = Location{47.378, 8.540, 12.5, 270, 3.2, 1'700'000'000'000};
  t.challenges = {
      OpenChallenge{5, "Usflug uf Buch", "Gönd nach Buch.", 154, 1200, 1'700'000'600'000, {{"en", "Trip to Buch"}}, {}}};
  t.periods = {
      Period{WasCaught{8, 300}, 1'700'000'100'000, 0, 17, {4, 5}},
      Period{CompletedChallenge{"T", "D", std::nullopt, 10, 2}, 1'700'000'200'000, 17, 20, {}}};
  t.grace_period_end = 1'700'000'900'000;
  return t;
}

template <class Message>
Message round_trip_client(const Message& message) {
  const std::string bytes = protocol::encode(ClientMessage{message});
  auto decoded = protocol::decode_client(as_bytes(bytes));
  INFO(decoded.error);
  REQUIRE(decoded.message.has_value());
  REQUIRE(std::holds_alternative<Message>(*decoded.message));
  return std::get<Message>(*decoded.message);
}

ServerMessage round_trip_server(const ServerMessage& message) {
  const std::string bytes = protocol::encode(message);
  auto decoded = protocol::decode_server(as_bytes(bytes));
  INFO(decoded.error);
  REQUIRE(decoded.message.has_value());
  return *decoded.message;
}

// Every alternative of Command, default-constructed, survives a round trip.
template <std::size_t... I>
void round_trip_every_command(std::index_sequence<I...>) {
  (
      [] {
        Request request{I + 1, Command{std::in_place_index<I>}};
        CHECK(round_trip_client(request) == request);
      }(),
      ...);
}

template <std::size_t... I>
void round_trip_every_event(std::index_sequence<I...>) {
  (
      [] {
        ServerMessage message = Broadcast{I, std::nullopt, BroadcastEvent{std::in_place_index<I>}};
        CHECK(round_trip_server(message) == message);
      }(),
      ...);
}

template <std::size_t... I>
void round_trip_every_result(std::index_sequence<I...>) {
  (
      [] {
        ServerMessage message = Response{I, Result{std::in_place_index<I>}};
        CHECK(round_trip_server(message) == message);
      }(),
      ...);
}

}  // namespace

TEST_CASE("Hello and every command round-trip") {
  CHECK(round_trip_client(Hello{1, "cli ✓"}) == Hello{1, "cli ✓"});
  round_trip_every_command(std::make_index_sequence<std::variant_size_v<Command>>{});
}

TEST_CASE("every result and every broadcast round-trip") {
  round_trip_every_result(std::make_index_sequence<std::variant_size_v<Result>>{});
  round_trip_every_event(std::make_index_sequence<std::variant_size_v<BroadcastEvent>>{});
}

TEST_CASE("populated values round-trip exactly") {
  Request add{9, AddChallenge{full_challenge()}};
  CHECK(round_trip_client(add) == add);

  ConfigPatch patch;
  patch.num_catchers = 2;
  patch.end_time = TimeOfDay{18, 30};
  patch.zkaff_ratio_range = Range{0.1, 0.9};
  patch.team_colours = std::vector<Colour>{{1, 2, 3}};
  Request set_config{10, SetConfig{4, patch}};
  CHECK(round_trip_client(set_config) == set_config);

  Request locate{11, SendLocation{4, 8, Location{47.1, 8.2, 5, 90, 1.5, 123}}};
  CHECK(round_trip_client(locate) == locate);

  ServerMessage caught = Broadcast{77, SessionId{3}, Caught{full_team(), full_team()}};
  CHECK(round_trip_server(caught) == caught);

  PastGame game{1, "OG am 2026-11-25", 10, 20, Mode::Traditional, {}, {}};
  game.teams.push_back(PastTeam{7,
                                "Blau",
                                {"Ana", "Bo"},
                                {1, 2},
                                Role::Runner,
                                {1, 2, 3},
                                5,
                                6,
                                110,
                                Location{},
                                std::nullopt,
                                {},
                                {PastPeriod{full_team().periods[0], Location{}}}});
  game.events = {CatchEvent{1, 2, 300, 1000, {3}, Location{}}, CompleteEvent{"T", 1, 2000, {}, {}}};
  ServerMessage past = Response{5, PastGameResult{game}};
  CHECK(round_trip_server(past) == past);

  ServerMessage state =
      Response{6, GlobalState{{Session{1, "OG", Mode::Traditional, 1, 2, 3, patch,
                                       GameInfo{"OG am x", 1, Mode::Traditional, 2}}},
                              {Player{1, "Ana", "A", "pass", 5, "+41", 1, 2, 3, 4}}}};
  CHECK(round_trip_server(state) == state);

  ServerMessage failure = Response{8, Failure{ChallengeLocked{123456}}};
  CHECK(round_trip_server(failure) == failure);
  ServerMessage goodbye = Goodbye{GoodbyeKind::OutputOverflow, "too slow"};
  CHECK(round_trip_server(goodbye) == goodbye);
}

TEST_CASE("our bounded decoder reads exactly what cereal's own reader reads") {
  // cereal's PortableBinaryInputArchive is trusted here only because we wrote
  // the bytes ourselves; the daemon never uses it on peer data.
  ClientMessage original = Request{12, AddChallenge{full_challenge()}};
  const std::string bytes = protocol::encode(original);
  std::istringstream stream(bytes);
  cereal::PortableBinaryInputArchive cereal_reader(stream);
  ClientMessage by_cereal;
  cereal_reader(by_cereal);
  CHECK(by_cereal == original);
  auto ours = protocol::decode_client(as_bytes(bytes));
  REQUIRE(ours.message.has_value());
  CHECK(*ours.message == by_cereal);
}

TEST_CASE("the payload starts with the little-endian flag and is little endian") {
  const std::string bytes = protocol::encode(ClientMessage{Hello{0x01020304, ""}});
  // flag, variant index (int32 LE, 0 = Hello), version (uint32 LE)
  REQUIRE(bytes.size() >= 9);
  CHECK(bytes[0] == 1);
  CHECK(bytes.substr(1, 4) == std::string("\0\0\0\0", 4));
  CHECK(bytes.substr(5, 4) == std::string("\4\3\2\1", 4));
}

TEST_CASE("a big-endian writer is understood too") {
  std::ostringstream stream;
  {
    cereal::PortableBinaryOutputArchive archive(
        stream, cereal::PortableBinaryOutputArchive::Options::BigEndian());
    archive(ClientMessage{Request{0x1122334455667788ull, Ping{"be"}}});
  }
  const std::string bytes = stream.str();
  CHECK(bytes[0] == 0);
  auto decoded = protocol::decode_client(as_bytes(bytes));
  REQUIRE(decoded.message.has_value());
  CHECK(*decoded.message == ClientMessage{Request{0x1122334455667788ull, Ping{"be"}}});
}
