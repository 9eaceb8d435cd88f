// The gateway (architecture.md layer 7): WebSocket + TLS for remote
// clients, on the server's own libuv loop (libwebsockets' libuv event
// library with our loop as its foreign loop), so no second thread ever
// touches the engine.
//
// The Gateway owns the WebSocket connections: their hello, login,
// authorization (principal.hpp), message limits and output. It never runs
// a command itself: authorised requests go to the Server through
// GatewayHooks::submit and join the same batch as the unix socket's, so
// they are committed before they are answered; the Server hands the
// answers and broadcasts back (answer(), broadcast()), and they are
// redacted per connection (redaction.hpp) and written as JSON (wire.hpp).
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/outcome.hpp"
#include "engine/state.hpp"
#include "gateway/principal.hpp"
#include "gateway/redaction.hpp"
#include "gateway/wire.hpp"
#include "store/journal.hpp"
#include "truinlag/server.hpp"

struct lws;
struct lws_context;

namespace truinlag::gateway {

struct GatewayHooks {
  std::function<const engine::State&()> state;
  std::function<Timestamp()> now;  // the engine's clock
  // The principal a login names, or nullopt (wrong passphrase or token).
  std::function<std::optional<Principal>(const LoginIn&)> login;
  // Runs an authorised request; its answer comes back through answer().
  std::function<void(std::uint64_t client, const Principal&, RequestIn)> submit;
  // The broadcast log, for resumes (store/journal.hpp).
  std::function<const store::Journal&()> journal;
};

class Gateway {
 public:
  // Listens at once; throws StartupError when it cannot.
  Gateway(uv_loop_t* loop, const GatewayOptions& options, std::size_t output_limit_bytes,
          GatewayHooks hooks);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // The answer to a request submitted for `client` (dropped if it left).
  void answer(std::uint64_t client, RequestId id, Result result);
  // A broadcast (committed), to every logged-in connection it reaches,
  // redacted.
  void broadcast(const store::LoggedBroadcast& broadcast);
  // Closes every connection (going away). Destroying the Gateway stops
  // listening; the loop must then run on until lws's handles have closed.
  void close_all();
  // Subscribe (an admin's): which session's broadcasts it wants.
  void subscribe(std::uint64_t client, std::optional<SessionId> session);

  std::uint16_t port() const { return port_; }
  std::size_t clients() const { return clients_.size(); }
  bool has_client(std::uint64_t id) const { return clients_.contains(id); }

  // For libwebsockets' callback (gateway.cpp), not for other callers.
  struct Client;
  int on_http(lws* wsi, const char* uri);
  Client* on_established(lws* wsi);
  void on_closed(Client& client);
  void on_receive(Client& client, const char* data, std::size_t len, bool binary, bool last);
  int on_writeable(Client& client);

 private:
  void on_message(Client& client, std::string_view text);
  void on_login(Client& client, const LoginIn& login);
  // The first request after login (or kHoldMs) ends the hold on live
  // broadcasts: a Resume replays from its seq, anything else from the
  // login's, up to `through`.
  void end_hold(Client& client, const Resume* resume, RequestId id, std::uint64_t through);
  bool wants(const Client& client, const store::LoggedBroadcast& broadcast, const View& view) const;
  std::string text_for(const store::LoggedBroadcast& broadcast, const View& view) const;
  // Sends one broadcast if it reaches the client, redacted for it.
  void deliver(Client& client, const store::LoggedBroadcast& broadcast, const View& view);
  void send(Client& client, std::string text);
  void send_error(Client& client, std::optional<RequestId> id, std::string_view kind,
                  std::string_view text);
  void close(Client& client, int status, std::string_view why);
  // Failed logins per peer address: kMaxFailures a minute, then refused
  // for a minute.
  bool login_blocked(const std::string& peer, std::uint64_t now_ms, std::uint64_t& wait_s);
  void login_failed(const std::string& peer, std::uint64_t now_ms);

  uv_loop_t* loop_;
  GatewayOptions options_;
  std::size_t output_limit_bytes_;
  GatewayHooks hooks_;
  lws_context* context_ = nullptr;
  // Ends the holds of clients that sent no request within kHoldMs
  // (gateway.cpp); heap-allocated, freed by its close callback.
  uv_timer_t* hold_timer_ = nullptr;
  void arm_hold_timer();
  void end_expired_holds();
  std::uint16_t port_ = 0;
  std::uint64_t next_client_ = 1;
  std::map<std::uint64_t, std::unique_ptr<Client>> clients_;
  struct Failures {
    std::uint64_t window_start = 0;
    int count = 0;
    std::uint64_t blocked_until = 0;
  };
  std::map<std::string, Failures> failures_;
};

}  // namespace truinlag::gateway
