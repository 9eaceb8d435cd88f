// The four measurements of truinlag-bench. Each returns one JSON object,
// printed as one line.
#pragma once

#include <sys/types.h>
#include <uv.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace truinlag::bench {

// Where the daemon under test is.
struct Target {
  uv_loop_t* loop = nullptr;
  std::string socket_path;
  pid_t daemon_pid = 0;  // 0: unknown (memory is then not measured)
};

// Closed-loop GetConfig on one session: every client keeps exactly one
// request outstanding (like redis-benchmark without -P), for `seconds`
// per client count.
nlohmann::json run_read(const Target& target, const std::vector<int>& clients, double seconds);

// Closed-loop SendLocation in a running game: each one changes stored
// state and is answered only after its batch committed.
nlohmann::json run_write(const Target& target, const std::vector<int>& clients, double seconds);

// One client sends Ping; measured is the time until every subscriber has
// the Pinged broadcast, over `rounds` rounds per subscriber count.
nlohmann::json run_fanout(const Target& target, const std::vector<int>& subscribers, int rounds);

// `uploaders` clients upload 4000x3000 JPEGs as fast as they are taken
// for `seconds` while another client pings (its p99 is the figure); then
// the daemon's RSS before and after `rss_uploads` more uploads.
nlohmann::json run_upload(const Target& target, int uploaders, double seconds, int rss_uploads);

// Daemon RSS growth for `connections` idle, handshaken connections.
nlohmann::json run_idle(const Target& target, int connections);

}  // namespace truinlag::bench
