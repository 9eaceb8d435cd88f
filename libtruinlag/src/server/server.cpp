#include "server/server.hpp"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <random>

#include "engine/command_table.hpp"
#include "engine/input_rules.hpp"
#include "protocol/codec.hpp"
#include "protocol/frame.hpp"
#include "server/log.hpp"
#include "store/store_error.hpp"
#include "truinlag/version.hpp"

namespace truinlag::server {

std::string frame_of(const ServerMessage& message) {
  std::string frame;
  protocol::append_frame(frame, protocol::encode(message));
  return frame;
}

namespace {

std::uint64_t seed_of(const ServerOptions& options) {
  if (options.seed != 0) return options.seed;
  std::random_device device;
  return (std::uint64_t{device()} << 32) | device();
}

// Handles are closed with a no-op callback when their memory outlives the
// loop (they are members of Server).
void close_handle(void* handle) {
  auto* h = static_cast<uv_handle_t*>(handle);
  if (!uv_is_closing(h)) uv_close(h, nullptr);
}

}  // namespace

namespace {
const ServerOptions& checked(const ServerOptions& options) {
  if (options.max_frame_bytes < options.max_picture_bytes + (64u << 10)) {
    throw StartupError("the frame limit (" + std::to_string(options.max_frame_bytes) +
                       " bytes) must be at least the picture limit (" +
                       std::to_string(options.max_picture_bytes) +
                       " bytes) plus 64 KiB, or a maximal picture could never be uploaded");
  }
  return options;
}
}  // namespace

Server::Server(const ServerOptions& options)
    : options_(checked(options)),
      guard_(options.socket_path, options.private_socket_dir),
      store_(options.database_path,
             options.synchronous_full ? store::Sync::Full : store::Sync::Normal),
      pictures_(options.database_path,
                options.synchronous_full ? store::Sync::Full : store::Sync::Normal),
      engine_(store_.load(), seed_of(options), store_.secrets()),
      timers_(
          &loop_, [this] { return now(); },
          [this](const engine::TimerKey& key) { on_engine_timer(key); }) {
  uv_loop_init(&loop_);
  loop_.data = this;
  picture_workers_ = picture_workers_for(options_.picture_workers);
  for (uv_handle_t* h :
       {reinterpret_cast<uv_handle_t*>(&listener_), reinterpret_cast<uv_handle_t*>(&prepare_),
        reinterpret_cast<uv_handle_t*>(&sigint_), reinterpret_cast<uv_handle_t*>(&sigterm_),
        reinterpret_cast<uv_handle_t*>(&shutdown_timer_),
        reinterpret_cast<uv_handle_t*>(&housekeeping_timer_)}) {
    h->data = this;
  }
  uv_pipe_init(&loop_, &listener_, 0);
  listener_.data = this;
  uv_prepare_init(&loop_, &prepare_);
  prepare_.data = this;
  uv_signal_init(&loop_, &sigint_);
  sigint_.data = this;
  uv_signal_init(&loop_, &sigterm_);
  sigterm_.data = this;
  uv_timer_init(&loop_, &shutdown_timer_);
  shutdown_timer_.data = this;
  uv_timer_init(&loop_, &housekeeping_timer_);
  housekeeping_timer_.data = this;
  journal_ = store_.load_journal(store::JournalWindow{
      options_.resume_window_broadcasts,
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.resume_window_age).count()});
  // A window smaller than last time (or time passed while stopped) takes
  // effect at once, before anyone can resume.
  journal_.prepare_commit(now());
  if (journal_.has_pending()) {
    store_.commit({}, engine_.state(), &journal_);
    journal_.mark_committed();
  }
  access_.own_uid = ::geteuid();
  access_.allow_uids.assign(options.allowed_uids.begin(), options.allowed_uids.end());
  access_.allow_gids.assign(options.allowed_gids.begin(), options.allowed_gids.end());
}

Server::~Server() {
  // run() leaves no handle open after a clean shutdown; this covers a
  // start-up failure in listen() and a fatal stop.
  timers_.close_all();
  for (auto& [id, connection] : connections_) connection->close_now();
  gateway_.reset();
  for (void* h : {static_cast<void*>(&listener_), static_cast<void*>(&prepare_),
                  static_cast<void*>(&sigint_), static_cast<void*>(&sigterm_),
                  static_cast<void*>(&shutdown_timer_), static_cast<void*>(&housekeeping_timer_)}) {
    close_handle(h);
  }
  uv_run(&loop_, UV_RUN_DEFAULT);
  uv_loop_close(&loop_);
}

int Server::run() {
  listen();
  if (!options_.gateway.listen.empty()) {
    try {
      start_gateway();
    } catch (...) {
      guard_.remove_files();
      throw;
    }
  }
  uv_prepare_start(&prepare_, &on_prepare);
  uv_signal_start(&sigint_, &on_signal, SIGINT);
  uv_signal_start(&sigterm_, &on_signal, SIGTERM);
  timers_.restore(engine_.state().timers);
  log::info("database ", store_.path(), " (schema version ", store_.schema_version(), ", ",
            engine_.state().sessions.size(), " sessions, ", engine_.state().players.size(),
            " players, ", engine_.state().timers.size(), " timers)");
  std::string allowed = "uid " + std::to_string(access_.own_uid) + ", root";
  for (auto uid : access_.allow_uids) allowed += ", uid " + std::to_string(uid);
  for (auto gid : access_.allow_gids) allowed += ", gid " + std::to_string(gid);
  log::info("limits: ", options_.max_clients, " clients, output ", options_.output_limit_bytes,
            " bytes (hard), ", options_.output_soft_limit_bytes, " bytes for ",
            options_.output_soft_limit_time.count(), " ms (soft); accepting ", allowed);
  log::info("listening on ", options_.socket_path);
  if (options_.on_ready) options_.on_ready();
  uv_run(&loop_, UV_RUN_DEFAULT);
  return exit_code_;
}

void Server::listen() {
  // The socket must never be reachable by other users, not even between
  // bind() and chmod(): create it under a umask that leaves only the owner.
  const mode_t old_mask = ::umask(077);
  const int bound = uv_pipe_bind(&listener_, options_.socket_path.c_str());
  ::umask(old_mask);
  if (bound != 0) {
    throw StartupError("cannot bind " + options_.socket_path + ": " + uv_strerror(bound));
  }
  ::chmod(options_.socket_path.c_str(), 0600);
  const int listening =
      uv_listen(reinterpret_cast<uv_stream_t*>(&listener_), 511, &on_new_connection);
  if (listening != 0) {
    guard_.remove_files();
    throw StartupError("cannot listen on " + options_.socket_path + ": " + uv_strerror(listening));
  }
}

void Server::on_new_connection(uv_stream_t* listener, int status) {
  auto* self = static_cast<Server*>(listener->data);
  if (status != 0) {
    log::warn("accept failed: ", uv_strerror(status));
    return;
  }
  self->accept_connection();
}

void Server::on_message(Connection& connection, ClientMessage message) {
  if (auto* hello = std::get_if<Hello>(&message)) {
    on_hello(connection, *hello);
  } else {
    on_request(connection, std::move(std::get<Request>(message)));
  }
}

void Server::on_hello(Connection& connection, const Hello& hello) {
  if (connection.phase() != Connection::Phase::AwaitingHello) {
    on_protocol_error(connection, "a second Hello", std::nullopt);
    return;
  }
  if (hello.protocol_version != kProtocolVersion) {
    const std::string reason = "protocol version mismatch: client speaks " +
                               std::to_string(hello.protocol_version) + ", server speaks " +
                               std::to_string(kProtocolVersion);
    log::warn("connection ", connection.id(), " (", hello.client_name, ") refused: ", reason);
    say_goodbye(connection, frame_of(Goodbye{GoodbyeKind::Refused, reason}));
    return;
  }
  connection.set_client_name(hello.client_name);
  connection.set_ready();
  connection.queue_frame(frame_of(Welcome{kProtocolVersion, kServerVersion,
                                          options_.max_frame_bytes, journal_.epoch(),
                                          journal_.committed_seq()}));
  mark_dirty(connection);
  log::debug("connection ", connection.id(), " is ", hello.client_name);
}

void Server::on_request(Connection& connection, Request request) {
  if (connection.phase() != Connection::Phase::Ready) {
    on_protocol_error(connection, "a request before Hello", request.id);
    return;
  }
  execute_request(Requester{&connection, 0, "unix:" + std::to_string(connection.peer_uid())},
                  std::move(request));
}

void Server::absorb(engine::Outcome& outcome) {
  for (const std::string& note : outcome.notes) log::info(note);
  for (const std::string& warning : outcome.warnings) log::warn(warning);
  timers_.apply(outcome.timers);
}

void Server::on_engine_timer(const engine::TimerKey& key) {
  engine::Outcome outcome = engine_.fire(key, now());
  absorb(outcome);
  batch_changes_.add(outcome);
  // libuv may wake a millisecond before the engine's clock reaches the
  // deadline; a key the engine still holds is simply armed again.
  if (const auto still = engine_.state().timers.find(key); still != engine_.state().timers.end()) {
    timers_.apply({{key, still->second}});
  }
  // Like a request without a connection to answer: only its broadcast.
  batch_.push_back(BatchEntry{0, false, std::nullopt, log_broadcasts(outcome)});
}

Result Server::serve_locally(const Requester& who, const Command& command) {
  if (const auto* subscribe = std::get_if<Subscribe>(&command)) {
    // Subscriptions belong to connections, not to the game.
    if (who.connection != nullptr) {
      who.connection->subscribe(subscribe->session);
    } else if (gateway_) {
      gateway_->subscribe(who.gateway_client, subscribe->session);
    }
    return Success{};
  }
  if (const auto* resume_from = std::get_if<Resume>(&command)) {
    // The gateway answers its clients' Resume itself (it holds their
    // live broadcasts until then, gateway.hpp).
    if (who.connection == nullptr) return Failure{Internal{"resume is the gateway's"}};
    return resume(*who.connection, *resume_from);
  }
  if (const auto* backup = std::get_if<Backup>(&command)) {
    // Runs between two commits (this batch's changes are not written yet,
    // earlier ones are), so the copy is a consistent state. Every refusal
    // (store/backup.hpp) is a sentence that names the path.
    try {
      store_.backup(backup->path, backup->overwrite);
      // The pictures' file beside it (store/picture_store.hpp), after the
      // game database: a picture the copy refers to was committed before
      // the reference, so it is in this later copy too.
      pictures_.backup(backup->path, backup->overwrite);
      log::info("backup written to ", backup->path, " and ",
                store::PictureStore::path_for(backup->path));
      return Success{};
    } catch (const std::exception& e) {
      log::warn("backup refused: ", e.what());
      return Failure{BadData{e.what()}};
    }
  }
  return Failure{Internal{"not a server command"}};
}

void Server::fail_fatally(const std::string& why) {
  log::error(why, "; stopping without answering: the database on disk is the truth");
  exit_code_ = 2;
  finished_ = true;
  batch_.clear();
  doomed_.clear();
  for (auto& [id, connection] : connections_) connection->close_now();
  gateway_.reset();
  uv_stop(&loop_);
}

void Server::on_protocol_error(Connection& connection, const std::string& error,
                               std::optional<RequestId> request_id) {
  log::warn("connection ", connection.id(), ": protocol error: ", error);
  std::string last;
  if (request_id) last = frame_of(Response{*request_id, Failure{ProtocolError{error}}});
  last += frame_of(Goodbye{GoodbyeKind::ProtocolError, error});
  // Stop taking input at once; the close happens in the prepare phase, after
  // responses already owed to this client were queued.
  connection.pause_input(Connection::kStoppedForGood);
  doomed_.emplace_back(connection.id(), std::move(last));
}

void Server::on_connection_closed(Connection& connection) {
  log::debug("connection ", connection.id(), " closed");
  connections_.erase(connection.id());  // deletes the connection
  maybe_finish();
}

void Server::on_prepare(uv_prepare_t* handle) { static_cast<Server*>(handle->data)->flush_batch(); }

void Server::flush_batch() {
  // A new loop turn: connections that spent their read budget in the last
  // one read again (Connection::kReadBudgetPerTurn).
  Connection::begin_turn();
  for (Connection::Id id : std::exchange(turn_spent_, {})) {
    if (auto it = connections_.find(id); it != connections_.end()) {
      it->second->resume_input(Connection::kPausedForTurn);
    }
  }
  // Durable before acknowledged: the batch's changes are committed (one
  // transaction, one fsync for every request of this loop turn) before any
  // of its responses or broadcasts is queued.
  // The journal's new broadcasts and answers go in the same transaction.
  journal_.prepare_commit(now());
  if (!batch_changes_.empty() || journal_.has_pending()) {
    try {
      store_.commit(batch_changes_, engine_.state(), &journal_);
    } catch (const std::exception& e) {
      fail_fatally(std::string("commit failed: ") + e.what());
      return;
    }
    journal_.mark_committed();
    batch_changes_ = {};
  }
  for (BatchEntry& entry : batch_) {
    if (entry.from_gateway) {
      if (gateway_ && entry.response) {
        gateway_->answer(entry.connection, entry.response->id, std::move(entry.response->result));
      }
    } else if (auto it = connections_.find(entry.connection);
               entry.response && it != connections_.end()) {
      it->second->queue_answer(frame_of(*entry.response));
      mark_dirty(*it->second);
    }
    for (const store::LoggedBroadcast& broadcast : entry.broadcasts) route_broadcast(broadcast);
  }
  batch_.clear();

  for (auto& [id, last] : doomed_) {
    if (auto it = connections_.find(id); it != connections_.end()) say_goodbye(*it->second, last);
  }
  doomed_.clear();

  if (shutdown_requested_ && !shutting_down_) begin_shutdown();

  for (Connection::Id id : dirty_) {
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    Connection& connection = *it->second;
    if (enforce_output_limits(connection)) continue;
    connection.flush();
    if (connection.over_soft_limit_since()) arm_housekeeping();
  }
  dirty_.clear();
}

void Server::route_broadcast(const store::LoggedBroadcast& broadcast) {
  // Encoded once, shared by every connection's queue.
  const auto frame = std::make_shared<const std::string>(
      frame_of(Broadcast{broadcast.seq, broadcast.session, broadcast.event}));
  for (auto& [id, connection] : connections_) {
    if (connection->phase() != Connection::Phase::Ready) continue;
    if (!connection->wants(broadcast.session)) continue;
    connection->queue_shared(frame);
    mark_dirty(*connection);
  }
  if (gateway_) gateway_->broadcast(broadcast);
}

void Server::mark_dirty(Connection& connection) { dirty_.push_back(connection.id()); }

void Server::on_signal(uv_signal_t* handle, int signum) {
  auto* self = static_cast<Server*>(handle->data);
  log::info("received ", signum == SIGINT ? "SIGINT" : "SIGTERM", ", shutting down");
  // Handled in the prepare phase like a Shutdown command, so the batch of
  // this iteration is answered first.
  self->shutdown_requested_ = true;
}

void Server::begin_shutdown() {
  shutting_down_ = true;
  log::info("shutting down: ", connections_.size(), " connection(s) to close");
  uv_close(reinterpret_cast<uv_handle_t*>(&listener_), [](uv_handle_t* h) {
    auto* self = static_cast<Server*>(h->data);
    self->listener_closed_ = true;
    self->maybe_finish();
  });
  const std::string goodbye =
      frame_of(Goodbye{GoodbyeKind::ShuttingDown, "the engine is shutting down"});
  for (auto& [id, connection] : connections_) {
    if (connection->closing()) continue;
    if (connection->phase() == Connection::Phase::Ready) connection->queue_frame(goodbye);
    connection->close_after_flush();
  }
  if (gateway_) gateway_->close_all();
  uv_timer_start(&shutdown_timer_, &on_timeout,
                 static_cast<std::uint64_t>(options_.shutdown_timeout.count()), 0);
}

void Server::on_timeout(uv_timer_t* handle) {
  static_cast<Server*>(handle->data)->on_shutdown_timeout();
}

void Server::on_shutdown_timeout() {
  std::string hung;
  for (auto& [id, connection] : connections_) {
    if (!hung.empty()) hung += ", ";
    hung += "connection " + std::to_string(id) + " (" + connection->client_name() + ", " +
            std::to_string(connection->pending_output()) + " bytes unsent)";
  }
  log::error("shutdown did not finish within ", options_.shutdown_timeout.count(),
             " ms; still open: ", hung.empty() ? "nothing" : hung);
  exit_code_ = 1;
  for (auto& [id, connection] : connections_) connection->close_now();
  maybe_finish();
}

void Server::maybe_finish() {
  if (!shutting_down_ || finished_ || !listener_closed_ || !connections_.empty()) return;
  finished_ = true;
  timers_.close_all();
  // Stops listening; the loop runs on until lws's handles have closed.
  gateway_.reset();
  // (Persistence: the final state is already committed batch by batch.)
  guard_.remove_files();
  for (void* h :
       {static_cast<void*>(&prepare_), static_cast<void*>(&sigint_), static_cast<void*>(&sigterm_),
        static_cast<void*>(&shutdown_timer_), static_cast<void*>(&housekeeping_timer_)}) {
    close_handle(h);
  }
  log::info(exit_code_ == 0 ? "shut down cleanly" : "shut down after a timeout");
}

Timestamp Server::now() const {
  if (options_.clock) return options_.clock();
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace truinlag::server

namespace truinlag {

DatabaseCheck check_database(const std::string& path) {
  const store::CheckReport report = store::check_database(path);
  DatabaseCheck check{report.version, report.current, report.problems};
  for (std::string& problem : store::check_picture_file(path)) {
    check.problems.push_back(std::move(problem));
  }
  return check;
}

int run_server(const ServerOptions& options) {
  // A peer that vanishes mid-write must be an error code, not a signal
  // that kills the daemon.
  std::signal(SIGPIPE, SIG_IGN);
  // Likewise a file-size limit reached by the database must fail the
  // commit (and stop the daemon cleanly), not kill it with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  // Picture uploads allocate and free buffers of megabytes on several
  // threads. glibc's default raises its mmap threshold after each such
  // free, so later ones come from the heap and stay in the process after
  // they are freed; a fixed threshold returns every large buffer to the
  // system when it is freed (issue 16: RSS after 200 uploads).
  ::mallopt(M_MMAP_THRESHOLD, 512 * 1024);
  // libuv's pool (4 threads unless set) runs the picture workers, and
  // beside them the decoding of large frames and picture reads, which
  // must not wait behind a decoder. Read once, at the pool's first use.
  if (std::getenv("UV_THREADPOOL_SIZE") == nullptr) {
    const unsigned threads =
        std::min(server::picture_workers_for(options.picture_workers) + 2, 1024u);
    ::setenv("UV_THREADPOOL_SIZE", std::to_string(threads).c_str(), 0);
  }
  // Every client is a descriptor: make room for max_clients of them plus
  // the database, the listener and the loop's own (Redis does the same).
  rlimit files{};
  const rlim_t wanted = static_cast<rlim_t>(options.max_clients) + 64;
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < wanted) {
    files.rlim_cur = std::min(wanted, files.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur < wanted) {
      log::warn("only ", files.rlim_cur, " file descriptors allowed (ulimit -n); fewer than ",
                options.max_clients, " clients will fit");
    }
  }
  std::optional<server::Server> server;
  try {
    server.emplace(options);
  } catch (const store::StoreError& e) {
    // The store reports its own type; callers of run_server know only ours.
    throw StartupError(e.what());
  }
  return server->run();
}

}  // namespace truinlag
