// truinlag-bench: measures a truinlagd the way redis-benchmark measures
// redis-server — one libuv loop, many connections, one request
// outstanding per connection — and prints one JSON object per workload.
//
// By default it starts its own daemon (a temporary socket and database)
// so a run always measures the same fresh state; --socket measures a
// running one instead.
#include <sys/resource.h>
#include <uv.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "daemon_process.hpp"
#include "gateway_workloads.hpp"
#include "workloads.hpp"

#ifndef TRUINLAG_BENCH_SOURCE_DIR
#define TRUINLAG_BENCH_SOURCE_DIR "bench"
#endif

namespace {

struct Settings {
  std::string daemon;  // the truinlagd to start; empty: found next to this program
  std::string socket;  // a running daemon to measure instead
  pid_t pid = 0;       // that daemon's pid, for the memory figure
  std::string sync = "full";
  std::vector<std::string> workloads{"read",    "write",     "fanout",  "idle",
                                     "upload",  "ws-ping",   "ws-fanout", "ws-idle",
                                     "login-flood"};
  double seconds = 5.0;
  std::vector<int> clients{1, 50};
  std::vector<int> subscribers{100, 1000};
  int rounds = 200;
  int idle_connections = 1000;
  int uploaders = 20;
  int rss_uploads = 200;
  // The gateway's (issue 17).
  int gateway_port = 0;  // of the --socket daemon's --listen
  std::string node = "node";
  std::string echo_script = std::string(TRUINLAG_BENCH_SOURCE_DIR) + "/ws_echo_server.mjs";
  std::vector<int> ws_subscribers{1000};
  int ws_rounds = 200;
  int ws_idle_connections = 1000;
  int flood_logins = 1000;
  bool smoke = false;
};

bool wanted(const Settings& s, const std::string& workload) {
  return std::find(s.workloads.begin(), s.workloads.end(), workload) != s.workloads.end();
}

bool wants_gateway(const Settings& s) {
  return wanted(s, "ws-ping") || wanted(s, "ws-fanout") || wanted(s, "ws-idle") ||
         wanted(s, "login-flood");
}

// Errors must fail the run: CI runs --smoke to prove every workload works.
int error_count(const nlohmann::json& report) {
  int errors = 0;
  if (report.contains("results")) {
    for (const auto& r : report["results"]) errors += r.value("errors", 0);
  }
  errors += report.value("errors", 0);
  return errors;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  CLI::App app{"truinlag-bench — throughput, latency, fan-out and memory of truinlagd"};
  app.add_option("--daemon", s.daemon, "truinlagd to start (default: the one of this build dir)");
  app.add_option("--socket", s.socket, "Measure the daemon already listening here instead");
  app.add_option("--pid", s.pid, "Pid of the --socket daemon (for the idle memory figure)");
  app.add_option("--sync", s.sync,
                 "--sync of the started daemon: full (fsync per commit) or normal")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  app.add_option("-w,--workload", s.workloads,
                 "read, write, fanout, idle, upload, ws-ping, ws-fanout, ws-idle, login-flood "
                 "(repeatable)")
      ->check(CLI::IsMember({"read", "write", "fanout", "idle", "upload", "ws-ping", "ws-fanout",
                             "ws-idle", "login-flood"}))
      ->capture_default_str();
  app.add_option("--seconds", s.seconds, "Measured seconds per read/write client count")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  app.add_option("-c,--clients", s.clients, "Client counts of read and write")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--subscribers", s.subscribers, "Subscriber counts of fanout")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--rounds", s.rounds, "Pings per subscriber count of fanout")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--uploaders", s.uploaders, "Uploading clients of upload")
      ->capture_default_str();
  app.add_option("--rss-uploads", s.rss_uploads, "Uploads whose memory cost upload measures")
      ->capture_default_str();
  app.add_option("--idle-connections", s.idle_connections, "Connections of idle")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--gateway-port", s.gateway_port,
                 "The --socket daemon's gateway port (its --listen 127.0.0.1:PORT)");
  app.add_option("--node", s.node,
                 "node, for ws-ping's Node `ws` echo server (empty: no Node comparison)")
      ->capture_default_str();
  app.add_option("--echo-script", s.echo_script, "The echo server ws-ping runs with node")
      ->capture_default_str();
  app.add_option("--ws-subscribers", s.ws_subscribers, "Subscriber counts of ws-fanout")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--ws-rounds", s.ws_rounds, "SendLocations per subscriber count of ws-fanout")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--ws-idle-connections", s.ws_idle_connections, "Connections of ws-idle")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--flood-logins", s.flood_logins, "Failed logins of login-flood")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_flag("--smoke", s.smoke,
               "A quick run of every workload (0.3 s each, 20 fan-out rounds): proves it works, "
               "measures nothing worth quoting");
  CLI11_PARSE(app, argc, argv);
  // A thousand connections need a thousand descriptors; a default soft
  // limit of 1024 leaves too little room, so take what the hard limit allows.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  if (s.smoke) {
    s.seconds = 0.3;
    s.rounds = 20;
    s.uploaders = 2;
    s.rss_uploads = 6;
    s.ws_subscribers = {20};
    s.ws_rounds = 10;
    s.ws_idle_connections = 50;
    s.flood_logins = 40;
  }

  try {
    namespace bench = truinlag::bench;
    std::unique_ptr<bench::DaemonProcess> daemon;
    bench::Target target;
    int gateway_port = s.gateway_port;
    int most = s.idle_connections;
    for (int n : s.subscribers) most = std::max(most, n + 1);
    for (int n : s.clients) most = std::max(most, n);
    // (Gateway connections do not count towards --max-clients, but the
    // daemon sizes its descriptor limit from it.)
    for (int n : s.ws_subscribers) most = std::max(most, n + 1);
    most = std::max(most, s.ws_idle_connections + 1);
    const std::string binary = s.daemon.empty() ? bench::find_daemon_binary() : s.daemon;
    // A daemon of ours on a temporary socket and database; with the
    // gateway on a free loopback port when a gateway workload runs.
    const auto start_daemon = [&](int port) {
      std::vector<std::string> args{"--sync",        s.sync, "--seed", "1",
                                    "--max-clients", std::to_string(most + 16)};
      if (port != 0) {
        args.push_back("--listen");
        args.push_back("127.0.0.1:" + std::to_string(port));
      }
      auto started = std::make_unique<bench::DaemonProcess>(binary, args);
      if (port != 0) bench::wait_for_port(port, 10000);
      return started;
    };
    if (s.socket.empty()) {
      if (wants_gateway(s)) gateway_port = bench::free_loopback_port();
      daemon = start_daemon(gateway_port);
      target.socket_path = daemon->socket_path();
      target.daemon_pid = daemon->pid();
    } else {
      target.socket_path = s.socket;
      target.daemon_pid = s.pid;
      if (wants_gateway(s) && gateway_port == 0) {
        throw std::runtime_error("the gateway workloads need --gateway-port with --socket");
      }
    }
    uv_loop_t loop;
    uv_loop_init(&loop);
    target.loop = &loop;
    bench::GatewayTarget gateway{target, gateway_port, s.node, s.echo_script};

    int errors = 0;
    const auto report = [&](const nlohmann::json& json) {
      errors += error_count(json);
      std::cout << json.dump() << std::endl;
    };
    // Idle first: the daemon's heap is then fresh, so the growth it
    // measures is the connections' and not reuse of memory freed by an
    // earlier workload.
    if (wanted(s, "idle")) report(truinlag::bench::run_idle(target, s.idle_connections));
    if (wanted(s, "ws-idle")) {
      if (daemon) {
        // A fresh daemon of its own: the unix idle connections freed
        // memory the WebSocket ones would reuse.
        const int port = bench::free_loopback_port();
        const auto fresh = start_daemon(port);
        bench::Target own{&loop, fresh->socket_path(), fresh->pid()};
        report(bench::run_ws_idle(bench::GatewayTarget{own, port, "", ""},
                                  s.ws_idle_connections));
      } else {
        report(bench::run_ws_idle(gateway, s.ws_idle_connections));
      }
    }
    if (wanted(s, "read")) report(truinlag::bench::run_read(target, s.clients, s.seconds));
    if (wanted(s, "write")) report(truinlag::bench::run_write(target, s.clients, s.seconds));
    if (wanted(s, "fanout")) report(truinlag::bench::run_fanout(target, s.subscribers, s.rounds));
    if (wanted(s, "upload")) {
      report(truinlag::bench::run_upload(target, s.uploaders, s.seconds, s.rss_uploads));
    }
    if (wanted(s, "ws-ping")) report(bench::run_ws_ping(gateway, s.clients, s.seconds));
    if (wanted(s, "ws-fanout")) {
      report(bench::run_ws_fanout(gateway, s.ws_subscribers, s.ws_rounds));
    }
    // Last: it leaves 127.0.0.2 refused for a minute (harmless to the
    // others, which come from 127.0.0.1, but not to a second run on a
    // --socket daemon within that minute).
    if (wanted(s, "login-flood")) {
      report(bench::run_login_flood(gateway, s.flood_logins, s.seconds));
    }
    uv_run(&loop, UV_RUN_NOWAIT);
    uv_loop_close(&loop);
    if (errors > 0) {
      std::cerr << "truinlag-bench: " << errors << " request(s) refused by the engine\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "truinlag-bench: " << e.what() << "\n";
    return 1;
  }
}
