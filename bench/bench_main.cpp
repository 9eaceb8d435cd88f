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
#include "workloads.hpp"

namespace {

struct Settings {
  std::string daemon;  // the truinlagd to start; empty: found next to this program
  std::string socket;  // a running daemon to measure instead
  pid_t pid = 0;       // that daemon's pid, for the memory figure
  std::string sync = "full";
  std::vector<std::string> workloads{"read", "write", "fanout", "idle", "upload"};
  double seconds = 5.0;
  std::vector<int> clients{1, 50};
  std::vector<int> subscribers{100, 1000};
  int rounds = 200;
  int idle_connections = 1000;
  int uploaders = 20;
  int rss_uploads = 200;
  bool smoke = false;
};

bool wanted(const Settings& s, const std::string& workload) {
  return std::find(s.workloads.begin(), s.workloads.end(), workload) != s.workloads.end();
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
  app.add_option("-w,--workload", s.workloads, "read, write, fanout, idle, upload (repeatable)")
      ->check(CLI::IsMember({"read", "write", "fanout", "idle", "upload"}))
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
  }

  try {
    std::unique_ptr<truinlag::bench::DaemonProcess> daemon;
    truinlag::bench::Target target;
    if (s.socket.empty()) {
      int most = s.idle_connections;
      for (int n : s.subscribers) most = std::max(most, n + 1);
      for (int n : s.clients) most = std::max(most, n);
      const std::string binary =
          s.daemon.empty() ? truinlag::bench::find_daemon_binary() : s.daemon;
      daemon = std::make_unique<truinlag::bench::DaemonProcess>(
          binary, std::vector<std::string>{"--sync", s.sync, "--seed", "1", "--max-clients",
                                           std::to_string(most + 16)});
      target.socket_path = daemon->socket_path();
      target.daemon_pid = daemon->pid();
    } else {
      target.socket_path = s.socket;
      target.daemon_pid = s.pid;
    }
    uv_loop_t loop;
    uv_loop_init(&loop);
    target.loop = &loop;

    int errors = 0;
    const auto report = [&](const nlohmann::json& json) {
      errors += error_count(json);
      std::cout << json.dump() << std::endl;
    };
    // Idle first: the daemon's heap is then fresh, so the growth it
    // measures is the connections' and not reuse of memory freed by an
    // earlier workload.
    if (wanted(s, "idle")) report(truinlag::bench::run_idle(target, s.idle_connections));
    if (wanted(s, "read")) report(truinlag::bench::run_read(target, s.clients, s.seconds));
    if (wanted(s, "write")) report(truinlag::bench::run_write(target, s.clients, s.seconds));
    if (wanted(s, "fanout")) report(truinlag::bench::run_fanout(target, s.subscribers, s.rounds));
    if (wanted(s, "upload")) {
      report(truinlag::bench::run_upload(target, s.uploaders, s.seconds, s.rss_uploads));
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
