#include "gateway_workloads.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "client_pool.hpp"
#include "daemon_process.hpp"
#include "game_setup.hpp"
#include "stats.hpp"
#include "ws_client.hpp"

namespace truinlag::bench {

namespace {

constexpr const char* kHost = "127.0.0.1";
// The login flood's source address: the gateway limits failed logins per
// address, and the other clients come from 127.0.0.1.
constexpr const char* kFloodHost = "127.0.0.2";

std::string fresh_name(const std::string& what) {
  static int counter = 0;
  return "bench-ws-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

std::uint64_t wall_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// An admin token, made over the unix socket (as `truinlag-cli token add
// NAME --role admin` does).
std::string admin_token(const Target& target) {
  ClientPool setup(target.loop, target.socket_path);
  setup.connect(1);
  Result result = setup.call(0, AddToken{fresh_name("admin"), TokenRole::Admin});
  if (const auto* created = std::get_if<TokenCreated>(&result)) return created->secret;
  throw std::runtime_error("AddToken refused");
}

std::string ping_text(std::uint64_t id) {
  char text[96];
  std::snprintf(text, sizeof text, R"({"id":%llu,"command":{"type":"ping","payload":"bench"}})",
                static_cast<unsigned long long>(id));
  return text;
}

// The Node echo server, a child process for one workload.
class NodeEcho {
 public:
  NodeEcho(const std::string& node, const std::string& script, bool broadcast) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::execlp(node.c_str(), node.c_str(), script.c_str(), broadcast ? "broadcast" : "echo",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    // "listening PORT\n" when ready.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (line.find('\n') == std::string::npos) {
      pollfd p{out[0], POLLIN, 0};
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            deadline - std::chrono::steady_clock::now())
                                            .count());
      if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
      char buffer[128];
      const ssize_t n = ::read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    if (line.rfind("listening ", 0) != 0) {
      stop();
      throw std::runtime_error(node + " " + script + " did not start (is `ws` installed? " +
                               "scripts/deps runs npm ci in tests/gateway/node)");
    }
    port_ = std::stoi(line.substr(10));
  }
  ~NodeEcho() { stop(); }
  NodeEcho(const NodeEcho&) = delete;
  NodeEcho& operator=(const NodeEcho&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

 private:
  void stop() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

// Closed-loop Pings on the first `clients` connections of a pool: each
// sends its next Ping when the answer to the previous one arrived.
struct PingDriver {
  PingDriver(WsPool& pool, std::size_t clients)
      : pool(pool), next_id(clients, 1), sent_at(clients, 0) {}
  WsPool& pool;
  std::vector<std::uint64_t> next_id;  // the id of the Ping outstanding
  std::vector<std::uint64_t> sent_at;
  std::uint64_t measure_from = 0;
  std::uint64_t measure_until = 0;  // no new Pings after this
  std::size_t outstanding = 0;
  std::uint64_t errors = 0;
  std::uint64_t answered_total = 0;
  std::uint64_t broadcasts = 0;
  Latencies latencies;

  void issue(std::size_t i) {
    ++outstanding;
    sent_at[i] = now_ns();
    pool[i].send_text(ping_text(++next_id[i]));
  }
  void start() {
    for (std::size_t i = 0; i < next_id.size(); ++i) {
      pool[i].on_message([this, i](std::string_view m) {
        const auto id = answer_id(m);
        if (!id) {
          ++broadcasts;  // the Pinged broadcast every logged-in client gets
          return;
        }
        if (*id != next_id[i]) return;
        const std::uint64_t at = now_ns();
        --outstanding;
        ++answered_total;
        if (m.find(R"("type":"success")") == std::string_view::npos) ++errors;
        if (sent_at[i] >= measure_from && at <= measure_until) latencies.add(at - sent_at[i]);
        if (at < measure_until) issue(i);
      });
      issue(i);
    }
  }
  // Runs until every client's last answer is in; throws if one was lost.
  void finish(std::uint64_t timeout_ms) {
    run_loop_until(
        pool.loop(),
        [&] {
          for (std::size_t i = 0; i < next_id.size(); ++i) {
            if (!pool[i].open()) {
              throw std::runtime_error("a WebSocket connection was lost: " +
                                       pool[i].closed_reason());
            }
          }
          return outstanding == 0;
        },
        timeout_ms);
    for (std::size_t i = 0; i < next_id.size(); ++i) pool[i].on_message(nullptr);
  }
  nlohmann::json figures(double seconds, double peer_cpu, double own_cpu) {
    const double answered = static_cast<double>(std::max<std::uint64_t>(answered_total, 1));
    return {{"requests", latencies.count()},
            {"errors", errors},
            {"requests_per_second", static_cast<double>(latencies.count()) / seconds},
            {"p50_us", latencies.percentile_us(50)},
            {"p99_us", latencies.percentile_us(99)},
            {"peer_cpu_us_per_request", peer_cpu * 1e6 / answered},
            {"bench_cpu_us_per_request", own_cpu * 1e6 / answered},
            {"broadcasts_per_request", static_cast<double>(broadcasts) / answered}};
  }
};

// `clients` connections to `port`, logged in, Pinging for `seconds` after
// a warm-up; `peer` is the server process (for its CPU time).
nlohmann::json ping_run(uv_loop_t* loop, int port, pid_t peer, std::size_t clients,
                        double seconds, const std::string& token) {
  WsPool pool(loop, kHost, port);
  pool.connect(clients);
  pool.hello_and_login(0, [&](std::size_t) { return token_login(token); });
  const double warm_up = std::min(0.5, seconds * 0.2);
  PingDriver driver(pool, clients);
  const double peer_before = peer ? cpu_seconds(peer) : 0;
  const double own_before = cpu_seconds(::getpid());
  driver.measure_from = now_ns() + static_cast<std::uint64_t>(warm_up * 1e9);
  driver.measure_until = driver.measure_from + static_cast<std::uint64_t>(seconds * 1e9);
  driver.latencies.reserve(static_cast<std::size_t>(seconds * 100000));
  driver.start();
  driver.finish(static_cast<std::uint64_t>((seconds + warm_up) * 1000) + 30000);
  const double peer_cpu = peer ? cpu_seconds(peer) - peer_before : 0;
  return driver.figures(seconds, peer_cpu, cpu_seconds(::getpid()) - own_before);
}

}  // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

void wait_for_port(int port, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (up) return;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("nothing listens on 127.0.0.1:" + std::to_string(port));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

nlohmann::json run_ws_ping(const GatewayTarget& target, const std::vector<int>& clients,
                           double seconds) {
  const std::string token = admin_token(target.daemon);
  // Node twice: answering only (the floor), and answering plus the
  // Pinged-shaped broadcast to every client that the gateway sends too.
  std::unique_ptr<NodeEcho> node, node_broadcast;
  if (!target.node.empty()) {
    node = std::make_unique<NodeEcho>(target.node, target.echo_script, false);
    node_broadcast = std::make_unique<NodeEcho>(target.node, target.echo_script, true);
  }
  nlohmann::json results = nlohmann::json::array();
  for (int n : clients) {
    const auto count = static_cast<std::size_t>(n);
    nlohmann::json row{{"clients", n}, {"seconds", seconds}};
    row["truinlag"] =
        ping_run(target.daemon.loop, target.port, target.daemon.daemon_pid, count, seconds, token);
    row["errors"] = row["truinlag"]["errors"];
    if (node) {
      row["node"] = ping_run(target.daemon.loop, node->port(), node->pid(), count, seconds, token);
      const double ours = row["truinlag"]["requests_per_second"];
      const double theirs = row["node"]["requests_per_second"];
      row["ratio_truinlag_to_node"] = theirs > 0 ? ours / theirs : 0.0;
      row["node_broadcast"] = ping_run(target.daemon.loop, node_broadcast->port(),
                                       node_broadcast->pid(), count, seconds, token);
      const double same_work = row["node_broadcast"]["requests_per_second"];
      row["ratio_truinlag_to_node_broadcast"] = same_work > 0 ? ours / same_work : 0.0;
    }
    results.push_back(row);
  }
  return {{"workload", "ws-ping"}, {"command", "ping"}, {"results", results}};
}

nlohmann::json run_ws_fanout(const GatewayTarget& target, const std::vector<int>& subscribers,
                             int rounds) {
  uv_loop_t* loop = target.daemon.loop;
  nlohmann::json results = nlohmann::json::array();
  for (int n : subscribers) {
    const auto count = static_cast<std::size_t>(n);
    // n subscribing players and one sender, in ten teams of one session.
    const int per_team = (n + 1 + 9) / 10;
    const std::string name = fresh_name("fanout");
    RunningGame game;
    {
      ClientPool setup(loop, target.daemon.socket_path);
      setup.connect(1);
      game = start_game(setup, name, 10, per_team);
    }
    const std::size_t sender_index = game.players.size() - 1;
    const auto passphrase = [&](std::size_t player) {
      // game_setup's names: NAME-TEAM-INDEX, passphrase NAME-TEAM-INDEX-pass.
      const auto team = player / static_cast<std::size_t>(per_team);
      const auto index = player % static_cast<std::size_t>(per_team);
      return name + "-" + std::to_string(team) + "-" + std::to_string(index) + "-pass";
    };
    const std::string token = admin_token(target.daemon);
    for (const bool as_players : {true, false}) {
      WsPool pool(loop, kHost, target.port);
      pool.connect(count + 1);  // the last one sends
      pool.hello_and_login(0, [&](std::size_t i) {
        if (i == count) return passphrase_login(passphrase(sender_index));
        return as_players ? passphrase_login(passphrase(i)) : token_login(token);
      });
      std::vector<int> got(count, -2);  // the round each subscriber last received (-1: warm-up)
      std::size_t received = 0;
      int round = -1;
      std::uint64_t sent_at = 0;
      std::uint64_t all_at = 0;
      bool answered = false;
      bool refused = false;
      Latencies per_round;
      Latencies per_delivery;
      bool measuring = false;
      for (std::size_t i = 0; i < count; ++i) {
        pool[i].on_message([&, i](std::string_view m) {
          if (!m.starts_with("{\"broadcast\"") ||
              m.find(R"("type":"location")") == std::string_view::npos || got[i] == round) {
            return;
          }
          got[i] = round;
          const std::uint64_t at = now_ns();
          if (measuring) per_delivery.add(at - sent_at);
          if (++received == count) all_at = at;
        });
      }
      std::uint64_t next_id = 1;
      pool[count].on_message([&](std::string_view m) {
        if (answer_id(m) != next_id) return;
        answered = true;
        refused = m.find(R"("type":"success")") == std::string_view::npos;
      });
      const PlayerId sender = game.players[sender_index];
      const pid_t daemon_pid = target.daemon.daemon_pid;
      double daemon_cpu = 0, own_cpu = 0;
      // One unmeasured round first (the first broadcast's allocations).
      for (int r = -1; r < rounds; ++r) {
        round = r;
        measuring = r >= 0;
        if (r == 0) {
          daemon_cpu = daemon_pid ? cpu_seconds(daemon_pid) : 0;
          own_cpu = cpu_seconds(::getpid());
        }
        received = 0;
        answered = false;
        ++next_id;
        // The sender walks north-east a metre a round: every location is
        // accepted and broadcast (as in the write workload).
        const double step = static_cast<double>(r + 2 + (as_players ? 0 : rounds + 1)) * 1e-5;
        char text[320];
        std::snprintf(text, sizeof text,
                      R"({"id":%llu,"command":{"type":"send_location","session":%lld,"player":%lld,)"
                      R"("location":{"latitude":%.7f,"longitude":%.7f,"accuracy":5,"heading":45,)"
                      R"("speed":10,"timestamp":%llu}}})",
                      static_cast<unsigned long long>(next_id),
                      static_cast<long long>(game.session), static_cast<long long>(sender),
                      47.37 + step, 8.54 + step, static_cast<unsigned long long>(wall_ms()));
        sent_at = now_ns();
        pool[count].send_text(text);
        try {
        run_loop_until(
            loop,
            [&] {
              if (!pool[count].open()) {
                throw std::runtime_error("the SendLocation sender was disconnected: " +
                                         pool[count].closed_reason());
              }
              return (answered && refused) || (answered && received == count);
            },
            30000);
        } catch (const std::exception& e) {
          throw std::runtime_error(std::string(e.what()) + " in round " + std::to_string(r) +
                                   ": answered " + std::to_string(answered) + ", " +
                                   std::to_string(received) + " of " + std::to_string(count) +
                                   " subscribers had the location");
        }
        if (refused) throw std::runtime_error("SendLocation refused over the gateway");
        if (measuring) per_round.add(all_at - sent_at);
      }
      for (std::size_t i = 0; i <= count; ++i) pool[i].on_message(nullptr);
      if (daemon_pid) daemon_cpu = cpu_seconds(daemon_pid) - daemon_cpu;
      own_cpu = cpu_seconds(::getpid()) - own_cpu;
      results.push_back({{"subscribers", n},
                         {"logged_in_as", as_players ? "players" : "admins"},
                         {"rounds", rounds},
                         {"p50_us", per_round.percentile_us(50)},
                         {"p99_us", per_round.percentile_us(99)},
                         {"max_us", per_round.percentile_us(100)},
                         {"delivery_p50_us", per_delivery.percentile_us(50)},
                         {"delivery_p99_us", per_delivery.percentile_us(99)},
                         {"daemon_cpu_us_per_round",
                          daemon_pid ? nlohmann::json(daemon_cpu * 1e6 / rounds) : nullptr},
                         {"bench_cpu_us_per_round", own_cpu * 1e6 / rounds}});
    }
  }
  return {{"workload", "ws-fanout"}, {"command", "send_location"}, {"results", results}};
}

nlohmann::json run_ws_idle(const GatewayTarget& target, int connections) {
  const pid_t pid = target.daemon.daemon_pid;
  if (pid == 0) {
    return {{"workload", "ws-idle"}, {"connections", connections}, {"bytes_per_connection", nullptr}};
  }
  uv_loop_t* loop = target.daemon.loop;
  const std::string token = admin_token(target.daemon);
  WsPool pool(loop, kHost, target.port);
  const auto settle = [&] {
    // A moment for the daemon to finish its side of the last messages.
    const std::uint64_t until = now_ns() + 200'000'000;
    run_loop_until(loop, [&] { return now_ns() > until; });
  };
  // One connection through every step first, so the gateway's first-use
  // allocations are not counted per idle connection.
  pool.connect(1);
  pool.hello_and_login(0, [&](std::size_t) { return token_login(token); });
  (void)pool.exchange(0, [](std::size_t) { return ping_text(2); });
  settle();
  const std::uint64_t before = resident_bytes(pid);
  pool.connect(static_cast<std::size_t>(connections));
  settle();
  const std::uint64_t upgraded = resident_bytes(pid);
  pool.hello_and_login(1, [&](std::size_t) { return token_login(token); });
  settle();
  const std::uint64_t after = resident_bytes(pid);
  // Then one larger message on each (60 KB, answered with a bad_message
  // error): what a connection keeps once it has received more than a
  // Ping, e.g. after a location burst or the start of a picture.
  const std::string large = R"({"id":2,"bench":")" + std::string(60'000, 'x') + "\"}";
  for (const std::string& a : pool.exchange(1, [&](std::size_t) { return large; })) {
    if (!a.empty() && a.find("bad_message") == std::string::npos) {
      throw std::runtime_error("a 60 KB message: " + a);
    }
  }
  settle();
  const std::uint64_t after_large = resident_bytes(pid);
  const auto per = [&](std::uint64_t from, std::uint64_t to) {
    return (static_cast<double>(to) - static_cast<double>(from)) / connections;
  };
  return {{"workload", "ws-idle"},
          {"connections", connections},
          {"rss_before_bytes", before},
          {"rss_upgraded_bytes", upgraded},
          {"rss_after_bytes", after},
          {"bytes_per_connection_upgraded", per(before, upgraded)},
          {"bytes_per_connection", per(before, after)},
          {"rss_after_60k_message_bytes", after_large},
          {"bytes_per_connection_after_60k_message", per(before, after_large)}};
}

nlohmann::json run_login_flood(const GatewayTarget& target, int logins, double seconds) {
  uv_loop_t* loop = target.daemon.loop;
  const pid_t pid = target.daemon.daemon_pid;
  const std::string token = admin_token(target.daemon);
  WsPool pinger(loop, kHost, target.port);
  pinger.connect(1);
  pinger.hello_and_login(0, [&](std::size_t) { return token_login(token); });

  // Quiet: the pinger alone, as in ws-ping.
  nlohmann::json quiet;
  {
    const double warm_up = std::min(0.5, seconds * 0.2);
    PingDriver driver(pinger, 1);
    const double before = pid ? cpu_seconds(pid) : 0;
    driver.measure_from = now_ns() + static_cast<std::uint64_t>(warm_up * 1e9);
    driver.measure_until = driver.measure_from + static_cast<std::uint64_t>(seconds * 1e9);
    driver.start();
    driver.finish(static_cast<std::uint64_t>((seconds + warm_up) * 1000) + 30000);
    quiet = driver.figures(seconds, pid ? cpu_seconds(pid) - before : 0, 0);
    quiet.erase("bench_cpu_us_per_request");
  }

  // Flood: `logins` attempts from 127.0.0.2, 16 connections at a time,
  // each one connection: upgrade, hello, a wrong passphrase, its answer,
  // close. They run on a second thread with a loop of its own, so that
  // the pinger's answers never wait behind the flood's callbacks in the
  // bench; the pinger measures from the first attempt to the last answer.
  std::uint64_t login_failed = 0;
  std::uint64_t too_many = 0;
  std::uint64_t other = 0;
  std::string flood_error;
  std::atomic<bool> flood_done{false};
  const auto run_flood = [&] {
    uv_loop_t flood_loop;
    uv_loop_init(&flood_loop);
    {
      constexpr std::size_t kWindow = 16;
      std::vector<std::unique_ptr<WsClient>> slots(kWindow);
      std::size_t started = 0;
      std::size_t finished = 0;
      std::optional<std::string> failure;
      std::function<void(std::size_t)> start_attempt = [&](std::size_t slot) {
        if (started >= static_cast<std::size_t>(logins)) return;
        const std::uint64_t attempt = started++;
        slots[slot] = std::make_unique<WsClient>(
            &flood_loop, kHost, target.port, "/v1", kFloodHost,
            [&, slot](std::optional<std::string> error) {
              if (error) {
                if (!failure) failure = *error;
                ++finished;
                return;
              }
              slots[slot]->send_text(R"({"hello":{"version":1,"client":"flood"}})");
            });
        slots[slot]->on_message([&, slot, attempt](std::string_view m) {
          if (m.starts_with("{\"welcome\"")) {
            slots[slot]->send_text(R"({"id":1,"login":{"passphrase":"not-a-passphrase-)" +
                                   std::to_string(attempt) + "\"}}");
            return;
          }
          if (m.find("\"login_failed\"") != std::string_view::npos) ++login_failed;
          else if (m.find("\"too_many_logins\"") != std::string_view::npos) ++too_many;
          else ++other;
          ++finished;
          // Deleting the client here is safe (its state lives until
          // libuv's close callback); the slot starts the next attempt.
          slots[slot].reset();
          start_attempt(slot);
        });
      };
      try {
        for (std::size_t slot = 0; slot < kWindow; ++slot) start_attempt(slot);
        run_loop_until(
            &flood_loop,
            [&] {
              if (failure) throw std::runtime_error("a flood connection failed: " + *failure);
              for (const auto& slot : slots) {
                if (slot && !slot->open() && !slot->closed_reason().empty()) {
                  throw std::runtime_error("a flood connection was closed: " +
                                           slot->closed_reason());
                }
              }
              return finished == static_cast<std::size_t>(logins);
            },
            120000);
      } catch (const std::exception& e) {
        flood_error = e.what();
      }
      slots.clear();
    }
    for (int i = 0; i < 4; ++i) uv_run(&flood_loop, UV_RUN_NOWAIT);
    uv_loop_close(&flood_loop);
    flood_done = true;
  };

  PingDriver driver(pinger, 1);
  const double cpu_before = pid ? cpu_seconds(pid) : 0;
  const std::uint64_t flood_start = now_ns();
  driver.measure_from = flood_start;
  driver.measure_until = ~std::uint64_t{0};
  driver.start();
  std::thread flooder(run_flood);
  try {
    run_loop_until(loop, [&] { return flood_done.load(); }, 150000);
  } catch (...) {
    flooder.join();
    throw;
  }
  const std::uint64_t flood_end = now_ns();
  flooder.join();
  if (!flood_error.empty()) throw std::runtime_error(flood_error);
  driver.measure_until = flood_end;
  driver.finish(30000);
  const double flood_seconds = static_cast<double>(flood_end - flood_start) / 1e9;
  nlohmann::json flood = driver.figures(flood_seconds, pid ? cpu_seconds(pid) - cpu_before : 0, 0);
  flood.erase("bench_cpu_us_per_request");
  flood["seconds"] = flood_seconds;
  flood["logins"] = logins;
  flood["login_failed"] = login_failed;
  flood["too_many_logins"] = too_many;
  flood["other_answers"] = other;
  const double quiet_p99 = quiet["p99_us"];
  const double flood_p99 = flood["p99_us"];
  return {{"workload", "login-flood"},
          {"quiet", quiet},
          {"flood", flood},
          {"p99_ratio_flood_to_quiet", quiet_p99 > 0 ? flood_p99 / quiet_p99 : 0.0},
          {"errors", quiet.value("errors", 0) + flood.value("errors", 0) + other}};
}

}  // namespace truinlag::bench
