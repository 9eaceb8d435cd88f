// Writes the seed corpus of the fuzz targets: real encodings of
// representative messages and stored values, one file each, in
// <out>/<target>/<name>. The files are committed (tests/fuzz/corpus); run
// this again when a wire type changes:
//
//   build/tests/fuzz/make_fuzz_corpus tests/fuzz/corpus
//
// Output is deterministic, so regenerating an unchanged protocol changes
// no file.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/state.hpp"
#include "pictures/jpeg.hpp"
#include "protocol/codec.hpp"
#include "protocol/frame.hpp"
#include "protocol/value_codec.hpp"
#include "truinlag/json.hpp"

namespace fs = std::filesystem;
using namespace truinlag;

namespace {

fs::path g_out;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  const fs::path dir = g_out / target;
  fs::create_directories(dir);
  std::ofstream file(dir / name, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw std::runtime_error("cannot write " + (dir / name).string());
}

Location location(double lat, double lon, Timestamp t) {
  return Location{lat, lon, 12.5, 270.0, 3.25, t};
}

// A challenge with every field set, the optional ones present.
Challenge full_challenge() {
  Challenge c;
  c.id = 7;
  c.kind = ChallengeKind::Kaff;
  c.sets = {1, 2};
  c.status = ChallengeStatus::Approved;
  c.title = "Chur";
  c.description = "Gönd uf Chur und trinked en Kafi.";
  c.random_place = RandomPlaceType::SBahnZone;
  c.place = "Chur";
  c.comment = "weit";
  c.kaffskala = 5;
  c.grade = 3;
  c.zones = {110, 121};
  c.bias_sat = 1.5;
  c.bias_sun = 0.5;
  c.walking_minutes = 10;
  c.stationary_minutes = 5;
  c.additional_points = 20;
  c.repetitions = IntRange{1, 4};
  c.points_per_rep = 15;
  c.station_distance = 800;
  c.minutes_to_hb = 25;
  c.departures_per_hour = 4.0;
  c.dead_end = true;
  c.no_disembark = true;
  c.fixed = false;
  c.in_perimeter_override = true;
  c.translated_titles = {{"en", "Chur"}, {"fr", "Coire"}};
  c.translated_descriptions = {{"en", "Go to Chur and have a coffee."}};
  c.action = Trap{30, "caught in Chur"};
  c.last_edit = 1'700'000'000'000;
  return c;
}

Challenge small_challenge(ChallengeId id, ChallengeKind kind) {
  Challenge c;
  c.id = id;
  c.kind = kind;
  c.sets = {1};
  c.status = ChallengeStatus::Glorious;
  c.title = "Challenge " + std::to_string(id);
  c.zones = {110};
  c.action = UncompletableMinutes{15};
  return c;
}

Zone zone(ZoneId id, std::int64_t number) {
  return Zone{id, number, 3, 12, true, false, number == 110, {{1, 10}, {2, 25}}};
}

OpenChallenge open_challenge() {
  OpenChallenge c;
  c.challenge = 7;
  c.title = "Chur";
  c.description = "Gönd uf Chur.";
  c.zone = 121;
  c.points = 340;
  c.locked_until = 1'700'000'600'000;
  c.translated_titles = {{"en", "Chur"}};
  c.translated_descriptions = {{"en", "Go to Chur."}};
  return c;
}

Team team(TeamId id, Role role) {
  Team t;
  t.id = id;
  t.session = 1;
  t.name = role == Role::Catcher ? "Fänger" : "Rennende " + std::to_string(id);
  t.picture = 3;
  t.players = {1, 2};
  t.discord_channel = 1234567890123ull;
  t.role = role;
  t.colour = Colour{93, 156, 236};
  t.points = 420;
  t.bounty = 100;
  t.zone = 110;
  t.location = location(47.3769, 8.5417, 1'700'000'100'000);
  if (role == Role::Runner) t.challenges = {open_challenge()};
  t.periods = {Period{CompletedChallenge{"Uetliberg", "Uf de Uetliberg.", 110, 250, 4},
                      1'700'000'050'000,
                      0,
                      3,
                      {5}},
               Period{CaughtSomeone{2, 80}, 1'700'000'070'000, 3, 5, {}},
               Period{WasCaught{3, 60}, 1'700'000'090'000, 5, 8, {6, 7}}};
  t.grace_period_end = 1'700'000'200'000;
  return t;
}

Player player(PlayerId id) {
  Player p;
  p.id = id;
  p.name = "Spieler " + std::to_string(id);
  p.nickname = "sp" + std::to_string(id);
  p.passphrase = "rot-zug-" + std::to_string(id);
  p.discord_id = 555000 + static_cast<std::uint64_t>(id);
  p.phone = "+41 79 000 00 0" + std::to_string(id);
  p.session = 1;
  p.picture = 9;
  p.locations_sent = 10;
  p.locations_accepted = 9;
  return p;
}

ConfigPatch config_patch() {
  ConfigPatch patch;
  patch.num_catchers = 2;
  patch.relative_standard_deviation = 0.1;
  patch.start_time = TimeOfDay{8, 30};
  patch.time_zone = "Europe/Zurich";
  patch.perim_distance_range = Range{10, 50};
  patch.challenge_sets = std::vector<ChallengeSetId>{1, 2};
  patch.team_colours = std::vector<Colour>{{255, 0, 0}, {0, 0, 255}};
  patch.place_title_template = "Uf %p";
  return patch;
}

Session session() {
  Session s;
  s.id = 1;
  s.name = "Samschtig";
  s.discord_server = 42;
  s.discord_admin_channel = 43;
  s.config = config_patch();
  s.game =
      GameInfo{"Samschtig am 2024-05-04", 1'700'000'000'000, Mode::Traditional, 1'700'030'000'000};
  return s;
}

std::vector<Event> events() {
  return {CatchEvent{2, 1, 100, 1'700'000'070'000, {5}, location(47.4, 8.5, 1'700'000'070'000)},
          CompleteEvent{"Uetliberg", 1, 1'700'000'050'000, {}, std::nullopt}};
}

Catalogue catalogue() {
  Catalogue c;
  c.challenge_sets = {"Standard", "Regio"};
  c.zones = {CatalogueZone{110, 6, 40, true, false, true},
             CatalogueZone{121, 2, 3, false, true, false}};
  c.zone_minutes = {CatalogueMinutes{110, 121, 35}, CatalogueMinutes{121, 110, 40}};
  Challenge challenge = full_challenge();
  challenge.id = 0;
  c.challenges = {CatalogueChallenge{challenge, {"Standard"}, {121}},
                  CatalogueChallenge{small_challenge(0, ChallengeKind::Zoneable), {"Regio"}, {}}};
  c.players = {
      CataloguePlayer{"Anna", "anna", "blau-tram", 77, "+41 79 111 11 11", "Samschtig"},
      CataloguePlayer{"Beat", std::nullopt, "grün-bus", std::nullopt, std::nullopt, std::nullopt}};
  return c;
}

engine::Snapshot snapshot() {
  engine::Snapshot s;
  s.config.num_catchers = 2;
  s.config.challenge_sets = {1};
  s.config.team_colours = {{255, 0, 0}, {0, 0, 255}};  // short: keep the file small
  s.challenges = {{7, full_challenge()},
                  {8, small_challenge(8, ChallengeKind::Ortsspezifisch)},
                  {9, small_challenge(9, ChallengeKind::ZKaff)}};
  s.zones = {{1, zone(1, 110)}, {2, zone(2, 121)}};
  s.player_names = {{1, "Anna"}, {2, "Beat"}};
  s.centre_zone = 1;
  s.start_zone = 1;
  return s;
}

PastGame past_game() {
  PastGame g;
  g.id = 3;
  g.name = "Samschtig am 2024-05-04";
  g.start = 1'700'000'000'000;
  g.end = 1'700'030'000'000;
  PastTeam runner;
  runner.id = 1;
  runner.name = "Rennende";
  runner.players = {"Anna", "Beat"};
  runner.player_ids = {1, 2};
  runner.colour = Colour{93, 156, 236};
  runner.points = 420;
  runner.bounty = 100;
  runner.zone = 121;
  runner.first_location = location(47.3769, 8.5417, 1'700'000'000'000);
  runner.last_location = location(46.85, 9.53, 1'700'029'000'000);
  runner.challenges = {open_challenge()};
  runner.periods = {
      PastPeriod{Period{CompletedChallenge{"Chur", "", 121, 340, 7}, 1'700'010'000'000, 0, 4, {5}},
                 location(46.85, 9.53, 1'700'010'000'000)},
      PastPeriod{Period{WasCaught{2, 60}, 1'700'020'000'000, 4, 6, {}}, std::nullopt}};
  PastTeam catcher;
  catcher.id = 2;
  catcher.name = "Fänger";
  catcher.players = {"Chris"};
  catcher.player_ids = {3};
  catcher.role = Role::Catcher;
  catcher.periods = {
      PastPeriod{Period{CaughtSomeone{1, 60}, 1'700'020'000'000, 0, 2, {}}, std::nullopt}};
  g.teams = {runner, catcher};
  g.events = events();
  return g;
}

std::string client(const ClientMessage& m) { return protocol::encode(m); }
std::string server(const ServerMessage& m) { return protocol::encode(m); }
ClientMessage request(RequestId id, Command command) { return Request{id, std::move(command)}; }
ServerMessage response(RequestId id, Result result) { return Response{id, std::move(result)}; }
ServerMessage broadcast(std::uint64_t seq, BroadcastEvent event) {
  return Broadcast{seq, SessionId{1}, std::move(event)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUT_DIR  (e.g. tests/fuzz/corpus)\n";
    return 2;
  }
  g_out = argv[1];

  // (f) Small JPEGs of several shapes and qualities (uploads).
  for (auto [w, h, quality] :
       {std::tuple{64, 48, 90}, {300, 200, 40}, {17, 300, 75}, {256, 256, 95}}) {
    pictures::Rgb image{w, h, std::string(static_cast<std::size_t>(w) * h * 3, 0)};
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
      image.pixels[i] = static_cast<char>((i * 7) % 251);
    }
    write("jpeg", std::to_string(w) + "x" + std::to_string(h) + ".jpg",
          pictures::encode_rgb(image, quality));
  }

  // (b) ClientMessage payloads.
  const std::vector<std::pair<std::string, ClientMessage>> requests = {
      {"hello", Hello{kProtocolVersion, "truinlag-cli"}},
      {"ping", request(1, Ping{"hello"})},
      {"ping_empty", request(2, Ping{})},
      {"get_state", request(3, GetState{})},
      {"subscribe", request(4, Subscribe{SessionId{1}})},
      {"add_session", request(5, AddSession{"Samschtig", Mode::Traditional})},
      {"add_player", request(6, AddPlayer{"Anna", "blau-tram", "anna", 77, SessionId{1}})},
      {"set_config", request(7, SetConfig{1, config_patch()})},
      {"add_challenge", request(8, AddChallenge{full_challenge()})},
      {"set_challenge",
       request(9, SetChallenge{small_challenge(8, ChallengeKind::Regionsspezifisch)})},
      {"add_zone", request(10, AddZone{CatalogueZone{110, 6, 40, true, false, true}})},
      {"add_team", request(11, AddTeam{1, "Rennende", 99, Colour{1, 2, 3}})},
      {"send_location",
       request(12, SendLocation{1, 2, location(47.3769, 8.5417, 1'700'000'000'000)})},
      {"complete", request(13, Complete{1, 1, 0, 2})},
      {"catch", request(14, Catch{1, 2, 1, 3})},
      {"get_pictures", request(15, GetPictures{{1, 2, 3}})},
      {"upload_period_pictures",
       request(16, UploadPeriodPictures{1, 1, 0, {"\xff\xd8\xff\xe0 jpeg", "\xff\xd8\xff\xdb"}})},
      {"import", request(17, Import{catalogue(), true})},
      {"export", request(18, Export{})},
  };
  for (const auto& [name, message] : requests) write("client_message", name, client(message));
  // (e) The same messages as JSON text (truinlag/json.hpp), as the gateway
  // will receive them.
  for (const auto& [name, message] : requests) {
    write("json_client_message", name, to_ordered_json_value(message).dump());
  }

  // (c) ServerMessage payloads.
  const std::vector<std::pair<std::string, ServerMessage>> answers = {
      {"welcome", Welcome{kProtocolVersion, "0.1.0", 16u << 20}},
      {"success", response(1, Success{})},
      {"failure_not_found", response(2, Failure{NotFound{"session 9"}})},
      {"failure_locked", response(3, Failure{ChallengeLocked{1'700'000'600'000}})},
      {"created", response(4, Created{12})},
      {"global_state", response(5, GlobalState{{session()}, {player(1), player(2)}})},
      {"session_state", response(6, SessionState{session(),
                                                 {team(1, Role::Runner), team(2, Role::Catcher)},
                                                 events(),
                                                 session().game})},
      {"config", response(7, ConfigResult{Config{}})},
      {"challenges", response(8, Challenges{{full_challenge()}})},
      {"zones", response(9, Zones{{zone(1, 110), zone(2, 121)}})},
      {"past_game", response(10, PastGameResult{past_game()})},
      {"imported",
       response(11, Imported{3, {ImportRejection{"challenges", 1, BadData{"no title"}}}})},
      {"catalogue", response(12, CatalogueResult{catalogue()})},
      {"broadcast_pinged", broadcast(1, Pinged{"hello"})},
      {"broadcast_started", broadcast(2, Started{{team(1, Role::Runner)}, *session().game})},
      {"broadcast_caught", broadcast(3, Caught{team(2, Role::Catcher), team(1, Role::Runner)})},
      {"broadcast_completed",
       broadcast(4, Completed{team(1, Role::Runner),
                              CompletedChallenge{"Chur", "Gönd uf Chur.", 121, 340, 7}})},
      {"broadcast_location",
       broadcast(5, LocationSent{1, location(47.38, 8.54, 1'700'000'000'000)})},
      {"broadcast_player_changed_team",
       Broadcast{6, std::nullopt, PlayerChangedTeam{1, 2, std::nullopt, TeamId{1}}}},
      {"goodbye", Goodbye{GoodbyeKind::ProtocolError, "undecodable message"}},
  };
  for (const auto& [name, message] : answers) write("server_message", name, server(message));

  // (a) Streams a client sends: frames back to back.
  auto stream = [&](std::initializer_list<std::size_t> indexes) {
    std::string bytes;
    for (std::size_t i : indexes) protocol::append_frame(bytes, client(requests.at(i).second));
    return bytes;
  };
  write("frame", "hello_ping", stream({0, 1}));
  write("frame", "setup", stream({0, 3, 4, 5, 6, 7}));
  write("frame", "catalogue", stream({0, 8, 9, 10, 17}));
  write("frame", "game", stream({0, 11, 12, 13, 14, 16}));
  std::string partial = stream({0, 2});
  partial.resize(partial.size() - 3);  // the second frame cut short
  write("frame", "partial", partial);

  // (d) Stored blobs, in the current format and in format 1.
  const std::string current = "_v" + std::to_string(kValueFormat);
  write("stored_value", "snapshot" + current, protocol::encode_value(snapshot()));
  write("stored_value", "snapshot_v1", protocol::encode_value(snapshot(), 1));
  write("stored_value", "snapshot_empty", protocol::encode_value(engine::Snapshot{}));
  write("stored_value", "past_game" + current, protocol::encode_value(past_game()));
  write("stored_value", "past_game_v1", protocol::encode_value(past_game(), 1));
  write("stored_value", "past_game_empty", protocol::encode_value(PastGame{}));
  return 0;
}
