#include "gateway/gateway.hpp"

#include <libwebsockets.h>
#include <openssl/ssl.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <random>
#include <tuple>

#include "gateway/redaction.hpp"
#include "server/log.hpp"
#include "truinlag/version.hpp"

namespace truinlag::gateway {

struct Gateway::Client {
  std::uint64_t id = 0;
  lws* wsi = nullptr;
  std::string peer;             // address, for the login limit and the log
  std::string rx;               // the message being received (fragments)
  std::deque<std::string> out;  // LWS_PRE bytes of headroom, then the text
  std::size_t out_bytes = 0;
  bool hello = false;
  std::optional<Principal> principal;
  int bad_messages = 0;
  std::optional<SessionId> subscription;  // nullopt: every session it may see
  // From login to its first request, live broadcasts are held back (not
  // sent, not stored: the log has them) so that a Resume replays them in
  // order with the older ones; `live_from` is the last seq of the login.
  // A client that only listens sends no request: its hold ends kHoldMs
  // after the login anyway (at the next broadcast).
  bool holding = false;
  std::uint64_t live_from = 0;
  std::uint64_t login_ms = 0;
  bool closing = false;
  int close_status = LWS_CLOSE_STATUS_NORMAL;
  std::string close_why;
};

namespace {

// Malformed messages tolerated on one connection before it is closed: a
// client with a bug learns what is wrong; a fuzzer does not keep a slot.
constexpr int kMaxBadMessages = 5;
constexpr int kMaxLoginFailures = 10;
constexpr std::uint64_t kLoginWindowMs = 60'000;
// How long live broadcasts wait for a logged-in client's first request
// (a Resume comes one round trip after logged_in).
constexpr std::uint64_t kHoldMs = 2'000;

std::uint64_t now_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

struct Listen {
  std::string host;
  int port = 0;
};

Listen parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    throw StartupError("--listen " + text + ": expected HOST:PORT, e.g. 0.0.0.0:8443");
  }
  Listen l;
  l.host = text.substr(0, colon);
  if (l.host.size() >= 2 && l.host.front() == '[' && l.host.back() == ']') {
    l.host = l.host.substr(1, l.host.size() - 2);
  }
  try {
    std::size_t used = 0;
    l.port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || l.port < 0 || l.port > 65535)
      throw std::out_of_range("");
  } catch (const std::exception&) {
    throw StartupError("--listen " + text + ": the port must be a number from 0 to 65535");
  }
  if (l.host.empty()) throw StartupError("--listen " + text + ": the host is missing");
  return l;
}

void lws_log(int level, const char* line) {
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (level & LLL_ERR) {
    log::error("gateway: ", text);
  } else {
    log::warn("gateway: ", text);
  }
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
  auto* gateway = static_cast<Gateway*>(lws_context_user(lws_get_context(wsi)));
  auto** slot = static_cast<Gateway::Client**>(user);
  switch (reason) {
    case LWS_CALLBACK_HTTP:
      return gateway->on_http(wsi, static_cast<const char*>(in));
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
      // The WebSocket lives at /v1 only.
      char uri[64] = {0};
      if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) < 0) return 1;
      return std::strcmp(uri, "/v1") == 0 ? 0 : 1;
    }
    case LWS_CALLBACK_ESTABLISHED:
      *slot = gateway->on_established(wsi);
      return 0;
    case LWS_CALLBACK_RECEIVE:
      if (*slot == nullptr) return -1;
      gateway->on_receive(
          **slot, static_cast<const char*>(in), len, lws_frame_is_binary(wsi) != 0,
          lws_is_final_fragment(wsi) != 0 && lws_remaining_packet_payload(wsi) == 0);
      return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return *slot == nullptr ? -1 : gateway->on_writeable(**slot);
    case LWS_CALLBACK_CLOSED:
      if (*slot != nullptr) gateway->on_closed(**slot);
      *slot = nullptr;
      return 0;
    default:
      return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
}

const lws_protocols kProtocols[] = {
    // The first protocol serves plain HTTP too, and WebSocket clients that
    // name no subprotocol.
    {"truinlag-v1", &callback, sizeof(Gateway::Client*), 64 * 1024, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0}};

// WebSocket pings find dead peers: a ping after 20 s of silence, hang up
// after 30 s without any valid traffic.
const lws_retry_bo_t kIdlePolicy = [] {
  lws_retry_bo_t p{};
  p.secs_since_valid_ping = 20;
  p.secs_since_valid_hangup = 30;
  return p;
}();

}  // namespace

Gateway::Gateway(uv_loop_t* loop, const GatewayOptions& options, std::size_t output_limit_bytes,
                 GatewayHooks hooks)
    : loop_(loop),
      options_(options),
      output_limit_bytes_(output_limit_bytes),
      hooks_(std::move(hooks)) {
  Listen where = parse_listen(options_.listen);
  const bool tls = !options_.tls_cert.empty();
  if (tls != !options_.tls_key.empty()) {
    throw StartupError("--tls-cert and --tls-key go together: give both, or neither");
  }
  if (!tls && !is_loopback(where.host)) {
    log::warn("gateway: no --tls-cert, so plain ws:// on loopback only (127.0.0.1:", where.port,
              ") instead of ", where.host, ": put a TLS-terminating reverse proxy in front");
    where.host = "127.0.0.1";
  }
  lws_set_log_level(LLL_ERR | LLL_WARN, &lws_log);
  lws_context_creation_info info{};
  info.port = where.port;
  info.iface = where.host == "localhost" ? "127.0.0.1" : where.host.c_str();
  info.protocols = kProtocols;
  info.user = this;
  info.retry_and_idle_policy = &kIdlePolicy;
  info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_VALIDATE_UTF8 |
                 LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
  void* foreign[1] = {loop_};
  info.foreign_loops = foreign;
  info.timeout_secs = 10;  // for the HTTP and WebSocket handshakes
  if (tls) {
    info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.ssl_cert_filepath = options_.tls_cert.c_str();
    info.ssl_private_key_filepath = options_.tls_key.c_str();
    // TLS 1.2 or newer only.
    info.ssl_options_set = SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1;
  }
  context_ = lws_create_context(&info);
  if (context_ == nullptr) {
    throw StartupError("gateway: cannot listen on " + options_.listen +
                       (tls ? " (or the certificate or key cannot be used)" : ""));
  }
  if (lws_vhost* vhost = lws_get_vhost_by_name(context_, "default")) {
    port_ = static_cast<std::uint16_t>(lws_get_vhost_listen_port(vhost));
  }
  log::info("gateway listening on ", where.host, ":", port_, tls ? " (wss://" : " (ws://",
            where.host, ":", port_, "/v1, /healthz)");
}

Gateway::~Gateway() {
  if (hold_timer_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(hold_timer_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
  }
  if (context_ != nullptr) lws_context_destroy(context_);
}

void Gateway::close_all() {
  // The closing frames go out on the next loop turns; the destructor then
  // closes whatever is left, and lws's handles.
  for (auto& [id, client] : clients_) close(*client, LWS_CLOSE_STATUS_GOINGAWAY, "shutting down");
}

int Gateway::on_http(lws* wsi, const char* uri) {
  unsigned char buffer[LWS_PRE + 512];
  unsigned char* start = buffer + LWS_PRE;
  unsigned char* p = start;
  unsigned char* end = buffer + sizeof buffer;
  const bool health = std::strcmp(uri, "/healthz") == 0;
  const std::string body = health ? "ok\n" : "not found\n";
  if (lws_add_http_common_headers(wsi, health ? HTTP_STATUS_OK : HTTP_STATUS_NOT_FOUND,
                                  "text/plain", body.size(), &p, end) != 0 ||
      lws_finalize_write_http_header(wsi, start, &p, end) != 0) {
    return 1;
  }
  std::string out(LWS_PRE, '\0');
  out += body;
  if (lws_write(wsi, reinterpret_cast<unsigned char*>(out.data()) + LWS_PRE, body.size(),
                LWS_WRITE_HTTP_FINAL) < 0) {
    return 1;
  }
  return lws_http_transaction_completed(wsi) != 0 ? -1 : 0;
}

Gateway::Client* Gateway::on_established(lws* wsi) {
  auto client = std::make_unique<Client>();
  client->id = next_client_++;
  client->wsi = wsi;
  char peer[128] = {0};
  if (lws_get_peer_simple(wsi, peer, sizeof peer) != nullptr) client->peer = peer;
  Client* raw = client.get();
  clients_.emplace(raw->id, std::move(client));
  log::debug("gateway connection ", raw->id, " from ", raw->peer);
  return raw;
}

void Gateway::on_closed(Client& client) {
  log::debug("gateway connection ", client.id, " closed");
  clients_.erase(client.id);
}

void Gateway::on_receive(Client& client, const char* data, std::size_t len, bool binary,
                         bool last) {
  if (client.closing) return;
  if (binary) {
    send_error(client, std::nullopt, kBadMessage,
               "binary frames are not spoken here: send JSON text");
    client.rx.clear();
    if (++client.bad_messages >= kMaxBadMessages)
      close(client, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many bad messages");
    return;
  }
  // Before login a connection may send little; after it, enough for a
  // picture in base64.
  const std::size_t limit =
      client.principal ? options_.max_logged_in_message_bytes : options_.max_message_bytes;
  if (client.rx.size() + len > limit) {
    close(client, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
          "a message over " + std::to_string(limit) + " bytes");
    return;
  }
  client.rx.append(data, len);
  if (!last) return;
  std::string text = std::move(client.rx);
  client.rx.clear();
  on_message(client, text);
}

void Gateway::on_message(Client& client, std::string_view text) {
  auto parsed = parse_client(text);
  if (auto* failure = std::get_if<ParseFailure>(&parsed)) {
    send_error(client, failure->id, kBadMessage, failure->text);
    if (++client.bad_messages >= kMaxBadMessages) {
      close(client, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many bad messages");
    }
    return;
  }
  ClientIn& in = std::get<ClientIn>(parsed);
  if (auto* hello = std::get_if<HelloIn>(&in)) {
    if (client.hello) {
      send_error(client, std::nullopt, kBadMessage, "a second hello");
      return;
    }
    if (hello->version != kGatewayVersion) {
      send_error(client, std::nullopt, kBadMessage,
                 "gateway version mismatch: client speaks " + std::to_string(hello->version) +
                     ", gateway speaks " + std::to_string(kGatewayVersion));
      close(client, LWS_CLOSE_STATUS_POLICY_VIOLATION, "version mismatch");
      return;
    }
    client.hello = true;
    send(client, welcome_text(kServerVersion, options_.max_message_bytes));
    return;
  }
  if (!client.hello) {
    send_error(client, std::nullopt, kBadMessage, "send a hello first");
    close(client, LWS_CLOSE_STATUS_POLICY_VIOLATION, "no hello");
    return;
  }
  if (auto* login = std::get_if<LoginIn>(&in)) {
    on_login(client, *login);
    return;
  }
  auto& request = std::get<RequestIn>(in);
  if (!client.principal) {
    send_error(client, request.id, kNotLoggedIn, "log in first");
    return;
  }
  if (auto forbidden = authorize(*client.principal, request.command, hooks_.state())) {
    if (client.holding) end_hold(client, nullptr, request.id, hooks_.journal().committed_seq());
    send(client, result_text(request.id, Failure{*forbidden}));
    return;
  }
  if (const auto* resume = std::get_if<Resume>(&request.command)) {
    if (!client.holding) {
      send(client, result_text(request.id, Failure{BadData{
                                   "resume must be the first request after login (and come "
                                   "within 2 s of it)"}}));
      return;
    }
    end_hold(client, resume, request.id, hooks_.journal().committed_seq());
    return;
  }
  if (client.holding) end_hold(client, nullptr, request.id, hooks_.journal().committed_seq());
  hooks_.submit(client.id, *client.principal, std::move(request));
}

void Gateway::on_login(Client& client, const LoginIn& login) {
  if (client.principal) {
    send_error(client, login.id, kBadMessage, "already logged in");
    return;
  }
  const std::uint64_t now = now_ms();
  std::uint64_t wait_s = 0;
  if (login_blocked(client.peer, now, wait_s)) {
    send_error(
        client, login.id, kTooManyLogins,
        "too many failed logins from this address: try again in " + std::to_string(wait_s) + " s");
    return;
  }
  std::optional<Principal> principal = hooks_.login(login);
  if (!principal) {
    login_failed(client.peer, now);
    // The secret is never logged, only that it was wrong.
    log::warn("gateway connection ", client.id, " from ", client.peer, ": failed login (",
              login.token ? "token" : "passphrase", ")");
    send_error(client, login.id, kLoginFailed,
               login.token ? "unknown or revoked token" : "no player has this passphrase");
    return;
  }
  client.principal = principal;
  const engine::State& state = hooks_.state();
  std::optional<SessionId> session = principal->session;
  std::optional<TeamId> team;
  if (principal->role == Role::Player) {
    const Membership m = membership_of(state, principal->player);
    session = m.session;
    team = m.team;
  }
  log::info("gateway connection ", client.id, " from ", client.peer, " logged in as ",
            role_name(principal->role),
            principal->role == Role::Player ? " player " + std::to_string(principal->player)
                                            : std::string());
  const store::Journal& journal = hooks_.journal();
  client.holding = true;
  client.live_from = journal.committed_seq();
  client.login_ms = now;
  arm_hold_timer();
  send(client, logged_in_text(login.id, *principal, session, team, journal.epoch(),
                              client.live_from));
}

void Gateway::arm_hold_timer() {
  if (hold_timer_ == nullptr) {
    hold_timer_ = new uv_timer_t{};
    uv_timer_init(loop_, hold_timer_);
    hold_timer_->data = this;
  }
  if (uv_is_active(reinterpret_cast<uv_handle_t*>(hold_timer_))) return;
  uv_timer_start(
      hold_timer_, [](uv_timer_t* t) { static_cast<Gateway*>(t->data)->end_expired_holds(); },
      kHoldMs / 4, kHoldMs / 4);
}

void Gateway::end_expired_holds() {
  // Between loop turns' batches: everything committed was routed, so the
  // replay up to the committed seq is exactly what the client missed.
  bool holding = false;
  const std::uint64_t now = now_ms();
  for (auto& [id, client] : clients_) {
    if (!client->holding || client->closing) continue;
    if (now - client->login_ms >= kHoldMs) {
      end_hold(*client, nullptr, 0, hooks_.journal().committed_seq());
    } else {
      holding = true;
    }
  }
  if (!holding) uv_timer_stop(hold_timer_);
}

void Gateway::end_hold(Client& client, const Resume* resume, RequestId id, std::uint64_t through) {
  client.holding = false;
  const store::Journal& journal = hooks_.journal();
  auto replay_after = [&](std::uint64_t after, const View& v) {
    journal.replay(after, [&](const store::LoggedBroadcast& entry) {
      if (entry.seq <= through) deliver(client, entry, v);
    });
  };
  const View view = view_of(*client.principal, hooks_.state());
  if (resume != nullptr) {
    client.subscription = resume->session;
    if (!journal.covers(resume->epoch, resume->after_seq)) {
      // Nothing replayed; live from the login on, so a client that reads
      // the state afresh misses nothing after it.
      replay_after(client.live_from, view);
      send(client, result_text(id, Failure{ResyncRequired{journal.epoch(), journal.first_seq(),
                                                          journal.committed_seq()}}));
      return;
    }
    replay_after(resume->after_seq, view);
    send(client, result_text(id, Success{}));
    return;
  }
  if (!journal.covers(journal.epoch(), client.live_from)) {
    // Silent for longer than the log's window since the login: the held
    // broadcasts are gone. Said once; the client reads the state afresh.
    send_error(client, std::nullopt, kResyncRequired,
               "the broadcasts since your login are no longer kept: read the state afresh");
    return;
  }
  replay_after(client.live_from, view);
}

bool Gateway::login_blocked(const std::string& peer, std::uint64_t now, std::uint64_t& wait_s) {
  const auto it = failures_.find(peer);
  if (it == failures_.end() || it->second.blocked_until <= now) return false;
  wait_s = (it->second.blocked_until - now + 999) / 1000;
  return true;
}

void Gateway::login_failed(const std::string& peer, std::uint64_t now) {
  // Bounded: an attacker with many addresses cannot grow the map forever.
  if (failures_.size() > 10'000) {
    std::erase_if(failures_, [&](const auto& entry) {
      return entry.second.blocked_until <= now && entry.second.window_start + kLoginWindowMs <= now;
    });
  }
  Failures& f = failures_[peer];
  if (f.window_start + kLoginWindowMs <= now) {
    f.window_start = now;
    f.count = 0;
  }
  if (++f.count >= kMaxLoginFailures) {
    f.blocked_until = now + kLoginWindowMs;
    f.count = 0;
    f.window_start = now;
    log::warn("gateway: ", kMaxLoginFailures, " failed logins from ", peer,
              " within a minute: its logins are refused for a minute");
  }
}

void Gateway::answer(std::uint64_t id, RequestId request, Result result) {
  const auto it = clients_.find(id);
  if (it == clients_.end() || it->second->closing || !it->second->principal) return;
  Client& client = *it->second;
  redact(result, view_of(*client.principal, hooks_.state()));
  send(client, result_text(request, result));
}

void Gateway::subscribe(std::uint64_t id, std::optional<SessionId> session) {
  if (auto it = clients_.find(id); it != clients_.end()) it->second->subscription = session;
}

void Gateway::broadcast(const store::LoggedBroadcast& broadcast) {
  const engine::State& state = hooks_.state();
  // What a view may see depends on its role, session and team only (and
  // for a player without a team, on the player: its own phone): the
  // redacted JSON is made once per such class, not once per connection.
  std::map<std::tuple<Role, std::optional<SessionId>, std::optional<TeamId>, PlayerId>, std::string>
      texts;
  for (auto& [id, client] : clients_) {
    if (client->closing || !client->principal) continue;
    if (client->holding) {
      if (now_ms() - client->login_ms < kHoldMs) continue;  // the log has it
      end_hold(*client, nullptr, 0, broadcast.seq - 1);
    }
    const View view = view_of(*client->principal, state);
    if (!wants(*client, broadcast, view)) continue;
    const PlayerId alone =
        view.role == Role::Player && !view.team ? client->principal->player : PlayerId{0};
    auto [it, fresh] = texts.try_emplace({view.role, view.session, view.team, alone});
    if (fresh) it->second = text_for(broadcast, view);
    send(*client, it->second);
  }
}

bool Gateway::wants(const Client& client, const store::LoggedBroadcast& broadcast,
                    const View& view) const {
  if (!reaches(view, broadcast.session)) return false;
  if (client.subscription && broadcast.session && *broadcast.session != *client.subscription) {
    return false;
  }
  return may_receive(view, broadcast.audience);
}

std::string Gateway::text_for(const store::LoggedBroadcast& broadcast, const View& view) const {
  BroadcastEvent event = broadcast.event;
  redact(event, view);
  return broadcast_text(hooks_.journal().epoch(), broadcast.seq, broadcast.session, event);
}

void Gateway::deliver(Client& client, const store::LoggedBroadcast& broadcast, const View& view) {
  if (wants(client, broadcast, view)) send(client, text_for(broadcast, view));
}

void Gateway::send(Client& client, std::string text) {
  if (client.closing) return;
  // The server's hard output limit, raised by one message (an answer may
  // be as large as a picture).
  if (client.out_bytes + text.size() > output_limit_bytes_ + options_.max_logged_in_message_bytes) {
    client.out.clear();
    client.out_bytes = 0;
    close(client, LWS_CLOSE_STATUS_POLICY_VIOLATION, "output limit: the client does not read");
    return;
  }
  client.out_bytes += text.size();
  std::string framed(LWS_PRE, '\0');
  framed += text;
  client.out.push_back(std::move(framed));
  lws_callback_on_writable(client.wsi);
}

void Gateway::send_error(Client& client, std::optional<RequestId> id, std::string_view kind,
                         std::string_view text) {
  send(client, error_text(id, kind, text));
}

void Gateway::close(Client& client, int status, std::string_view why) {
  if (client.closing) return;
  log::info("gateway connection ", client.id, " closed: ", why);
  client.closing = true;
  client.close_status = status;
  client.close_why = std::string(why.substr(0, 120));
  lws_callback_on_writable(client.wsi);
}

int Gateway::on_writeable(Client& client) {
  // Queued messages first (the error that explains a close among them),
  // then the close frame.
  if (!client.out.empty()) {
    std::string& next = client.out.front();
    const std::size_t n = next.size() - LWS_PRE;
    if (lws_write(client.wsi, reinterpret_cast<unsigned char*>(next.data()) + LWS_PRE, n,
                  LWS_WRITE_TEXT) < static_cast<int>(n)) {
      return -1;
    }
    client.out_bytes -= n;
    client.out.pop_front();
    if (!client.out.empty() || client.closing) lws_callback_on_writable(client.wsi);
    return 0;
  }
  if (client.closing) {
    lws_close_reason(client.wsi, static_cast<lws_close_status>(client.close_status),
                     reinterpret_cast<unsigned char*>(client.close_why.data()),
                     client.close_why.size());
    return -1;
  }
  return 0;
}

}  // namespace truinlag::gateway
