// Closed-loop request/response measurement over a ClientPool: each client
// sends its next request as soon as the previous one is answered.
#pragma once

#include <sys/types.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "client_pool.hpp"

namespace truinlag::bench {

// The command client `client` sends next.
using CommandMaker = std::function<Command(std::size_t client)>;

// Drives the first `clients` connections of `pool` for `seconds` after a
// short warm-up; returns {clients, seconds, requests, errors,
// requests_per_second, p50_us, p99_us}. `errors` counts refusals (Failure
// results), which a correct benchmark never provokes.
// With `daemon_pid` set, also reports the daemon's and this program's CPU
// time per request (over warm-up and measurement): unlike requests per
// second, that figure barely moves when other work shares the machine.
nlohmann::json drive_requests(ClientPool& pool, std::size_t clients, double seconds,
                              const CommandMaker& make, pid_t daemon_pid);

}  // namespace truinlag::bench
