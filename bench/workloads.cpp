#include "workloads.hpp"

#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "client_pool.hpp"
#include "daemon_process.hpp"
#include "game_setup.hpp"
#include "request_driver.hpp"
#include "stats.hpp"

namespace truinlag::bench {

namespace {

// A name no earlier run on the same daemon used.
std::string fresh_name(const std::string& what) {
  static int counter = 0;
  return "bench-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

// A session id no session has: subscribing to it keeps session broadcasts
// (every accepted location is one) away from a connection, so the write
// figure is the write path alone; fan-out is measured on its own.
constexpr SessionId kNoSession = 0x7fff'ffff;

std::uint64_t wall_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

void subscribe_nowhere(ClientPool& pool) {
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (std::holds_alternative<Failure>(pool.call(i, Subscribe{kNoSession}))) {
      throw std::runtime_error("Subscribe refused");
    }
  }
}

}  // namespace

nlohmann::json run_read(const Target& target, const std::vector<int>& clients, double seconds) {
  nlohmann::json results = nlohmann::json::array();
  SessionId session = 0;
  {
    ClientPool setup(target.loop, target.socket_path);
    setup.connect(1);
    const Result created = setup.call(0, AddSession{fresh_name("read"), Mode::Traditional});
    if (!std::holds_alternative<Created>(created)) throw std::runtime_error("AddSession refused");
    session = std::get<Created>(created).id;
  }
  for (int n : clients) {
    ClientPool pool(target.loop, target.socket_path);
    pool.connect(static_cast<std::size_t>(n));
    subscribe_nowhere(pool);
    results.push_back(drive_requests(
        pool, static_cast<std::size_t>(n), seconds,
        [session](std::size_t) { return GetConfig{session}; }, target.daemon_pid));
  }
  return {{"workload", "read"}, {"command", "get_config"}, {"results", results}};
}

nlohmann::json run_write(const Target& target, const std::vector<int>& clients, double seconds) {
  nlohmann::json results = nlohmann::json::array();
  int most = 1;
  for (int n : clients) most = std::max(most, n);
  RunningGame game;
  {
    ClientPool setup(target.loop, target.socket_path);
    setup.connect(1);
    // Ten teams, enough players that every client sends for its own.
    game = start_game(setup, fresh_name("write"), 10, (most + 9) / 10);
  }
  std::vector<std::uint64_t> sent(game.players.size(), 0);
  const auto make = [&](std::size_t client) {
    // Each client walks its player north-east a metre per request: every
    // location is accepted (accuracy 5 m) and now and then extends the
    // team's track, as a phone in a moving train would.
    const std::size_t i = client % game.players.size();
    const double step = static_cast<double>(++sent[i]) * 1e-5;
    Location location{47.37 + step, 8.54 + step, 5, 45, 10, static_cast<Timestamp>(wall_ms())};
    return SendLocation{game.session, game.players[i], location};
  };
  for (int n : clients) {
    ClientPool pool(target.loop, target.socket_path);
    pool.connect(static_cast<std::size_t>(n));
    subscribe_nowhere(pool);
    results.push_back(
        drive_requests(pool, static_cast<std::size_t>(n), seconds, make, target.daemon_pid));
  }
  return {{"workload", "write"}, {"command", "send_location"}, {"results", results}};
}

nlohmann::json run_fanout(const Target& target, const std::vector<int>& subscribers, int rounds) {
  nlohmann::json results = nlohmann::json::array();
  for (int n : subscribers) {
    const auto count = static_cast<std::size_t>(n);
    ClientPool pool(target.loop, target.socket_path);
    pool.connect(count + 1);  // the last one sends the Pings
    std::size_t received = 0;
    std::uint64_t sent_at = 0;
    std::uint64_t all_at = 0;
    for (std::size_t i = 0; i < count; ++i) {
      pool[i].on_broadcast([&](Broadcast) {
        if (++received == count) all_at = now_ns();
      });
    }
    Latencies latencies;
    bool answered = false;
    bool lost = false;
    for (int round = 0; round < rounds; ++round) {
      received = 0;
      answered = false;
      sent_at = now_ns();
      pool[count].send(Ping{"fanout"}, [&](std::optional<Result> result) {
        // (No exception may cross libuv's C frames: report after the run.)
        lost = !result;
        answered = true;
      });
      pool.run_until([&] { return lost || (answered && received == count); }, 30000);
      if (lost) throw std::runtime_error("the Ping sender was disconnected");
      latencies.add(all_at - sent_at);
    }
    results.push_back({{"subscribers", n},
                       {"rounds", rounds},
                       {"p50_us", latencies.percentile_us(50)},
                       {"p99_us", latencies.percentile_us(99)},
                       {"max_us", latencies.percentile_us(100)}});
  }
  return {{"workload", "fanout"}, {"command", "ping"}, {"results", results}};
}

nlohmann::json run_idle(const Target& target, int connections) {
  if (target.daemon_pid == 0) {
    return {{"workload", "idle"}, {"connections", connections}, {"bytes_per_connection", nullptr}};
  }
  ClientPool pool(target.loop, target.socket_path);
  // One connection first, so the daemon's first-client allocations (the
  // reading path, the engine's first command) are not counted per idle one.
  pool.connect(1);
  (void)pool.call(0, Ping{"warm"});
  const std::uint64_t before = resident_bytes(target.daemon_pid);
  pool.connect(static_cast<std::size_t>(connections));
  // A moment for the daemon to finish its side of the last handshakes.
  const std::uint64_t settle = now_ns() + 200'000'000;
  pool.run_until([&] { return now_ns() > settle; });
  const std::uint64_t after = resident_bytes(target.daemon_pid);
  const double per = (static_cast<double>(after) - static_cast<double>(before)) / connections;
  return {{"workload", "idle"},
          {"connections", connections},
          {"rss_before_bytes", before},
          {"rss_after_bytes", after},
          {"bytes_per_connection", per}};
}

}  // namespace truinlag::bench
