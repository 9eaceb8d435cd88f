// The server's side of each client: admission (credentials, the
// connection limit), output limits, and closing with last words. The
// loop, the batch and shutdown are in server.cpp.
#include <algorithm>

#include "server/log.hpp"
#include "server/server.hpp"

namespace truinlag::server {

void Server::accept_connection() {
  const Connection::Id id = next_connection_id_++;
  Connection::Handlers handlers{
      [this](Connection& c, ClientMessage m) { on_message(c, std::move(m)); },
      [this](Connection& c, std::string e, std::optional<RequestId> r) {
        on_protocol_error(c, e, r);
      },
      [this](Connection& c) { on_connection_closed(c); },
      [this](Connection& c) { turn_spent_.push_back(c.id()); },
      [this](Connection& c, protocol::OwnedPayload p) { start_frame_decode(c, std::move(p)); }};
  const Connection::OutputLimits limits{options_.output_limit_bytes,
                                        options_.output_soft_limit_bytes};
  auto owned = std::make_unique<Connection>(id, &loop_, options_.max_frame_bytes, limits,
                                            std::move(handlers));
  Connection& connection = *owned;
  // Counted before this one joins the map.
  const std::size_t others = active_clients();
  connections_.emplace(id, std::move(owned));
  if (uv_accept(reinterpret_cast<uv_stream_t*>(&listener_), connection.stream()) != 0) {
    connection.close_now();
    return;
  }
  // Credentials first: a refused peer must not learn anything, not even
  // that the daemon is full.
  uv_os_fd_t fd = -1;
  const auto peer = uv_fileno(reinterpret_cast<uv_handle_t*>(connection.stream()), &fd) == 0
                        ? peer_credentials(fd)
                        : std::nullopt;
  if (!peer) {
    turn_away(connection, GoodbyeKind::Refused, "the daemon cannot tell who you are");
    return;
  }
  if (auto refusal = refusal_reason(*peer, access_)) {
    turn_away(connection, GoodbyeKind::Refused, *refusal);
    return;
  }
  if (others >= options_.max_clients) {
    turn_away(connection, GoodbyeKind::TooManyClients,
              "the daemon is at its limit of " + std::to_string(options_.max_clients) +
                  " clients (truinlagd --max-clients); try again later");
    return;
  }
  connection.set_peer_uid(static_cast<std::uint32_t>(peer->uid));
  connection.start_reading();
  log::debug("connection ", id, " accepted (uid ", peer->uid, ")");
}

void Server::turn_away(Connection& connection, GoodbyeKind kind, const std::string& reason) {
  log::warn("connection ", connection.id(), " turned away: ", reason);
  // Its input is never decoded; the Goodbye fits in the empty socket buffer.
  connection.queue_frame(frame_of(Goodbye{kind, reason}));
  connection.close_after_input(uv_now(&loop_) + kLastWordsGrace);
  arm_housekeeping();
}

void Server::say_goodbye(Connection& connection, std::string_view last_frames) {
  connection.queue_frame(last_frames);
  connection.close_after_flush(uv_now(&loop_) + kLastWordsGrace);
  if (connection.has_close_deadline()) arm_housekeeping();
}

std::size_t Server::active_clients() const {
  return static_cast<std::size_t>(
      std::count_if(connections_.begin(), connections_.end(),
                    [](const auto& entry) { return !entry.second->closing(); }));
}

bool Server::enforce_output_limits(Connection& connection) {
  if (connection.closing()) return false;
  std::string why;
  if (connection.over_hard_limit()) {
    why = "output queue over the limit of " + std::to_string(options_.output_limit_bytes) +
          " bytes (hard limit)";
  } else if (const auto since = connection.over_soft_limit_since();
             since && uv_now(&loop_) - *since >=
                          static_cast<std::uint64_t>(options_.output_soft_limit_time.count())) {
    why = "output queue over the soft limit of " +
          std::to_string(options_.output_soft_limit_bytes) + " bytes for " +
          std::to_string(uv_now(&loop_) - *since) + " ms";
  } else {
    return false;
  }
  log::warn("connection ", connection.id(), " (", connection.client_name(), ") has ",
            connection.pending_output(), " bytes unsent: ", why, "; disconnecting it");
  // The backlog is dropped (memory back at once); the Goodbye follows the
  // write in flight, for a client that reads again within the grace.
  connection.drop_unsent();
  say_goodbye(connection, frame_of(Goodbye{GoodbyeKind::OutputOverflow, why}));
  return true;
}

void Server::arm_housekeeping() {
  if (housekeeping_running_ || finished_) return;
  // A tenth of the soft limit's time (10 ms .. 100 ms): a cut comes at
  // most that late.
  const auto allowed = static_cast<std::uint64_t>(options_.output_soft_limit_time.count());
  const std::uint64_t tick = std::clamp<std::uint64_t>(allowed / 10, 10, 100);
  uv_timer_start(&housekeeping_timer_, &on_housekeeping, tick, tick);
  housekeeping_running_ = true;
}

void Server::on_housekeeping(uv_timer_t* handle) {
  static_cast<Server*>(handle->data)->housekeeping();
}

void Server::housekeeping() {
  const std::uint64_t now = uv_now(&loop_);
  bool needed = false;
  for (auto& [id, connection] : connections_) {
    if (connection->close_overdue(now) || enforce_output_limits(*connection)) continue;
    needed = needed || connection->has_close_deadline() ||
             (!connection->closing() && connection->over_soft_limit_since());
  }
  if (!needed) {
    uv_timer_stop(&housekeeping_timer_);
    housekeeping_running_ = false;
  }
}

}  // namespace truinlag::server
