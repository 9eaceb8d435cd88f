// StringOutputArchive (issue 8: the fast encoder) must write byte for byte
// what cereal's PortableBinaryOutputArchive writes, for every shape of
// message: peers and stored blobs must not notice the switch.
#include <catch2/catch.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <sstream>

#include "engine_fixture.hpp"
#include "protocol/codec.hpp"
#include "protocol/serialize.hpp"
#include "protocol/string_output_archive.hpp"
#include "protocol/value_codec.hpp"

using namespace engine_fixture;
namespace protocol = truinlag::protocol;

namespace {

template <class T>
std::string by_cereal(const T& value, std::uint32_t format = kValueFormat) {
  const std::uint32_t saved = protocol::encode_format;
  protocol::encode_format = format;
  std::ostringstream stream;
  {
    cereal::PortableBinaryOutputArchive archive(
        stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(value);
  }
  protocol::encode_format = saved;
  return std::move(stream).str();
}

// Results of a started game: nested teams, periods, optionals, maps.
std::vector<Result> results_of_a_game() {
  GameWorld w;
  w.start();
  w.ok(SendLocation{w.session, w.players[0], at(47.37, 8.54, w.now)});
  w.now += 31 * kMinute;
  w.ok(Complete{w.session, w.runner(), 0, w.period_of(w.runner())});
  return {w.ok(GetConfig{w.session}), w.ok(GetSessionState{w.session}),
          w.ok(GetState{}),           w.ok(GetChallenges{}),
          w.ok(GetEvents{w.session}), w.ok(GetLocations{w.session})};
}

}  // namespace

TEST_CASE("server messages encode to cereal's exact bytes") {
  for (const Result& result : results_of_a_game()) {
    const ServerMessage message = Response{42, result};
    CHECK(protocol::encode(message) == by_cereal(message));
  }
  const ServerMessage broadcast =
      Broadcast{7, SessionId{3}, LocationSent{2, Location{47.1, 8.2, 5, 90, 3.5, 1234}}};
  CHECK(protocol::encode(broadcast) == by_cereal(broadcast));
  const ServerMessage global = Broadcast{8, std::nullopt, Pinged{std::nullopt}};
  CHECK(protocol::encode(global) == by_cereal(global));
}

TEST_CASE("client messages encode to cereal's exact bytes") {
  GameWorld w;
  Challenge c = w.unspecific("Long one", 700);
  c.translated_titles = {{"de", "Lang"}, {"fr", "Longue"}};
  c.zones = {1, 2, 3};
  c.kaffskala = 4;
  for (const ClientMessage& message :
       {ClientMessage{Hello{1, "bench"}}, ClientMessage{Request{1, AddChallenge{c}}},
        ClientMessage{Request{2, SendLocation{1, 2, at(47.3, 8.5, 99)}}},
        ClientMessage{Request{3, UploadPeriodPictures{1, 2, 3, {"a", std::string(300, 'x')}}}},
        ClientMessage{Request{4, Ping{}}}}) {
    CHECK(protocol::encode(message) == by_cereal(message));
  }
}

TEST_CASE("stored values keep cereal's bytes in every value format") {
  GameWorld w;
  w.start();
  const engine::TeamData& team = w.team(w.blau);
  for (std::uint32_t format = 1; format <= kValueFormat; ++format) {
    CHECK(protocol::encode_value(team.team, format) == by_cereal(team.team, format));
    CHECK(protocol::encode_value(w.engine.state().challenges, format) ==
          by_cereal(w.engine.state().challenges, format));
  }
}
