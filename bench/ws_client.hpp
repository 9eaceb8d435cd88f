// A minimal WebSocket client (RFC 6455) over libuv TCP, for the gateway
// workloads of truinlag-bench: ws:// only, text frames, no extensions.
//
// Why our own and not libwebsockets' client API: the bench drives up to
// a thousand connections (and a flood of short-lived ones) from the one
// libuv loop its unix-socket ClientPool already runs on, and it must cost
// little per connection and per message so that what is measured is the
// server. This client is a uv_tcp_t, one read buffer and a parser of a
// few lines; it can bind its source address (the login flood comes from
// 127.0.0.2 so that the daemon's per-address login limit does not lock
// out the other workloads' clients on 127.0.0.1); and it is independent
// of the daemon's own WebSocket stack (lws), so a bug there cannot hide
// behind the same bug in the client. What it leaves out: TLS, the
// Sec-WebSocket-Accept check (a 101 answer is taken as the upgrade),
// extensions and subprotocols. It does mask every frame it sends, answer
// pings with pongs and reassemble fragmented messages.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace truinlag::bench {

class WsClient {
 public:
  // Called once: nullopt when the upgrade succeeded, else why not.
  using OnOpen = std::function<void(std::optional<std::string> error)>;
  // Called for every complete text message.
  using OnMessage = std::function<void(std::string_view message)>;

  // Connects to ws://`host`:`port``path` (IPv4), from `bind_host` if not
  // empty. `loop` must outlive the client.
  WsClient(uv_loop_t* loop, const std::string& host, int port, const std::string& path,
           const std::string& bind_host, OnOpen on_open);
  // Closes the TCP connection (no closing handshake); no callback runs
  // after this.
  ~WsClient();

  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void on_message(OnMessage handler);
  // Sends one masked text frame. Ignored once the connection is closed.
  void send_text(std::string_view text);
  // Sends a close frame; the connection counts as closed from then on.
  void close();

  bool open() const;
  // Why the connection ended, if it did (the server closed it, an error).
  const std::string& closed_reason() const;

  struct Impl;

 private:
  Impl* impl_;  // freed by libuv's close callback, after the destructor
};

// Runs `loop` until `done()` holds; throws std::runtime_error after
// `timeout_ms` (a stuck benchmark must fail, not hang CI).
void run_loop_until(uv_loop_t* loop, const std::function<bool()>& done,
                    std::uint64_t timeout_ms = 60000);

// Many WsClients on one loop, opened a window at a time so the server's
// listen backlog never overflows.
class WsPool {
 public:
  WsPool(uv_loop_t* loop, std::string host, int port, std::string bind_host = "");
  ~WsPool();

  WsPool(const WsPool&) = delete;
  WsPool& operator=(const WsPool&) = delete;

  // Opens `count` more connections and waits for every upgrade; throws
  // std::runtime_error if one fails.
  void connect(std::size_t count);
  // Sends `make(i)` on every connection from `first` on, waits for each
  // one's first message and returns them (the hello and login steps).
  std::vector<std::string> exchange(std::size_t first,
                                    const std::function<std::string(std::size_t)>& make,
                                    std::uint64_t timeout_ms = 60000);
  // hello, then {"id": 1, "login": credentials(i)} on every connection
  // from `first` on; throws unless every one was answered logged_in.
  void hello_and_login(std::size_t first,
                       const std::function<std::string(std::size_t)>& credentials);
  void close_all();

  std::size_t size() const { return clients_.size(); }
  WsClient& operator[](std::size_t i) { return *clients_[i]; }
  uv_loop_t* loop() const { return loop_; }

 private:
  uv_loop_t* loop_;
  std::string host_;
  int port_;
  std::string bind_host_;
  std::vector<std::unique_ptr<WsClient>> clients_;
};

// The login object of a token, of a passphrase (neither needs escaping:
// the bench makes both).
std::string token_login(const std::string& token);
std::string passphrase_login(const std::string& passphrase);

// The unsigned integer after the leading `{"id":` of an answer, or
// nullopt if `message` does not start so (broadcasts start with
// `{"broadcast":`: both servers write keys in sorted order).
std::optional<std::uint64_t> answer_id(std::string_view message);

}  // namespace truinlag::bench
