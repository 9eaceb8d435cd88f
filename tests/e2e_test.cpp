// End to end: the real truinlagd binary, a real unix socket and SQLite
// file, the real client library and CLI, several clients at once.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "protocol/codec.hpp"
#include "protocol/frame.hpp"
#include "support/daemon_process.hpp"
#include "truinlag/client.hpp"

using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A daemon in a fresh directory, ready to serve.
struct Fixture {
  TempDir dir;
  std::string socket = dir.file("d.sock");
  std::string db = dir.file("d.db");
  std::unique_ptr<DaemonProcess> daemon;

  explicit Fixture(std::vector<std::string> args = {}) {
    daemon = std::make_unique<DaemonProcess>(socket, db, args);
    REQUIRE(daemon->wait_ready());
  }
};

std::optional<std::string> pinged_payload(const std::optional<Broadcast>& b) {
  if (!b) return std::nullopt;
  if (auto* p = std::get_if<Pinged>(&b->event)) return p->payload.value_or("");
  return std::nullopt;
}

std::string cli() {
  const char* path = std::getenv("TRUINLAG_CLI");
  REQUIRE(path != nullptr);
  return path;
}

}  // namespace

TEST_CASE("three clients: one pings, all three receive Pinged") {
  Fixture f;
  auto a = Client::connect(f.socket);
  auto b = Client::connect(f.socket);
  auto c = Client::connect(f.socket);
  Result result = b.send(Ping{"hello"}).get();
  CHECK(std::holds_alternative<Success>(result));
  for (Client* client : {&a, &b, &c}) {
    auto broadcast = client->recv_for(5s);
    CHECK(pinged_payload(broadcast) == std::optional<std::string>("hello"));
  }
  // Broadcast sequence numbers count up across pings.
  b.send(Ping{"again"}).get();
  auto first = a.recv_for(5s);
  REQUIRE(first);
  CHECK(pinged_payload(first) == std::optional<std::string>("again"));
}

TEST_CASE("many requests from several threads are all answered by id") {
  Fixture f;
  auto client = Client::connect(f.socket);
  auto [sender, receiver] = std::move(client).split();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::future<Result>> futures;
      for (int i = 0; i < 200; ++i) futures.push_back(sender.send(GetState{}));
      for (auto& fut : futures) ok += std::holds_alternative<GlobalState>(fut.get());
      (void)t;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 800);
}

TEST_CASE("GetState over the wire lists no sessions on a new database") {
  Fixture f;
  auto client = Client::connect(f.socket);
  GlobalState state = client.sender().get_state().get();
  CHECK(state.sessions.empty());
  CHECK(state.players.empty());
}

TEST_CASE("Shutdown by command: exit 0, socket and lock gone, clients told") {
  Fixture f;
  auto watcher = Client::connect(f.socket);
  auto admin = Client::connect(f.socket);
  admin.sender().shutdown().get();
  const auto started = std::chrono::steady_clock::now();
  auto code = f.daemon->wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK_FALSE(fs::exists(f.socket));
  CHECK_FALSE(fs::exists(f.socket + ".lock"));
  // The other client learns the engine went away: recv() ends, sends fail.
  CHECK_FALSE(watcher.recv_for(5s).has_value());
  CHECK_THROWS_AS(watcher.send(Ping{}).get(), Disconnected);
}

TEST_CASE("SIGTERM and SIGINT shut down gracefully") {
  for (int signal : {SIGTERM, SIGINT}) {
    Fixture f;
    auto client = Client::connect(f.socket);
    f.daemon->send_signal(signal);
    auto code = f.daemon->wait_exit(5s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK_FALSE(fs::exists(f.socket));
    CHECK_FALSE(client.recv_for(5s).has_value());
    CHECK_THAT(f.daemon->log(), Catch::Contains("shut down cleanly"));
  }
}

TEST_CASE("a second daemon on the same socket is refused while the first keeps answering") {
  Fixture f;
  DaemonProcess second(f.socket, f.dir.file("other.db"));
  auto code = second.wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK_THAT(second.log(), Catch::Contains("already serving"));
  auto client = Client::connect(f.socket);
  CHECK(std::holds_alternative<Success>(client.send(Ping{}).get()));
}

TEST_CASE("after kill -9 a new daemon starts on the same socket at once") {
  Fixture f;
  f.daemon->send_signal(SIGKILL);
  REQUIRE(f.daemon->wait_exit(5s).has_value());
  REQUIRE(fs::exists(f.socket));  // the crash left the socket file behind
  DaemonProcess restarted(f.socket, f.db);
  REQUIRE(restarted.wait_ready());
  CHECK_THAT(restarted.log(), Catch::Contains("replaced stale socket"));
  auto client = Client::connect(f.socket);
  CHECK(std::holds_alternative<Success>(client.send(Ping{"back"}).get()));
}

TEST_CASE("a file that is not a socket is never removed") {
  TempDir dir;
  const std::string path = dir.file("not-a-socket");
  std::ofstream(path) << "precious";
  DaemonProcess daemon(path, dir.file("d.db"));
  auto code = daemon.wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK_THAT(daemon.log(), Catch::Contains("is not a socket"));
  std::ifstream in(path);
  std::string content;
  in >> content;
  CHECK(content == "precious");
}

TEST_CASE("the socket is private to its owner") {
  Fixture f;
  struct stat info {};
  REQUIRE(::stat(f.socket.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("garbage and a 4 GiB frame header leave the daemon answering, memory flat") {
  Fixture f;
  auto healthy = Client::connect(f.socket);
  REQUIRE(std::holds_alternative<Success>(healthy.send(Ping{}).get()));
  const long rss_before = f.daemon->rss_kib();

  {
    RawPeer garbage(f.socket);
    REQUIRE(garbage.connected());
    std::mt19937_64 random(7);
    std::string bytes(1 << 20, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    garbage.write_bytes(bytes);  // may fail half-way: the daemon hangs up
    CHECK(garbage.closed_within(2s));
  }
  {
    RawPeer huge(f.socket);
    REQUIRE(huge.connected());
    huge.write_bytes(std::string("\xff\xff\xff\xff", 4));
    auto goodbye = huge.receive(2s);
    REQUIRE(goodbye.has_value());
    REQUIRE(std::holds_alternative<Goodbye>(*goodbye));
    CHECK(std::get<Goodbye>(*goodbye).kind == GoodbyeKind::ProtocolError);
    CHECK(huge.closed_within(1s));
  }
  for (int i = 0; i < 10; ++i) {
    CHECK(std::holds_alternative<Success>(healthy.send(Ping{"still here"}).get()));
  }
  const long rss_after = f.daemon->rss_kib();
  CHECK(rss_after - rss_before < 10 * 1024);
}

TEST_CASE("a malformed request with a readable id is answered on that id, then closed") {
  Fixture f;
  RawPeer peer(f.socket);
  peer.send(Hello{kProtocolVersion, "raw"});
  auto welcome = peer.receive();
  REQUIRE(welcome.has_value());
  REQUIRE(std::holds_alternative<Welcome>(*welcome));
  // Request id 77, Ping with a string size prefix of 2^62.
  std::string payload("\x01\x01\0\0\0", 5);
  payload += std::string("\x4d\0\0\0\0\0\0\0", 8);  // id 77
  payload += std::string("\0\0\0\0", 4);            // Ping
  payload += std::string("\0", 1);                  // payload present
  payload += std::string("\0\0\0\0\0\0\0\x40", 8);  // size 2^62
  std::string frame;
  protocol::append_frame(frame, payload);
  peer.write_bytes(frame);
  auto response = peer.receive();
  REQUIRE(response.has_value());
  REQUIRE(std::holds_alternative<Response>(*response));
  CHECK(std::get<Response>(*response).id == 77);
  const auto& result = std::get<Response>(*response).result;
  REQUIRE(std::holds_alternative<Failure>(result));
  CHECK(std::holds_alternative<ProtocolError>(std::get<Failure>(result).error));
  auto goodbye = peer.receive();
  REQUIRE(goodbye.has_value());
  CHECK(std::holds_alternative<Goodbye>(*goodbye));
  CHECK(peer.closed_within(1s));
}

TEST_CASE("requests before Hello and a wrong protocol version are refused") {
  Fixture f;
  {
    RawPeer early(f.socket);
    early.send(Request{5, Ping{}});
    auto response = early.receive();
    REQUIRE(response.has_value());
    REQUIRE(std::holds_alternative<Response>(*response));
    CHECK(std::get<Response>(*response).id == 5);
    CHECK(early.closed_within(1s));
  }
  {
    RawPeer old(f.socket);
    old.send(Hello{kProtocolVersion + 41, "from the future"});
    auto goodbye = old.receive();
    REQUIRE(goodbye.has_value());
    REQUIRE(std::holds_alternative<Goodbye>(*goodbye));
    const auto& bye = std::get<Goodbye>(*goodbye);
    CHECK(bye.kind == GoodbyeKind::Refused);
    CHECK_THAT(bye.reason, Catch::Contains(std::to_string(kProtocolVersion + 41)) &&
                               Catch::Contains(std::to_string(kProtocolVersion)));
    CHECK(old.closed_within(1s));
  }
  auto client = Client::connect(f.socket);
  CHECK(std::holds_alternative<Success>(client.send(Ping{}).get()));
}

TEST_CASE("a client that stops reading is cut off at the output limit; others are served") {
  Fixture f({"--output-limit-mib", "1"});
  RawPeer sleeper(f.socket);
  sleeper.send(Hello{kProtocolVersion, "sleeper"});  // then never reads
  auto pinger = Client::connect(f.socket);
  // The daemon's growth, not its size: a sanitizer build starts at ~170 MiB.
  const long rss_before = f.daemon->rss_kib();
  const std::string big(256 * 1024, 'x');
  for (int i = 0; i < 64; ++i) {  // 16 MiB of broadcasts in total
    REQUIRE(std::holds_alternative<Success>(pinger.send(Ping{big}).get()));
    while (pinger.recv_for(0ms)) {
    }
  }
  CHECK_THAT(f.daemon->log(), Catch::Contains("over the limit"));
  CHECK(f.daemon->rss_kib() - rss_before < 64 * 1024);
  CHECK(std::holds_alternative<Success>(pinger.send(Ping{"small"}).get()));
}

TEST_CASE("truinlag-cli: ping, watch and shutdown against the daemon") {
  Fixture f;
  const std::string base = cli() + " --socket " + f.socket;
  // watch runs in the background until the daemon shuts down.
  const std::string watch_out = f.dir.file("watch.out");
  const int watch_started = std::system((base + " watch > " + watch_out + " 2>&1 &").c_str());
  REQUIRE(watch_started == 0);
  // Wait until the watcher is connected: its Hello shows up as a connection.
  std::this_thread::sleep_for(500ms);
  auto ping = run_command(base + " ping hello");
  CHECK(ping.exit_code == 0);
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::ifstream in(watch_out);
    std::stringstream text;
    text << in.rdbuf();
    seen = text.str().find("hello") != std::string::npos;
    if (!seen) std::this_thread::sleep_for(50ms);
  }
  CHECK(seen);

  auto json_state = run_command(base + " --json state");
  CHECK(json_state.exit_code == 0);
  CHECK_THAT(json_state.out, Catch::Contains("\"sessions\""));

  auto shutdown = run_command(base + " shutdown");
  CHECK(shutdown.exit_code == 0);
  auto code = f.daemon->wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK_FALSE(fs::exists(f.socket));

  auto dead = run_command(base + " ping 2>&1");
  CHECK(dead.exit_code == 3);
  CHECK_THAT(dead.out, Catch::Contains("truinlagd"));
}

TEST_CASE("truinlag-cli: usage errors exit 2, engine errors exit 1") {
  Fixture f;
  const std::string base = cli() + " --socket " + f.socket;
  CHECK(run_command(base + " no-such-verb 2>/dev/null").exit_code == 2);
  auto unknown = run_command(base + " watch --session nope 2>&1");
  CHECK(unknown.exit_code == 1);
}

TEST_CASE("a shutdown that cannot finish in time exits non-zero naming what hung") {
  Fixture f({"--shutdown-timeout", "0.5"});
  RawPeer sleeper(f.socket);
  sleeper.send(Hello{kProtocolVersion, "sleepy-client"});  // then never reads
  auto pinger = Client::connect(f.socket);
  const std::string big(512 * 1024, 'x');
  for (int i = 0; i < 8; ++i) {  // 4 MiB queued for the sleeper, under the 8 MiB limit
    REQUIRE(std::holds_alternative<Success>(pinger.send(Ping{big}).get()));
    while (pinger.recv_for(0ms)) {
    }
  }
  f.daemon->send_signal(SIGTERM);
  auto code = f.daemon->wait_exit(5s);
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK_THAT(f.daemon->log(),
             Catch::Contains("did not finish within 500 ms") && Catch::Contains("sleepy-client"));
  CHECK_FALSE(fs::exists(f.socket));
}
