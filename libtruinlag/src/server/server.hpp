// The runtime around the engine: one libuv loop, one thread.
//
// Per loop iteration: requests decoded during the poll phase are executed
// in arrival order and their outcomes collected in a batch; in the prepare
// phase (Redis's "before sleep") the batch is flushed: responses to their
// connections, broadcasts to every subscribed connection, then writes
// start. The persistence issue commits the batch's changes at the head of
// that same phase, before anything is queued, so nothing is acknowledged
// before it is durable. Admission and output limits of each client are in
// server_clients.cpp.
#pragma once

#include <uv.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "gateway/gateway.hpp"
#include "server/access.hpp"
#include "server/connection.hpp"
#include "server/engine_timers.hpp"
#include "server/picture_jobs.hpp"
#include "server/socket_guard.hpp"
#include "store/picture_store.hpp"
#include "store/store.hpp"
#include "truinlag/server.hpp"

namespace truinlag::server {

// Header and payload of one message, ready to queue.
std::string frame_of(const ServerMessage& message);

// A peer we are closing on gets this long to read its last frames (the
// Goodbye saying why); one that does not read them is closed anyway.
inline constexpr std::uint64_t kLastWordsGrace = 1000;  // ms

class Server {
 public:
  explicit Server(const ServerOptions& options);
  ~Server();

  // Not copyable or movable: libuv handles point into it.
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves until shut down; returns the process exit code.
  int run();

 private:
  // One executed request (or timer) waiting for the prepare phase.
  struct BatchEntry {
    Connection::Id connection = 0;  // 0: a timer; the gateway's client id if from_gateway
    // A gateway client's request: answered as JSON by the gateway, redacted.
    bool from_gateway = false;
    std::optional<Response> response;
    // Logged (store/journal.hpp), so committed with the batch; routed after.
    std::vector<store::LoggedBroadcast> broadcasts;
  };
  // Who sent a request: a unix connection, or a gateway client.
  struct Requester {
    Connection* connection = nullptr;  // null for a gateway client
    std::uint64_t gateway_client = 0;
    std::string principal;  // whose idempotency keys (store::StoredAnswer)
    Connection::Id id() const { return connection != nullptr ? connection->id() : gateway_client; }
    bool from_gateway() const { return connection == nullptr; }
  };

  void listen();
  void accept_connection();
  // Goodbye{kind, reason} to a connection that is not served at all (a
  // refused uid, one client too many), then closed.
  void turn_away(Connection& connection, GoodbyeKind kind, const std::string& reason);
  // Queues the last frames and closes once they are written, or after
  // kLastWordsGrace if the peer does not read them.
  void say_goodbye(Connection& connection, std::string_view last_frames);
  // Connections that count towards max_clients (not already closing).
  std::size_t active_clients() const;
  void on_message(Connection& connection, ClientMessage message);
  void on_hello(Connection& connection, const Hello& hello);
  void on_request(Connection& connection, Request request);
  // Runs a request of either transport (server_requests.cpp): a retry
  // with a known key gets its stored answer; a picture command goes to
  // the pool; the rest runs now, its answer and broadcasts in the batch.
  void execute_request(const Requester& who, Request request);
  // Queues the answer in the batch, storing it first if it has a key.
  void answer_in_batch(const Requester& who, RequestId id, const std::optional<std::string>& key,
                       Result result, std::vector<store::LoggedBroadcast> broadcasts = {});
  // Logs an outcome's broadcasts in the journal (seq, audience).
  std::vector<store::LoggedBroadcast> log_broadcasts(engine::Outcome& outcome);
  // Picture commands (server_pictures.cpp): true if `request` is one and
  // was taken (queued on the pool, or refused at once).
  bool start_picture_job(const Requester& who, Request& request);
  void finish_picture_job(PictureJob& job);
  static void on_picture_work(uv_work_t* work);
  static void on_picture_done(uv_work_t* work, int status);
  // Hands waiting picture jobs to the pool while fewer than
  // picture_workers_ run.
  void pump_picture_jobs();
  // Large frames (server_frames.cpp): decoded on the pool, then handled
  // like any message.
  void start_frame_decode(Connection& connection, protocol::OwnedPayload payload);
  // Logs an outcome's notes and mirrors its timer changes.
  void absorb(engine::Outcome& outcome);
  void on_engine_timer(const engine::TimerKey& key);
  void on_protocol_error(Connection& connection, const std::string& error,
                         std::optional<RequestId> request_id);
  void on_connection_closed(Connection& connection);
  // The prepare phase: flush the batch, enforce output limits, write.
  void flush_batch();
  void route_broadcast(const store::LoggedBroadcast& broadcast);
  // Resume on the unix socket: subscribes, then queues what was missed.
  Result resume(Connection& connection, const Resume& resume);
  void mark_dirty(Connection& connection);
  // Output limits: closes `connection` with Goodbye{output_overflow} if it
  // is over the hard limit, or over the soft one for too long; true if so.
  bool enforce_output_limits(Connection& connection);
  // A periodic check that runs only while some connection is over the soft
  // limit or has a close deadline, so a client that stopped reading is cut
  // off even when no new output comes for it.
  void arm_housekeeping();
  void housekeeping();
  // Executes a server-scoped command (Subscribe, Backup) for a connection.
  Result serve_locally(const Requester& who, const Command& command);
  // The gateway (server_gateway.cpp).
  void start_gateway();
  std::optional<gateway::Principal> gateway_login(const gateway::LoginIn& login) const;
  void on_gateway_request(std::uint64_t client, const gateway::Principal& principal,
                          gateway::RequestIn request);
  // A commit failed: the disk is behind memory. Stop at once, answering
  // nothing more.
  void fail_fatally(const std::string& why);
  void begin_shutdown();
  void on_shutdown_timeout();
  void maybe_finish();
  Timestamp now() const;

  static void on_new_connection(uv_stream_t* listener, int status);
  static void on_prepare(uv_prepare_t* handle);
  static void on_signal(uv_signal_t* handle, int signum);
  static void on_timeout(uv_timer_t* handle);
  static void on_housekeeping(uv_timer_t* handle);

  ServerOptions options_;
  SocketGuard guard_;
  store::Store store_;
  store::PictureStore pictures_;
  std::unique_ptr<gateway::Gateway> gateway_;  // null unless options.gateway.listen
  engine::Engine engine_;

  uv_loop_t loop_{};
  uv_pipe_t listener_{};
  uv_prepare_t prepare_{};
  uv_signal_t sigint_{};
  uv_signal_t sigterm_{};
  uv_timer_t shutdown_timer_{};
  uv_timer_t housekeeping_timer_{};
  bool housekeeping_running_ = false;
  EngineTimers timers_;
  AccessRules access_;

  std::map<Connection::Id, std::unique_ptr<Connection>> connections_;
  Connection::Id next_connection_id_ = 1;
  std::vector<BatchEntry> batch_;
  store::ChangeSet batch_changes_;     // what the batch changed, committed in one transaction
  std::vector<Connection::Id> dirty_;  // connections with output to write
  // Connections that broke the protocol: closed after the batch is queued,
  // with these final frames.
  std::vector<std::pair<Connection::Id, std::string>> doomed_;
  // The broadcast log and the stored answers (store/journal.hpp).
  store::Journal journal_;
  // Picture jobs in flight per connection (reading stops at
  // kPictureJobsPerConnection), and in all.
  std::map<Connection::Id, int> picture_jobs_;
  std::size_t picture_jobs_in_flight_ = 0;  // running or waiting
  std::deque<std::unique_ptr<PictureJob>> picture_waiting_;
  unsigned picture_running_ = 0;
  unsigned picture_workers_ = 1;
  // Connections whose read budget ran out this turn (resumed next turn).
  std::vector<Connection::Id> turn_spent_;

  bool shutdown_requested_ = false;  // set by command or signal
  bool shutting_down_ = false;       // begin_shutdown() ran
  bool listener_closed_ = false;
  bool finished_ = false;
  int exit_code_ = 0;
};

}  // namespace truinlag::server
