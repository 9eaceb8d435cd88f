// The blocking client: futures for responses, a queue for broadcasts.
//
// A Client owns one connection and a private thread running a libuv loop
// (a LoopClient on it). `send()` may be called from any thread and returns
// a std::future that the loop thread fulfils when the response with the
// same request id arrives, in whatever order responses come. Broadcasts are
// queued for `recv()`; the queue holds at most
// `ClientOptions::max_queued_broadcasts`, and when a Receiver falls that far
// behind the oldest broadcast is dropped to make room: counted by
// `Receiver::dropped_broadcasts()`, while `Broadcast::seq` of the next one
// shows where the gap is. Connecting gives up after
// `ClientOptions::handshake_timeout` without a Welcome.
//
//   auto client = truinlag::Client::connect("/run/user/1000/truinlag.sock");
//   truinlag::Result r = client.send(truinlag::Ping{"hello"}).get();
//   std::optional<truinlag::Broadcast> b = client.recv();
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "truinlag/loop_client.hpp"
#include "truinlag/messages.hpp"

namespace truinlag {

// The connection is gone: set on every pending future when it drops, and
// thrown by send() after that.
class Disconnected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Client::connect could not reach the daemon or the handshake failed.
class ConnectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The engine refused a command (thrown by the typed helpers).
class EngineError : public std::runtime_error {
 public:
  explicit EngineError(Error error);
  const Error& error() const { return error_; }

 private:
  Error error_;
};

// The default socket path: $TRUINLAG_SOCKET, else
// $XDG_RUNTIME_DIR/truinlag.sock, else /tmp/truinlag-<uid>/truinlag.sock.
std::string default_socket_path();
// The last fallback's directory, /tmp/truinlag-<uid>: truinlagd creates it
// with mode 0700 and refuses to start unless it is private.
std::string fallback_socket_dir();

namespace client_detail {
struct Connection;  // the loop thread and its LoopClient, shared by both halves

// Runs once per command on the loop thread: with its result, or with
// nullopt and why the connection is gone.
using Completion = std::function<void(std::optional<Result> result, const std::string& reason)>;

// Throws what an answer other than the expected alternative means: the
// Failure's EngineError, or EngineError(ProtocolError) for any other
// alternative (the peers disagree on the protocol).
[[noreturn]] void throw_unexpected(const Result& result, std::string_view expected);
}  // namespace client_detail

// The sending half. Copyable: copies share the connection.
//
// Every helper returns at once; the future is fulfilled on the client's
// loop thread when the answer arrives. It throws Disconnected when the
// connection drops, and the typed helpers throw EngineError when the
// engine refuses (the error names why: `describe(e.error())`).
class Sender {
 public:
  // Sends a command; the future holds its result, whatever it is.
  std::future<Result> send(Command command);
  // The same with an idempotency key (1 to kMaxKeyBytes bytes, unique per
  // action): a retry with the same key, after a lost connection or a
  // restart of the daemon, gets the first answer and changes nothing.
  std::future<Result> send(Command command, std::string key);

  // Sends a command and expects the result alternative R
  // (`request<Zones>(GetZones{})`); any other answer throws as above.
  template <class R>
  std::future<R> request(Command command) {
    return request_as<R>(std::move(command), [](R answer) { return answer; });
  }

  // Sends a command and expects the answer its contract declares
  // (`call(AddSession{"OG"})` is a future<Created>); any other answer
  // throws as above.
  template <class C>
  std::future<typename C::Answer> call(C command) {
    static_assert(variant_index_v<C, Command> < std::variant_size_v<Command>);
    return request<typename C::Answer>(Command{std::move(command)});
  }

  // ---- Global commands ----
  std::future<void> ping(std::optional<std::string> payload = std::nullopt);
  std::future<GlobalState> get_state();
  std::future<void> shutdown();
  // Which session broadcasts arrive: one session, or all (the default).
  std::future<void> subscribe(SessionId session);
  std::future<void> subscribe_all();
  std::future<SessionId> add_session(std::string name, Mode mode = Mode::Traditional);
  std::future<void> remove_session(SessionId session);
  std::future<PlayerId> add_player(std::string name, std::string passphrase,
                                   std::optional<SessionId> session = std::nullopt,
                                   std::optional<std::string> nickname = std::nullopt,
                                   std::optional<std::uint64_t> discord_id = std::nullopt);
  std::future<void> set_player_session(PlayerId player, std::optional<SessionId> session);
  std::future<void> remove_player(PlayerId player);
  std::future<ChallengeSetId> add_challenge_set(std::string name);
  std::future<std::vector<ChallengeSet>> get_challenge_sets();
  // The challenge's id must be 0; the engine assigns one.
  std::future<ChallengeId> add_challenge(Challenge challenge);
  // Replaces the challenge with the same id.
  std::future<void> set_challenge(Challenge challenge);
  std::future<std::vector<Challenge>> get_challenges();
  std::future<ZoneId> add_zone(AddZone zone);
  std::future<void> add_minutes_to(ZoneId from, ZoneId to, std::int64_t minutes);
  std::future<std::vector<Zone>> get_zones();
  std::future<std::vector<PastGameSummary>> list_past_games(
      std::optional<PlayerId> player = std::nullopt);
  std::future<PastGame> get_past_game(PastGameId id);

  // ---- Per session ----
  std::future<SessionState> get_session_state(SessionId session);
  std::future<Config> get_config(SessionId session);
  std::future<void> set_config(SessionId session, ConfigPatch patch);
  std::future<TeamId> add_team(SessionId session, std::string name,
                               std::optional<Colour> colour = std::nullopt);
  std::future<void> assign_player_to_team(SessionId session, PlayerId player,
                                          std::optional<TeamId> team);
  std::future<void> start(SessionId session);
  std::future<void> stop(SessionId session);
  // Both answer the index of the new period of the catcher / the team;
  // `period_id` is the team's period id as the caller last saw it.
  std::future<std::uint64_t> catch_team(SessionId session, TeamId catcher, TeamId caught,
                                        std::uint64_t period_id);
  std::future<std::uint64_t> complete(SessionId session, TeamId team, std::uint64_t challenge_index,
                                      std::uint64_t period_id);
  std::future<void> send_location(SessionId session, PlayerId player, Location location);
  std::future<std::vector<Event>> get_events(SessionId session);
  std::future<std::vector<TeamTrack>> get_locations(SessionId session);
  // The team's track points not older than `seconds` (absent: all).
  std::future<std::vector<Location>> get_past_locations(
      SessionId session, TeamId team, std::optional<std::int64_t> seconds = std::nullopt);

  bool connected() const;

 private:
  friend class Client;
  explicit Sender(std::shared_ptr<client_detail::Connection> connection);

  // Hands the command to the loop thread; `done` runs with its answer.
  void submit(Command command, client_detail::Completion done,
              std::optional<std::string> key = std::nullopt);
  std::future<Result> send_keyed(Command command, std::optional<std::string> key);

  // Sends `command` and fulfils the future with convert(R) on the loop
  // thread; whatever convert throws reaches the future instead.
  template <class R, class Convert>
  auto request_as(Command command, Convert convert)
      -> std::future<std::invoke_result_t<Convert, R>> {
    using T = std::invoke_result_t<Convert, R>;
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> future = promise->get_future();
    submit(std::move(command), [promise, convert = std::move(convert)](std::optional<Result> result,
                                                                       const std::string& reason) {
      if (!result) {
        promise->set_exception(std::make_exception_ptr(Disconnected(reason)));
        return;
      }
      try {
        R* answer = std::get_if<R>(&*result);
        if (answer == nullptr) client_detail::throw_unexpected(*result, R::kName);
        if constexpr (std::is_void_v<T>) {
          convert(std::move(*answer));
          promise->set_value();
        } else {
          promise->set_value(convert(std::move(*answer)));
        }
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    });
    return future;
  }

  std::shared_ptr<client_detail::Connection> connection_;
};

// The receiving half. Movable, not copyable: broadcasts go to one queue.
class Receiver {
 public:
  Receiver(Receiver&&) noexcept;
  Receiver& operator=(Receiver&&) noexcept;
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  ~Receiver();

  // Blocks for the next broadcast; empty once the connection is gone and
  // every queued broadcast was taken.
  std::optional<Broadcast> recv();
  // Like recv(), but gives up after `timeout` (empty then, too).
  std::optional<Broadcast> recv_for(std::chrono::milliseconds timeout);
  // Broadcasts dropped so far because the queue was full (oldest first).
  std::uint64_t dropped_broadcasts() const;
  // With ClientOptions::reconnect: how many reconnections found the missed
  // broadcasts gone from the daemon's window (or of another epoch, a fresh
  // database); after each, read the state afresh.
  std::uint64_t resyncs() const;

 private:
  friend class Client;
  explicit Receiver(std::shared_ptr<client_detail::Connection> connection);
  std::shared_ptr<client_detail::Connection> connection_;
};

class Client {
 public:
  // Connects and completes the handshake before returning; throws
  // ConnectError with the reason otherwise.
  static Client connect(const std::string& socket_path = default_socket_path(),
                        ClientOptions options = {});

  // Movable, not copyable.
  Client(Client&&) noexcept = default;
  Client& operator=(Client&&) noexcept = default;

  std::future<Result> send(Command command) { return sender_.send(std::move(command)); }
  std::future<Result> send(Command command, std::string key) {
    return sender_.send(std::move(command), std::move(key));
  }
  std::optional<Broadcast> recv() { return receiver_.recv(); }
  std::optional<Broadcast> recv_for(std::chrono::milliseconds timeout) {
    return receiver_.recv_for(timeout);
  }
  std::uint64_t dropped_broadcasts() const { return receiver_.dropped_broadcasts(); }
  std::uint64_t resyncs() const { return receiver_.resyncs(); }
  Sender& sender() { return sender_; }

  // Splits into halves with independent lifetimes: the connection and its
  // thread live until both are gone. The Client is empty afterwards.
  std::pair<Sender, Receiver> split() &&;

 private:
  Client(Sender sender, Receiver receiver);
  Sender sender_;
  Receiver receiver_;
};

}  // namespace truinlag
