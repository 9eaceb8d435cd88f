// Sender's typed helpers (client_helpers.cpp) against a scripted fake
// server: each sends its command and unwraps the answer it expects.
#include <catch2/catch.hpp>
#include <future>

#include "support/fake_server.hpp"
#include "truinlag/client.hpp"

// `truinlag::Catch` is spelt out: Catch2 has a namespace of that name.
using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;

namespace {

// future.get(), but a future that hangs fails the test instead of the run.
template <class T>
T get_within_5s(std::future<T> future) {
  if (future.wait_for(5s) != std::future_status::ready) {
    throw std::runtime_error("the future was not ready within 5 s");
  }
  return future.get();
}

}  // namespace

TEST_CASE("typed helpers unwrap ids, period indexes and lists") {
  std::vector<Command> seen;
  Zone zone;
  zone.id = 4;
  zone.number = 110;
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    for (Result answer : std::vector<Result>{Created{5}, Created{6}, PeriodIndex{3}, PeriodIndex{4},
                                             Zones{{zone}}, Success{}}) {
      const Request request = peer.read_request();
      seen.push_back(request.command);
      peer.respond(request.id, std::move(answer));
    }
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    Sender& sender = client.sender();
    CHECK(get_within_5s(sender.add_session("Zürich")) == 5);
    CHECK(get_within_5s(sender.add_player("Ann", "fox", SessionId{1})) == 6);
    CHECK(get_within_5s(sender.catch_team(1, 2, 3, 0)) == 3u);
    CHECK(get_within_5s(sender.complete(1, 2, 1, 7)) == 4u);
    CHECK(get_within_5s(sender.get_zones()) == std::vector<Zone>{zone});
    CHECK_NOTHROW(get_within_5s(sender.start(1)));
  }
  CHECK(server.finish().empty());
  CHECK(seen == std::vector<Command>{AddSession{"Zürich", Mode::Traditional},
                                     AddPlayer{"Ann", "fox", std::nullopt, std::nullopt, 1},
                                     truinlag::Catch{1, 2, 3, 0}, Complete{1, 2, 1, 7}, GetZones{},
                                     Start{1}});
}

TEST_CASE("request<R> gives R; a Failure or another answer throws EngineError") {
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    for (Result answer : std::vector<Result>{Events{}, Failure{TooRapid{}}, Success{}}) {
      const Request request = peer.read_request();
      peer.respond(request.id, std::move(answer));
    }
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    Sender& sender = client.sender();
    CHECK(get_within_5s(sender.request<Events>(GetEvents{1})) == Events{});
    try {
      get_within_5s(sender.complete(1, 2, 0, 0));
      FAIL("complete should have thrown EngineError");
    } catch (const EngineError& e) {
      CHECK(e.error() == Error{TooRapid{}});
    }
    try {
      get_within_5s(sender.get_config(1));  // answered with Success
      FAIL("get_config should have thrown EngineError");
    } catch (const EngineError& e) {
      CHECK(std::holds_alternative<ProtocolError>(e.error()));
      CHECK_THAT(e.what(), Catch::Contains("unexpected answer success where config was expected"));
    }
  }
  CHECK(server.finish().empty());
}
