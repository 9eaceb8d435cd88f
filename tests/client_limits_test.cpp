// The client's limits against a scripted fake server: a daemon that never
// answers Hello cannot hang a connect, and a Receiver that never calls
// recv() cannot make the client's memory grow without bound.
#include <uv.h>

#include <catch2/catch.hpp>
#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "support/fake_server.hpp"
#include "truinlag/client.hpp"
#include "truinlag/loop_client.hpp"

using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

using Clock = std::chrono::steady_clock;

template <class T>
T get_soon(std::future<T>&& future) {
  if (future.wait_for(5s) != std::future_status::ready) {
    throw std::runtime_error("the future was not ready within 5 s");
  }
  return future.get();
}

std::string no_welcome(const std::string& path) {
  return "no Welcome from " + path + " within 200 ms";
}

// A one-shot uv timer on a test's loop. Its owner must keep it alive until
// the loop ran its close callback (uv_run returned).
class TestTimer {
 public:
  explicit TestTimer(uv_loop_t* loop) {
    uv_timer_init(loop, &timer_);
    timer_.data = this;
  }
  TestTimer(const TestTimer&) = delete;
  TestTimer& operator=(const TestTimer&) = delete;

  void start(std::chrono::milliseconds after, std::function<void()> action) {
    action_ = std::move(action);
    uv_timer_start(&timer_, &fire, static_cast<std::uint64_t>(after.count()), 0);
  }
  void close() {
    auto* handle = reinterpret_cast<uv_handle_t*>(&timer_);
    if (!uv_is_closing(handle)) uv_close(handle, nullptr);
  }

 private:
  static void fire(uv_timer_t* timer) {
    auto* self = static_cast<TestTimer*>(timer->data);
    self->close();
    auto action = std::move(self->action_);
    action();
  }

  uv_timer_t timer_;
  std::function<void()> action_;
};

// Handles on the loop that are neither closed nor closing.
int open_handles(uv_loop_t* loop) {
  int count = 0;
  uv_walk(
      loop,
      [](uv_handle_t* handle, void* arg) {
        if (!uv_is_closing(handle)) ++*static_cast<int*>(arg);
      },
      &count);
  return count;
}

ClientOptions short_handshake() {
  ClientOptions options;
  options.handshake_timeout = 200ms;
  return options;
}

}  // namespace

TEST_CASE("the limits have their documented defaults") {
  const ClientOptions defaults;
  CHECK(defaults.handshake_timeout == 10s);
  CHECK(defaults.max_queued_broadcasts == 100000);
}

TEST_CASE("connect throws ConnectError when the daemon never answers Hello") {
  // Without the timeout, the script's own 5 s limit would close the socket
  // and connect would fail with another reason.
  bool closed_by_client = false;
  FakeServer server([&](FakePeer& peer) {
    peer.read_hello();
    closed_by_client = peer.wait_for_close();
  });
  const auto start = Clock::now();
  std::string error = "<no exception>";
  try {
    Client::connect(server.socket_path(), short_handshake());
  } catch (const ConnectError& e) {
    error = e.what();
  }
  const auto waited = Clock::now() - start;
  CHECK_THAT(error, Equals(no_welcome(server.socket_path())));
  CHECK(waited >= 150ms);  // libuv's clock is coarser than steady_clock
  CHECK(waited < 4s);
  CHECK(server.finish().empty());
  CHECK(closed_by_client);  // the client gave the connection up
}

TEST_CASE("the handshake timeout does not limit an established connection") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    const Request request = peer.read_request();
    peer.respond(request.id, Created{3});
    peer.wait_for_close();
  });
  {
    auto client = Client::connect(server.socket_path(), short_handshake());
    std::this_thread::sleep_for(400ms);
    CHECK(get_soon(client.send(Ping{})) == Result{Created{3}});
    CHECK(client.sender().connected());
  }
  CHECK(server.finish().empty());
}

TEST_CASE("a LoopClient's handshake timer fails the connect and leaves no handle open") {
  FakeServer server(nullptr, 0);  // listens, but never accepts nor answers
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  TestTimer guard(&loop);  // a client that never calls back fails, not hangs
  std::vector<std::string> events;
  const auto start = Clock::now();
  {
    LoopClient client(&loop, server.socket_path(), short_handshake(),
                      [&](std::optional<std::string> error) {
                        events.push_back(error ? *error : "connected");
                        guard.close();
                      });
    client.on_disconnect([&](const std::string& reason) { events.push_back("gone: " + reason); });
    guard.start(5s, [&] { client.close("the test's guard fired"); });
    uv_run(&loop, UV_RUN_DEFAULT);  // returns once nothing is open any more
    CHECK(Clock::now() - start >= 150ms);
    CHECK(events == std::vector<std::string>{no_welcome(server.socket_path())});
    CHECK_FALSE(client.connected());
    CHECK(client.disconnect_reason() == no_welcome(server.socket_path()));
    CHECK(open_handles(&loop) == 0);
    // After the failure, sends fail at once.
    bool failed_at_once = false;
    client.send(Ping{}, [&](std::optional<Result> r) { failed_at_once = !r; });
    CHECK(failed_at_once);
  }
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("a LoopClient may be destroyed inside its timed-out connect callback") {
  bool closed_by_client = false;
  FakeServer server([&](FakePeer& peer) {
    peer.read_hello();
    closed_by_client = peer.wait_for_close();
  });
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  TestTimer guard(&loop);
  std::vector<std::string> events;
  std::unique_ptr<LoopClient> client = std::make_unique<LoopClient>(
      &loop, server.socket_path(), short_handshake(), [&](std::optional<std::string> error) {
        events.push_back(error ? *error : "connected");
        guard.close();
        client.reset();
      });
  client->send(Ping{},
               [&](std::optional<Result> r) { events.push_back(r ? "answered" : "failed"); });
  guard.start(5s, [&] {
    if (client) client->close("the test's guard fired");
  });
  uv_run(&loop, UV_RUN_DEFAULT);
  CHECK_FALSE(client);
  // Held requests fail before the connect callback hears why.
  CHECK(events == std::vector<std::string>{"failed", no_welcome(server.socket_path())});
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(server.finish().empty());
  CHECK(closed_by_client);
}

TEST_CASE("after Welcome the handshake timer is gone and never fires") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    const Request request = peer.read_request();
    peer.respond(request.id, Success{});
    peer.wait_for_close();
  });
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  TestTimer later(&loop);
  std::optional<std::string> connect_error = "<not called>";
  int handles_while_connected = -1;
  std::optional<Result> result;
  std::string disconnect_reason;
  std::unique_ptr<LoopClient> client;
  client = std::make_unique<LoopClient>(
      &loop, server.socket_path(), short_handshake(), [&](std::optional<std::string> error) {
        connect_error = error;
        if (error) {
          later.close();
          return;
        }
        // Twice the handshake timeout later, the connection still stands.
        later.start(400ms, [&] {
          handles_while_connected = open_handles(&loop);
          client->send(Ping{}, [&](std::optional<Result> r) {
            result = std::move(r);
            disconnect_reason = client->disconnect_reason();
            client.reset();  // destroyed inside a callback after success
          });
        });
      });
  uv_run(&loop, UV_RUN_DEFAULT);
  CHECK(connect_error == std::nullopt);
  // Only the pipe is left; `later` is closing while its action runs.
  CHECK(handles_while_connected == 1);
  CHECK(result == Result{Success{}});
  CHECK(disconnect_reason.empty());
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(server.finish().empty());
}

TEST_CASE("a connect that fails early does not wait for the handshake timer") {
  FakeServer server([](FakePeer& peer) {
    peer.read_hello();
    peer.goodbye(GoodbyeKind::Refused, "go away");
  });
  std::string target = server.socket_path();
  std::string expected = "go away";
  bool server_used = true;
  SECTION("refused at Hello") {}
  SECTION("no socket at all") {
    target = server.path_in_dir("missing.sock");
    expected = "No such file or directory";
    server_used = false;  // its destructor stops the waiting acceptor
  }
  uv_loop_t loop;
  REQUIRE(uv_loop_init(&loop) == 0);
  ClientOptions options;
  options.handshake_timeout = 5s;  // a timer left armed would hold uv_run this long
  std::vector<std::string> events;
  const auto start = Clock::now();
  {
    LoopClient client(&loop, target, options, [&](std::optional<std::string> error) {
      events.push_back(error ? *error : "connected");
    });
    uv_run(&loop, UV_RUN_DEFAULT);
  }
  CHECK(Clock::now() - start < 2s);
  REQUIRE(events.size() == 1);
  CHECK_THAT(events[0], Contains(expected));
  CHECK(uv_loop_close(&loop) == 0);
  if (server_used) CHECK(server.finish().empty());
}

TEST_CASE("a Receiver that falls behind loses the oldest broadcasts, counted") {
  FakeServer server([](FakePeer& peer) {
    peer.handshake();
    // Ten broadcasts for a queue of three, then the answer that tells the
    // test they all reached the client (the loop thread keeps the order).
    Request request = peer.read_request();
    for (std::uint64_t seq = 1; seq <= 10; ++seq) peer.broadcast(seq, Pinged{std::to_string(seq)});
    peer.respond(request.id, Success{});
    // Three more, into the drained queue: nothing more is lost.
    request = peer.read_request();
    for (std::uint64_t seq = 11; seq <= 13; ++seq) peer.broadcast(seq, Pinged{std::to_string(seq)});
    peer.respond(request.id, Success{});
    peer.wait_for_close();
  });
  ClientOptions options;
  options.max_queued_broadcasts = 3;
  {
    auto [sender, receiver] = Client::connect(server.socket_path(), options).split();
    CHECK(receiver.dropped_broadcasts() == 0);
    CHECK(get_soon(sender.send(Ping{})) == Result{Success{}});
    CHECK(receiver.dropped_broadcasts() == 7);
    for (std::uint64_t seq = 8; seq <= 10; ++seq) {
      const auto broadcast = receiver.recv_for(5s);
      REQUIRE(broadcast.has_value());
      CHECK(broadcast->seq == seq);
    }
    CHECK_FALSE(receiver.recv_for(20ms).has_value());

    CHECK(get_soon(sender.send(Ping{})) == Result{Success{}});
    CHECK(receiver.dropped_broadcasts() == 7);
    for (std::uint64_t seq = 11; seq <= 13; ++seq) {
      const auto broadcast = receiver.recv_for(5s);
      REQUIRE(broadcast.has_value());
      CHECK(broadcast->seq == seq);
    }
    Receiver moved = std::move(receiver);
    CHECK(moved.dropped_broadcasts() == 7);
  }
  CHECK(server.finish().empty());
}
