#include "request_driver.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "daemon_process.hpp"
#include "stats.hpp"

namespace truinlag::bench {

namespace {

struct Driver {
  Driver(ClientPool& pool, const CommandMaker& make) : pool(pool), make(make) {}
  ClientPool& pool;
  const CommandMaker& make;
  std::uint64_t measure_from = 0;  // requests sent before this are warm-up
  std::uint64_t measure_until = 0;
  std::size_t outstanding = 0;
  std::uint64_t errors = 0;
  std::uint64_t answered_total = 0;  // warm-up included, for CPU per request
  bool disconnected = false;
  Latencies latencies;

  void issue(std::size_t client) {
    const std::uint64_t sent = now_ns();
    ++outstanding;
    pool[client].send(make(client), [this, client, sent](std::optional<Result> result) {
      --outstanding;
      const std::uint64_t answered = now_ns();
      if (!result) {
        disconnected = true;
        return;
      }
      ++answered_total;
      if (std::holds_alternative<Failure>(*result)) ++errors;
      if (sent >= measure_from && answered <= measure_until) latencies.add(answered - sent);
      if (answered < measure_until) issue(client);
    });
  }
};

}  // namespace

nlohmann::json drive_requests(ClientPool& pool, std::size_t clients, double seconds,
                              const CommandMaker& make, pid_t daemon_pid) {
  // Warm-up lets the daemon's buffers and SQLite's page cache settle, and
  // all clients reach their steady rhythm before anything counts.
  const double warm_up = std::min(0.5, seconds * 0.2);
  Driver driver(pool, make);
  const double daemon_cpu_before = daemon_pid ? cpu_seconds(daemon_pid) : 0;
  const double own_cpu_before = cpu_seconds(::getpid());
  const std::uint64_t start = now_ns();
  driver.measure_from = start + static_cast<std::uint64_t>(warm_up * 1e9);
  driver.measure_until = driver.measure_from + static_cast<std::uint64_t>(seconds * 1e9);
  driver.latencies.reserve(static_cast<std::size_t>(seconds * 100000));
  for (std::size_t i = 0; i < clients; ++i) driver.issue(i);
  pool.run_until([&] { return driver.outstanding == 0; },
                 static_cast<std::uint64_t>((seconds + warm_up) * 1000) + 30000);
  if (driver.disconnected) throw std::runtime_error("a connection was lost during the run");

  const double measured = static_cast<double>(driver.latencies.count());
  const double answered = static_cast<double>(std::max<std::uint64_t>(driver.answered_total, 1));
  const double own_cpu_us = (cpu_seconds(::getpid()) - own_cpu_before) * 1e6 / answered;
  nlohmann::json daemon_cpu_us = nullptr;
  if (daemon_pid) daemon_cpu_us = (cpu_seconds(daemon_pid) - daemon_cpu_before) * 1e6 / answered;
  return {{"clients", clients},
          {"seconds", seconds},
          {"requests", driver.latencies.count()},
          {"errors", driver.errors},
          {"requests_per_second", measured / seconds},
          {"p50_us", driver.latencies.percentile_us(50)},
          {"p99_us", driver.latencies.percentile_us(99)},
          {"daemon_cpu_us_per_request", daemon_cpu_us},
          {"bench_cpu_us_per_request", own_cpu_us}};
}

}  // namespace truinlag::bench
