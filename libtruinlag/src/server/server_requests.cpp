// One request's way through the Server, for both transports: idempotent
// retries (a known key answers from the journal), the picture pool, the
// server's own commands and the engine; and Resume on the unix socket.
#include "engine/command_table.hpp"
#include "engine/input_rules.hpp"
#include "gateway/redaction.hpp"
#include "server/log.hpp"
#include "server/server.hpp"

namespace truinlag::server {

namespace {
// Only requests that may change something are run at most once per key: a
// read is idempotent anyway, and storing its answer (a whole GetState) for
// a day would only cost.
bool keyed(const Request& request) {
  return request.key && engine::contract_of(request.command).changes_state;
}
}  // namespace

void Server::execute_request(const Requester& who, Request request) {
  if (request.key && (request.key->empty() || request.key->size() > kMaxKeyBytes)) {
    answer_in_batch(who, request.id, std::nullopt,
                    Failure{BadData{"an idempotency key must be 1 to " +
                                    std::to_string(kMaxKeyBytes) + " bytes"}});
    return;
  }
  if (keyed(request)) {
    if (const store::StoredAnswer* stored = journal_.answer(who.principal, *request.key, now())) {
      // Runs nothing: the same answer as the first time, after this
      // batch's commit like any other (the first one may be in it).
      log::debug("connection ", who.id(), ": retry of key ", request.key->size(),
                 " bytes, answered from the journal");
      batch_.push_back(BatchEntry{who.id(), who.from_gateway(), Response{request.id, stored->result}, {}});
      return;
    }
  }
  if (start_picture_job(who, request)) return;
  const std::optional<std::string> key = keyed(request) ? request.key : std::nullopt;
  if (engine::contract_of(request.command).scope == Scope::Server) {
    // The engine's input rules hold for the server's own commands too (a
    // backup path is text like any other).
    const auto problem = engine::input_problem(request.command);
    answer_in_batch(who, request.id, key,
                    problem ? Result{Failure{BadData{*problem}}} : serve_locally(who, request.command));
    return;
  }
  engine::Outcome outcome = engine_.execute(request.command, now());
  absorb(outcome);
  batch_changes_.add(outcome);
  if (outcome.shutdown_requested) {
    log::info("shutdown requested by ", who.from_gateway() ? "gateway connection " : "connection ",
              who.id(), who.connection != nullptr ? " (" + who.connection->client_name() + ")" : "");
    shutdown_requested_ = true;
  }
  std::vector<store::LoggedBroadcast> broadcasts = log_broadcasts(outcome);
  answer_in_batch(who, request.id, key, std::move(outcome.result), std::move(broadcasts));
}

void Server::answer_in_batch(const Requester& who, RequestId id,
                             const std::optional<std::string>& key, Result result,
                             std::vector<store::LoggedBroadcast> broadcasts) {
  // Stored in the same commit as the change it answers, so a retry after
  // a crash finds it exactly when the change survived.
  if (key) journal_.remember(store::StoredAnswer{who.principal, *key, now(), result});
  batch_.push_back(
      BatchEntry{who.id(), who.from_gateway(), Response{id, std::move(result)}, std::move(broadcasts)});
}

std::vector<store::LoggedBroadcast> Server::log_broadcasts(engine::Outcome& outcome) {
  std::vector<store::LoggedBroadcast> out;
  const Timestamp at = now();
  auto log = [&](engine::BroadcastOut& b) {
    if (std::holds_alternative<Pinged>(b.event)) {
      // A Ping's echo is no game state: not logged (a client pinging with
      // big payloads must not fill the window), seq 0, never replayed.
      out.push_back(store::LoggedBroadcast{0, at, b.session, std::nullopt, std::move(b.event)});
      return;
    }
    // Who may see it is decided now, with the state it was made in, and
    // kept: a replay shows what the live stream showed.
    store::Audience audience = gateway::audience_of(b.session, b.event, engine_.state(), at);
    out.push_back(journal_.append(at, b.session, std::move(audience), std::move(b.event)));
  };
  if (outcome.broadcast) log(*outcome.broadcast);
  for (engine::BroadcastOut& more : outcome.more_broadcasts) log(more);
  return out;
}

Result Server::resume(Connection& connection, const Resume& from) {
  // Atomic with the replay: no broadcast can fall between the two.
  connection.subscribe(from.session);
  if (!journal_.covers(from.epoch, from.after_seq)) {
    log::info("connection ", connection.id(), " asked to resume after ", from.after_seq,
              " of epoch ", from.epoch, ": not in the window, resync required");
    return Failure{ResyncRequired{journal_.epoch(), journal_.first_seq(), journal_.committed_seq()}};
  }
  // Only committed broadcasts are replayed; this batch's own come after
  // its commit, like everyone's, and after these in the output queue.
  std::size_t replayed = 0;
  journal_.replay(from.after_seq, [&](const store::LoggedBroadcast& entry) {
    if (!connection.wants(entry.session)) return;
    connection.queue_frame(frame_of(Broadcast{entry.seq, entry.session, entry.event}));
    ++replayed;
  });
  if (replayed > 0) mark_dirty(connection);
  log::debug("connection ", connection.id(), " resumed after ", from.after_seq, ": ", replayed,
             " broadcast(s) replayed");
  return Success{};
}

}  // namespace truinlag::server
