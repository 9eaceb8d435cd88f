// The client library against a scripted fake server: futures matched by
// request id, broadcasts, split lifetimes, every way a connection ends,
// and LoopClients sharing a caller's uv loop.
#include "truinlag/client.hpp"

#include <unistd.h>
#include <uv.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <memory>

#include "support/fake_server.hpp"
#include "truinlag/loop_client.hpp"

using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

std::string payload_of(const Request& request) {
  const auto* ping = std::get_if<Ping>(&request.command);
  if (ping == nullptr) throw ScriptError("expected a ping");
  return ping->payload.value_or("");
}

// The payload of a Pinged broadcast, or a marker saying what came instead.
std::string pinged(const std::optional<Broadcast>& broadcast) {
  if (!broadcast) return "<nothing>";
  const auto* ping = std::get_if<Pinged>(&broadcast->event);
  return ping != nullptr ? ping->payload.value_or("") : "<another event>";
}

template <class T>
bool ready_soon(std::future<T>& future) {
  return future.wait_for(5s) == std::future_status::ready;
}

// future.get(), but a future that hangs fails the test instead of the run.
class TimedOut : public std::runtime_error {
 public:
  TimedOut() : std::runtime_error("the future was not ready within 5 s") {}
};
template <class T>
T get_soon(std::future<T>& future) {
  if (!ready_soon(future)) throw TimedOut();
  return future.get();
}
template <class T>
T get_soon(std::future<T>&& future) {
  return get_soon(future);
}

}  // namespace

TEST_CASE("responses answered in reverse order reach the right futures") {
  std::vector<RequestId> answered;  // written by the script, read after finish()
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    auto requests = peer.read_requests(3);
    for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
      answered.push_back(it->id);
      peer.respond(it->id, Created{static_cast<std::int64_t>(payload_of(*it).size())});
    }
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    CHECK(client.sender().connected());
    auto one = client.send(Ping{"a"});
    auto two = client.send(Ping{"bb"});
    auto three = client.send(Ping{"ccc"});
    CHECK(get_soon(one) == Result{Created{1}});
    CHECK(get_soon(two) == Result{Created{2}});
    CHECK(get_soon(three) == Result{Created{3}});
  }
  CHECK(server.finish().empty());
  // Ids start at 1 and follow the order of send().
  CHECK(answered == std::vector<RequestId>{3, 2, 1});
}

TEST_CASE("the server closing fails every pending future and ends recv") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    peer.read_requests(2);
    peer.broadcast(1, Pinged{"last words"});
    peer.close();
  });
  auto client = Client::connect(server.socket_path());
  auto first = client.send(Ping{});
  auto second = client.send(GetState{});
  CHECK_THROWS_AS(get_soon(first), Disconnected);
  CHECK_THROWS_WITH(get_soon(second), Contains("closed the connection"));
  // What arrived before the close is still delivered; then recv() ends.
  auto last = client.recv();
  REQUIRE(last.has_value());
  CHECK(last->seq == 1);
  CHECK(pinged(last) == "last words");
  CHECK_FALSE(client.recv().has_value());
  CHECK_FALSE(client.sender().connected());
  CHECK(server.finish().empty());
}

TEST_CASE("a Goodbye fails pending futures and later sends with its reason") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    peer.read_request();
    peer.goodbye(GoodbyeKind::ShuttingDown, "maintenance at noon");
  });
  auto client = Client::connect(server.socket_path());
  auto pending = client.send(Ping{});
  CHECK_THROWS_WITH(get_soon(pending), Contains("maintenance at noon"));
  CHECK_FALSE(client.recv().has_value());  // returns once the connection is gone

  // After the disconnect, send() fails at once, without a round trip.
  auto late = client.send(Ping{});
  REQUIRE(late.wait_for(0s) == std::future_status::ready);
  CHECK_THROWS_AS(get_soon(late), Disconnected);
  CHECK_THROWS_WITH(get_soon(client.sender().ping()), Contains("maintenance at noon"));
  CHECK(server.finish().empty());
}

TEST_CASE("dropping the Receiver keeps the Sender working") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    auto request = peer.read_request();
    peer.broadcast(1, Pinged{"nobody listens"});  // discarded by the client
    peer.respond(request.id, Success{});
    request = peer.read_request();
    peer.respond(request.id, Created{7});
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    auto [sender, receiver] = std::move(client).split();
    CHECK_THROWS_AS(get_soon(client.send(Ping{})), Disconnected);  // the split Client is empty
    { Receiver dropped = std::move(receiver); }
    CHECK(get_soon(sender.send(Ping{})) == Result{Success{}});
    CHECK(get_soon(sender.send(Ping{})) == Result{Created{7}});
    CHECK(sender.connected());
  }
  CHECK(server.finish().empty());
}

TEST_CASE("dropping the Sender keeps the Receiver getting broadcasts") {
  std::promise<void> sender_dropped;
  std::shared_future<void> dropped = sender_dropped.get_future().share();
  FakeServer server([dropped](FakePeer& peer) {
    peer.handshake();
    if (dropped.wait_for(5s) != std::future_status::ready) throw ScriptError("sender kept");
    peer.broadcast(1, Pinged{"one"});
    peer.broadcast(2, Pinged{"two"});
    peer.close();
  });
  auto [sender, receiver] = Client::connect(server.socket_path()).split();
  { Sender gone = std::move(sender); }
  sender_dropped.set_value();
  CHECK(pinged(receiver.recv_for(5s)) == "one");
  CHECK(pinged(receiver.recv_for(5s)) == "two");
  CHECK_FALSE(receiver.recv().has_value());
  CHECK(server.finish().empty());
}

TEST_CASE("recv_for gives up empty after its timeout and the connection stays") {
  bool closed_by_client = false;
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    peer.broadcast(5, Pinged{"later"});
    closed_by_client = peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    CHECK(pinged(client.recv_for(5s)) == "later");
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(client.recv_for(50ms).has_value());
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= 50ms);
    CHECK(waited < 2s);
    CHECK(client.sender().connected());
  }
  CHECK(server.finish().empty());
  CHECK(closed_by_client);  // destroying the Client closes its socket
}

TEST_CASE("destroying the client fails the futures it leaves behind") {
  std::promise<void> request_seen;
  auto seen = request_seen.get_future();
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    peer.read_request();
    request_seen.set_value();
    peer.wait_for_close();
  });
  std::future<Result> orphan;
  {
    auto client = Client::connect(server.socket_path());
    orphan = client.send(Ping{});
    REQUIRE(ready_soon(seen));
  }
  REQUIRE(orphan.wait_for(0s) == std::future_status::ready);
  CHECK_THROWS_WITH(get_soon(orphan), Contains("closed"));
  CHECK(server.finish().empty());
}

TEST_CASE("connect failures throw ConnectError with the reason") {
  FakeServer server(nullptr, 0);  // only its temporary directory is used

  SECTION("a missing socket") {
    const std::string missing = server.path_in_dir("missing.sock");
    CHECK_THROWS_AS(Client::connect(missing), ConnectError);
    CHECK_THROWS_WITH(Client::connect(missing),
                      Equals("cannot connect to " + missing + ": No such file or directory"));
  }
  SECTION("a file that is not a listening socket") {
    const std::string file = server.path_in_dir("plain-file");
    std::ofstream{file} << "not a socket";
    CHECK_THROWS_WITH(Client::connect(file), Contains("Connection refused"));
  }
  SECTION("a path longer than a unix socket address holds") {
    const std::string longer = server.path_in_dir(std::string(200, 'x'));
    CHECK_THROWS_WITH(Client::connect(longer), Contains("File name too long"));
  }
}

TEST_CASE("a refusal at Hello makes connect throw with the daemon's reason") {
  Hello hello;
  FakeServer server([&](FakePeer& peer) {
    hello = peer.read_hello();
    peer.goodbye(GoodbyeKind::Refused, "protocol version 1 is not supported");
  });
  ClientOptions options;
  options.client_name = "refused-test";
  CHECK_THROWS_WITH(Client::connect(server.socket_path(), options),
                    Contains("protocol version 1 is not supported") &&
                        Contains("cannot connect to " + server.socket_path()));
  CHECK(server.finish().empty());
  CHECK(hello == Hello{kProtocolVersion, "refused-test"});
}

TEST_CASE("a Welcome of another protocol version fails the handshake") {
  FakeServer server([](FakePeer& peer) {
    peer.read_hello();
    peer.send(Welcome{kProtocolVersion + 1, "from the future"});
  });
  CHECK_THROWS_WITH(Client::connect(server.socket_path()),
                    Contains("protocol version " + std::to_string(kProtocolVersion + 1)));
  CHECK(server.finish().empty());
}

TEST_CASE("a response with an unknown id disconnects") {
  bool closed_by_client = false;
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    const Request request = peer.read_request();
    peer.respond(request.id + 100, Success{});
    closed_by_client = peer.wait_for_close();
  });
  auto client = Client::connect(server.socket_path());
  auto pending = client.send(Ping{});
  CHECK_THROWS_WITH(get_soon(pending), Contains("unknown request id 101"));
  CHECK_FALSE(client.recv().has_value());
  CHECK(server.finish().empty());
  CHECK(closed_by_client);
}

TEST_CASE("a frame over max_frame_bytes disconnects") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    peer.read_request();
    peer.broadcast(1, Pinged{std::string(4096, 'x')});
    peer.wait_for_close();
  });
  ClientOptions options;
  options.max_frame_bytes = 1024;
  auto client = Client::connect(server.socket_path(), options);
  auto pending = client.send(Ping{});
  CHECK_THROWS_WITH(get_soon(pending), Contains("exceeds the limit of 1024"));
  CHECK_FALSE(client.recv().has_value());
  CHECK(server.finish().empty());
}

TEST_CASE("typed helpers send their commands and throw EngineError on Failure") {
  std::vector<Command> seen;
  FakeServer server([&](FakePeer& peer) {
    peer.handshake();
    const auto answer = [&](Result result) {
      const Request request = peer.read_request();
      seen.push_back(request.command);
      peer.respond(request.id, std::move(result));
    };
    Session session;
    session.name = "Zürich";
    answer(Success{});
    answer(GlobalState{{session}, {}});
    answer(Failure{NotFound{"session 7"}});
    answer(Success{});
    answer(Created{1});  // not what shutdown expects
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path());
    Sender& sender = client.sender();
    CHECK_NOTHROW(get_soon(sender.ping("hi")));
    const GlobalState state = get_soon(sender.get_state());
    REQUIRE(state.sessions.size() == 1);
    CHECK(state.sessions[0].name == "Zürich");
    auto refused = sender.subscribe(7);
    try {
      get_soon(refused);
      FAIL("subscribe(7) should have thrown EngineError");
    } catch (const EngineError& e) {
      CHECK(e.error() == Error{NotFound{"session 7"}});
      CHECK(std::string(e.what()) == describe(e.error()));
    }
    CHECK_NOTHROW(get_soon(sender.subscribe_all()));
    CHECK_THROWS_AS(get_soon(sender.shutdown()), EngineError);
  }
  CHECK(server.finish().empty());
  CHECK(seen == std::vector<Command>{Ping{"hi"}, GetState{}, Subscribe{7}, Subscribe{std::nullopt},
                                     Shutdown{}});
}

TEST_CASE("several LoopClients on one caller-owned loop each get their own responses") {
  // Every connection answers its two pings backwards with 10 * client + ping,
  // so a response delivered to the wrong client or request shows.
  FakeServer server(
      [](FakePeer& peer) {
        const Hello hello = peer.read_hello();
        peer.welcome();
        auto requests = peer.read_requests(2);
        for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
          peer.respond(it->id,
                       Created{std::stoll(hello.client_name) * 10 + std::stoll(payload_of(*it))});
        }
        peer.wait_for_close();
      },
      3);

  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  int connected = 0;
  std::map<std::pair<int, int>, std::int64_t> results;  // (client, ping) -> answer
  std::vector<std::unique_ptr<LoopClient>> clients;
  for (int c = 1; c <= 3; ++c) {
    ClientOptions options;
    options.client_name = std::to_string(c);
    clients.push_back(std::make_unique<LoopClient>(
        &loop, server.socket_path(), options,
        [&connected](std::optional<std::string> error) { connected += error ? 0 : 1; }));
    // Sent before the handshake: held until Welcome.
    for (int p = 1; p <= 2; ++p) {
      clients.back()->send(Ping{std::to_string(p)}, [&results, c, p](std::optional<Result> r) {
        const auto* created = r ? std::get_if<Created>(&*r) : nullptr;
        results[{c, p}] = created != nullptr ? created->id : -1;
      });
    }
  }
  while (results.size() < 6 && uv_run(&loop, UV_RUN_ONCE) != 0) {
  }
  CHECK(connected == 3);
  for (int c = 1; c <= 3; ++c) {
    for (int p = 1; p <= 2; ++p) CHECK(results[{c, p}] == c * 10 + p);
  }
  clients.clear();
  uv_run(&loop, UV_RUN_DEFAULT);  // the close callbacks free the handles
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(server.finish().empty());
}

TEST_CASE("a LoopClient holds requests until Welcome and numbers them from 1") {
  bool silent_before_welcome = false;
  FakeServer server([&](FakePeer& peer) {
    peer.read_hello();
    silent_before_welcome = peer.stays_silent(50ms);
    peer.welcome();
    const Request request = peer.read_request();
    peer.respond(request.id, Created{static_cast<std::int64_t>(request.id)});
    peer.wait_for_close();
  });
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  std::optional<Result> result;
  {
    LoopClient client(&loop, server.socket_path(), {}, [](std::optional<std::string>) {});
    client.send(Ping{"early"}, [&](std::optional<Result> r) {
      result = std::move(r);
      client.close();  // from inside a callback
    });
    uv_run(&loop, UV_RUN_DEFAULT);
    CHECK_FALSE(client.connected());
    CHECK(client.disconnect_reason() == "closed by the client");
  }
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(server.finish().empty());
  CHECK(silent_before_welcome);
  CHECK(result == Result{Created{1}});
}

TEST_CASE("a LoopClient may be destroyed inside its own callback") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    auto requests = peer.read_requests(2);
    peer.respond(requests[0].id, Success{});
    peer.wait_for_close();
  });
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  std::vector<std::string> events;
  auto client = std::make_unique<LoopClient>(
      &loop, server.socket_path(), ClientOptions{},
      [&](std::optional<std::string> error) { events.push_back(error ? *error : "connected"); });
  client->on_disconnect([&](const std::string& reason) { events.push_back("gone: " + reason); });
  client->send(Ping{}, [&](std::optional<Result> r) {
    events.push_back(r ? "first answered" : "first failed");
    client.reset();
  });
  client->send(Ping{}, [&](std::optional<Result> r) {
    events.push_back(r ? "second answered" : "second failed");
  });
  uv_run(&loop, UV_RUN_DEFAULT);  // ends once the destroyed client's handle is closed
  CHECK(events == std::vector<std::string>{"connected", "first answered", "second failed",
                                           "gone: closed by the client"});
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(server.finish().empty());
}

TEST_CASE("default_socket_path: TRUINLAG_SOCKET, then XDG_RUNTIME_DIR, then /tmp") {
  // Restores the environment whatever the outcome.
  struct Saved {
    std::string name;
    std::optional<std::string> value;
    explicit Saved(std::string n) : name(std::move(n)) {
      if (const char* v = std::getenv(name.c_str())) value = v;
    }
    ~Saved() {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  } socket{"TRUINLAG_SOCKET"}, runtime{"XDG_RUNTIME_DIR"};

  setenv("TRUINLAG_SOCKET", "/srv/game.sock", 1);
  setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
  CHECK(default_socket_path() == "/srv/game.sock");
  unsetenv("TRUINLAG_SOCKET");
  CHECK(default_socket_path() == "/run/user/4242/truinlag.sock");
  unsetenv("XDG_RUNTIME_DIR");
  // A private directory (truinlagd creates it 0700), not a file in /tmp.
  CHECK(default_socket_path() == "/tmp/truinlag-" + std::to_string(getuid()) + "/truinlag.sock");
  CHECK(fallback_socket_dir() == "/tmp/truinlag-" + std::to_string(getuid()));
}
