// Slow and dead clients, the connection limit (issue 7, items 4 and 5),
// against the real daemon. Measured figures are printed with WARN.
#include <sys/resource.h>
#include <uv.h>

#include <catch2/catch.hpp>
#include <memory>
#include <regex>
#include <sstream>

#include "support/daemon_process.hpp"
#include "support/hostile.hpp"
#include "truinlag/loop_client.hpp"

using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;

namespace {

struct Daemon {
  TempDir dir;
  std::string socket = dir.file("l.sock");
  std::unique_ptr<DaemonProcess> process;
  explicit Daemon(std::vector<std::string> args = {}) {
    process = std::make_unique<DaemonProcess>(socket, dir.file("l.db"), args);
    REQUIRE(process->wait_ready());
  }
  // A clean exit, so LeakSanitizer (CI's sanitizer run) checks the daemon.
  void shut_down() {
    auto admin = Client::connect(socket);
    admin.sender().shutdown().get();
    CHECK(process->wait_exit(10s) == std::optional<int>(0));
  }
};

// Room for a thousand raw peers in this process.
void raise_fd_limit() {
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &files);
}

// "... for 1043 ms" in the daemon's soft-limit line.
long soft_limit_ms_in_log(const std::string& log) {
  std::smatch match;
  if (std::regex_search(log, match, std::regex("soft limit of [0-9]+ bytes for ([0-9]+) ms"))) {
    return std::stol(match[1]);
  }
  return -1;
}

// A subscriber that says Hello and then never reads; broadcasts of
// `payload` bytes every `every` until the daemon cuts it off. Returns what
// the subscriber finally reads (it starts reading once the log says so).
struct SlowSubscriberRun {
  double cut_after_ms = -1;  // from the first broadcast
  Peer::Ending ending;
  long rss_peak_delta_kib = 0;
  int broadcasts = 0;
};
SlowSubscriberRun run_slow_subscriber(Daemon& d, std::size_t payload,
                                      std::chrono::milliseconds every, std::chrono::seconds limit) {
  SlowSubscriberRun run;
  const long rss_before = d.process->rss_kib();
  Peer sleeper(d.socket);
  REQUIRE(sleeper.send(Hello{kProtocolVersion, "sleeper"}));
  auto pinger = Client::connect(d.socket);
  const std::string big(payload, 'x');
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < limit) {
    REQUIRE(std::holds_alternative<Success>(pinger.send(Ping{big}).get()));
    ++run.broadcasts;
    while (pinger.recv_for(0ms)) {
    }
    run.rss_peak_delta_kib = std::max(run.rss_peak_delta_kib, d.process->rss_kib() - rss_before);
    if (d.process->log().find("disconnecting it") != std::string::npos) {
      run.cut_after_ms = ms_since(start);
      break;
    }
    std::this_thread::sleep_for(every);
  }
  run.ending = sleeper.read_until_closed(5s);
  return run;
}

void check_goodbye_overflow(const Peer::Ending& ending) {
  CHECK(ending.closed);
  REQUIRE_FALSE(ending.frames.empty());
  const auto* goodbye = std::get_if<Goodbye>(&ending.frames.back());
  REQUIRE(goodbye != nullptr);
  CHECK(goodbye->kind == GoodbyeKind::OutputOverflow);
}

}  // namespace

TEST_CASE("a subscriber that stops reading is cut off by the soft limit (1 MiB for 1 s)") {
  Daemon d({"--output-soft-limit-mib", "1", "--output-soft-seconds", "1"});
  HealthyClient healthy(d.socket);
  // 16 KiB every 5 ms: ~3 MB/s, over 1 MiB quickly, far from 8 MiB in 1 s.
  const auto run = run_slow_subscriber(d, 16 * 1024, 5ms, 20s);
  REQUIRE(run.cut_after_ms > 0);
  const std::string log = d.process->log();
  CHECK_THAT(log, ::Catch::Contains("soft limit"));
  CHECK_THAT(log, !::Catch::Contains("hard limit"));
  const long over_ms = soft_limit_ms_in_log(log);
  CHECK(over_ms >= 1000);
  CHECK(over_ms < 1300);
  check_goodbye_overflow(run.ending);
  CHECK_RSS(run.rss_peak_delta_kib < 10 * 1024);
  healthy.stop();
  CHECK(healthy.failed() == 0);
  CHECK(healthy_request(d.socket));
  WARN("soft limit 1 MiB / 1 s: cut " << run.cut_after_ms << " ms after the first of "
                                      << run.broadcasts << " broadcasts, over the soft limit for "
                                      << over_ms << " ms; subscriber read "
                                      << run.ending.frames.size()
                                      << " frames ending in Goodbye{output_overflow}; daemon RSS "
                                         "peak +"
                                      << run.rss_peak_delta_kib << " KiB");
  d.shut_down();
}

TEST_CASE("the hard limit cuts a non-reader at once (2 MiB, soft limit 60 s)") {
  Daemon d(
      {"--output-limit-mib", "2", "--output-soft-limit-mib", "1", "--output-soft-seconds", "60"});
  const auto run = run_slow_subscriber(d, 256 * 1024, 1ms, 20s);
  REQUIRE(run.cut_after_ms > 0);
  CHECK(run.cut_after_ms < 5000);
  CHECK_THAT(d.process->log(), ::Catch::Contains("hard limit"));
  check_goodbye_overflow(run.ending);
  CHECK_RSS(run.rss_peak_delta_kib < 10 * 1024);
  CHECK(healthy_request(d.socket));
  WARN("hard limit 2 MiB: cut " << run.cut_after_ms << " ms after the first of " << run.broadcasts
                                << " broadcasts of 256 KiB; daemon RSS peak +"
                                << run.rss_peak_delta_kib << " KiB");
  d.shut_down();
}

TEST_CASE("with the default limits a non-reader is cut after 10 s over 2 MiB") {
  Daemon d;
  // 16 KiB every 40 ms: ~400 KB/s: over 2 MiB after ~6 s, still under
  // 8 MiB when the 10 s run out.
  const auto run = run_slow_subscriber(d, 16 * 1024, 40ms, 40s);
  REQUIRE(run.cut_after_ms > 0);
  const long over_ms = soft_limit_ms_in_log(d.process->log());
  CHECK(over_ms >= 10000);
  CHECK(over_ms < 10300);
  check_goodbye_overflow(run.ending);
  CHECK_RSS(run.rss_peak_delta_kib < 10 * 1024);
  WARN("defaults (2 MiB / 10 s, hard 8 MiB): cut " << run.cut_after_ms
                                                   << " ms after the first broadcast, over the "
                                                      "soft limit for "
                                                   << over_ms << " ms; daemon RSS peak +"
                                                   << run.rss_peak_delta_kib << " KiB");
  d.shut_down();
}

namespace {

// 100 clients on one uv loop, each asking GetState again as soon as it is
// answered; a broadcaster pings 4 KiB every 20 ms. Latencies are collected
// per phase.
class LatencyBench {
 public:
  explicit LatencyBench(const std::string& socket) {
    uv_loop_init(&loop_);
    ClientOptions options;
    options.client_name = "latency";
    for (int i = 0; i < 100; ++i) {
      clients_.push_back(std::make_unique<LoopClient>(&loop_, socket, options,
                                                      [this](std::optional<std::string> error) {
                                                        if (error) ++errors_;
                                                        ++connected_;
                                                      }));
    }
    broadcaster_ = std::make_unique<LoopClient>(
        &loop_, socket, options, [this](std::optional<std::string>) { ++connected_; });
    while (connected_ < 101) uv_run(&loop_, UV_RUN_ONCE);
    for (auto& client : clients_) ask(*client);
    uv_timer_init(&loop_, &ping_timer_);
    ping_timer_.data = this;
    uv_timer_start(
        &ping_timer_,
        [](uv_timer_t* t) {
          auto* self = static_cast<LatencyBench*>(t->data);
          self->broadcaster_->send(Ping{std::string(4096, 'p')}, [](std::optional<Result>) {});
        },
        20, 20);
    uv_timer_init(&loop_, &phase_timer_);
    phase_timer_.data = this;
  }
  ~LatencyBench() {
    stopping_ = true;
    uv_close(reinterpret_cast<uv_handle_t*>(&ping_timer_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&phase_timer_), nullptr);
    clients_.clear();
    broadcaster_.reset();
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_loop_close(&loop_);
  }

  // Runs the loop for 200 ms of warm-up (discarded) plus `length`; the
  // latencies of that phase in ms.
  std::vector<double> phase(std::chrono::milliseconds length) {
    samples_.clear();
    measuring_ = false;
    phase_length_ = static_cast<std::uint64_t>(length.count());
    uv_update_time(&loop_);
    uv_timer_start(&phase_timer_, &on_phase_timer, 200, 0);
    uv_run(&loop_, UV_RUN_DEFAULT);
    measuring_ = false;
    return samples_;
  }
  int errors() const { return errors_; }

 private:
  // First the warm-up ends, then the phase.
  static void on_phase_timer(uv_timer_t* timer) {
    auto* self = static_cast<LatencyBench*>(timer->data);
    if (self->measuring_) {
      uv_stop(timer->loop);
    } else {
      self->measuring_ = true;
      uv_timer_start(timer, &on_phase_timer, self->phase_length_, 0);
    }
  }
  void ask(LoopClient& client) {
    if (stopping_) return;
    const auto sent = SteadyClock::now();
    client.send(GetState{}, [this, &client, sent](std::optional<Result> result) {
      if (!result || !std::holds_alternative<GlobalState>(*result)) {
        if (!stopping_) ++errors_;
        return;
      }
      if (measuring_) samples_.push_back(ms_since(sent));
      ask(client);
    });
  }

  uv_loop_t loop_{};
  uv_timer_t ping_timer_{};
  uv_timer_t phase_timer_{};
  std::vector<std::unique_ptr<LoopClient>> clients_;
  std::unique_ptr<LoopClient> broadcaster_;
  std::vector<double> samples_;
  std::uint64_t phase_length_ = 0;
  bool measuring_ = false;
  bool stopping_ = false;
  int connected_ = 0;
  int errors_ = 0;
};

double median(std::vector<double> values) { return percentile(std::move(values), 50); }

}  // namespace

TEST_CASE("a slow subscriber does not slow down 100 other clients (p99 latency)") {
  Daemon d;
  LatencyBench bench(d.socket);
  std::vector<double> baseline_p99, slow_p99;
  std::ostringstream phases;
  std::size_t samples = 0;
  for (int round = 0; round < 3; ++round) {
    const auto base = bench.phase(3s);
    baseline_p99.push_back(percentile(base, 99));
    Peer slow(d.socket);
    REQUIRE(slow.send(Hello{kProtocolVersion, "slow subscriber"}));  // then never reads
    const auto with = bench.phase(3s);
    slow_p99.push_back(percentile(with, 99));
    samples += base.size() + with.size();
    phases << " [baseline p99 " << baseline_p99.back() << " ms (" << base.size()
           << " requests), with slow subscriber " << slow_p99.back() << " ms (" << with.size()
           << ")]";
  }
  const double base = median(baseline_p99);
  const double with = median(slow_p99);
  CHECK(bench.errors() == 0);
  CHECK(samples > 1000);
  WARN("p99 latency of 100 clients: baseline " << base << " ms, with a slow subscriber " << with
                                               << " ms (ratio " << with / base << ");"
                                               << phases.str());
  // The target is 10 %; on a shared 2-core machine p99 of a few ms jitters
  // more than that, so the check allows 10 % plus 1 ms of noise. When other
  // programs load the machine so much that the baseline's p99 is over
  // 20 ms, the figures measure the machine, not the daemon: reported only.
  if (base > 20.0) {
    WARN("baseline p99 over 20 ms: the machine is too busy for a latency comparison");
  } else {
    CHECK(with <= base * 1.10 + 1.0);
  }
  d.shut_down();
}

TEST_CASE("1,000 peers close while a 1 MiB broadcast is queued for each") {
  raise_fd_limit();
  Daemon d({"--max-clients", "1100"});
  const int fds_before = open_fds(d.process->pid());
  const long rss_before = d.process->rss_kib();
  std::vector<std::unique_ptr<Peer>> peers;
  for (int i = 0; i < 1000; ++i) {
    peers.push_back(std::make_unique<Peer>(d.socket));
    REQUIRE(peers.back()->send(Hello{kProtocolVersion, "peer"}));
  }
  for (auto& peer : peers) REQUIRE(peer->receive(5s));  // Welcome: all are served
  const long rss_connected = d.process->rss_kib();
  CHECK(open_fds(d.process->pid()) >= fds_before + 1000);
  auto pinger = Client::connect(d.socket);
  // Answered means queued for every peer (the answer goes out first).
  REQUIRE(std::holds_alternative<Success>(pinger.send(Ping{std::string(1 << 20, 'z')}).get()));
  const long rss_queued = d.process->rss_kib();
  const auto closing = SteadyClock::now();
  peers.clear();
  int fds = open_fds(d.process->pid());
  for (int i = 0; i < 1000 && fds > fds_before + 1; ++i) {  // + 1: the pinger
    std::this_thread::sleep_for(10ms);
    fds = open_fds(d.process->pid());
  }
  const double released_ms = ms_since(closing);
  CHECK(fds == fds_before + 1);
  CHECK(d.process->running());
  CHECK(std::holds_alternative<Success>(pinger.send(Ping{"after"}).get()));
  const long rss_after = d.process->rss_kib();
  CHECK_RSS(rss_queued - rss_connected < 10 * 1024);  // one shared copy, not 1,000
  CHECK_RSS(rss_after - rss_before < 20 * 1024);
  WARN("1,000 peers + 1 MiB broadcast: RSS +"
       << rss_connected - rss_before << " KiB connected, +" << rss_queued - rss_connected
       << " KiB with the broadcast queued, +" << rss_after - rss_before
       << " KiB after the closes; fds " << fds_before << " -> " << fds << " after " << released_ms
       << " ms");
  d.shut_down();
}

TEST_CASE("100,000 connect/disconnect cycles: descriptors back to the baseline") {
  Daemon d;
  const int fds_before = open_fds(d.process->pid());
  const long rss_before = d.process->rss_kib();
  const auto start = SteadyClock::now();
  constexpr int kCycles = 100000;
  constexpr int kBatch = 250;  // connected at once: fewer context switches on a busy machine
  int handshakes = 0;
  for (int i = 0; i < kCycles; i += kBatch) {
    std::vector<std::unique_ptr<Peer>> batch;
    for (int j = i; j < i + kBatch; ++j) {
      batch.push_back(std::make_unique<Peer>(d.socket));
      REQUIRE(batch.back()->connected());
      if (j % 100 == 0) {  // now and then a full handshake, then gone
        REQUIRE(batch.back()->send(Hello{kProtocolVersion, "cycle"}));
        handshakes += batch.back()->receive(5s).has_value();
      }
    }
  }
  const double cycles_ms = ms_since(start);
  int fds = open_fds(d.process->pid());
  for (int i = 0; i < 500 && fds > fds_before; ++i) {
    std::this_thread::sleep_for(10ms);
    fds = open_fds(d.process->pid());
  }
  const double total_ms = ms_since(start);
  CHECK(fds == fds_before);
  CHECK(handshakes == kCycles / 100);
  CHECK(total_ms < 60000);
  const long rss_delta = d.process->rss_kib() - rss_before;
  CHECK_RSS(rss_delta < 10 * 1024);
  CHECK(healthy_request(d.socket));
  WARN("100,000 connect/disconnect cycles: " << cycles_ms << " ms, descriptors back to "
                                             << fds_before << " after " << total_ms << " ms; RSS +"
                                             << rss_delta << " KiB");
  d.shut_down();
}

TEST_CASE("the connection limit: client N+1 gets Goodbye{too_many_clients}") {
  Daemon d({"--max-clients", "3"});
  std::vector<Client> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(Client::connect(d.socket));
  Peer extra(d.socket);
  REQUIRE(extra.send(Hello{kProtocolVersion, "one too many"}));
  const Peer::Ending ending = extra.read_until_closed(2s);
  CHECK(ending.closed);
  CHECK(ending.ms < 100);
  REQUIRE(ending.frames.size() == 1);
  const auto* goodbye = std::get_if<Goodbye>(&ending.frames[0]);
  REQUIRE(goodbye != nullptr);
  CHECK(goodbye->kind == GoodbyeKind::TooManyClients);
  CHECK_THAT(goodbye->reason, ::Catch::Contains("limit of 3 clients"));
  // The library reports it as a failed connect, with the reason.
  try {
    Client::connect(d.socket);
    FAIL("a fourth client was served");
  } catch (const ConnectError& e) {
    CHECK_THAT(e.what(),
               ::Catch::Contains("too_many_clients") && ::Catch::Contains("limit of 3 clients"));
  }
  // The three are unharmed; when one leaves, a new one gets in.
  for (auto& c : clients) CHECK(std::holds_alternative<GlobalState>(c.send(GetState{}).get()));
  clients.pop_back();
  bool admitted = false;
  for (int i = 0; i < 100 && !admitted; ++i) {
    try {
      auto next = Client::connect(d.socket);
      admitted = std::holds_alternative<GlobalState>(next.send(GetState{}).get());
    } catch (const ConnectError&) {
      std::this_thread::sleep_for(10ms);
    }
  }
  CHECK(admitted);
  WARN("connection limit 3: the 4th connection got Goodbye{too_many_clients, \""
       << goodbye->reason << "\"} and was closed after " << ending.ms << " ms");
  clients.clear();
  d.shut_down();
}
