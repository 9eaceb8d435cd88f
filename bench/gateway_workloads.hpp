// The gateway's measurements in truinlag-bench (issue 17): the daemon's
// WebSocket gateway over ws:// loopback, with bench/ws_client.hpp as the
// client. Each returns one JSON object, printed as one line.
#pragma once

#include <string>
#include <vector>

#include "workloads.hpp"

namespace truinlag::bench {

// Where the gateway is, and the Node peer of ws-ping.
struct GatewayTarget {
  Target daemon;          // its unix socket, for the set-up steps
  int port = 0;           // ws://127.0.0.1:port/v1
  std::string node;       // the node binary; empty: no Node comparison
  std::string echo_script;  // bench/ws_echo_server.mjs
};

// Closed-loop JSON Ping (hello, login with an admin token, then Pings,
// one outstanding per client) against the gateway and, in the same run,
// against the Node `ws` echo server, per client count.
nlohmann::json run_ws_ping(const GatewayTarget& target, const std::vector<int>& clients,
                           double seconds);

// `n` players of one session logged in over WebSocket, one more player
// sending SendLocation: the time from the send until each subscriber has
// the location broadcast, over `rounds` rounds per subscriber count.
nlohmann::json run_ws_fanout(const GatewayTarget& target, const std::vector<int>& subscribers,
                             int rounds);

// Daemon RSS growth for `connections` idle WebSocket connections, each
// logged in (admin token).
nlohmann::json run_ws_idle(const GatewayTarget& target, int connections);

// One client Pings for `seconds` on a quiet gateway, then again while
// `logins` failed logins arrive from 127.0.0.2 (each on a new connection:
// upgrade, hello, a wrong passphrase); its p99 in both.
nlohmann::json run_login_flood(const GatewayTarget& target, int logins, double seconds);

// A port on 127.0.0.1 that was free a moment ago (for --listen).
int free_loopback_port();
// Waits until something accepts TCP connections on 127.0.0.1:`port`.
void wait_for_port(int port, int timeout_ms);

}  // namespace truinlag::bench
