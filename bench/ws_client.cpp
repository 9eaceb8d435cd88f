#include "ws_client.hpp"

#include <cstring>
#include <stdexcept>

namespace truinlag::bench {

struct WsClient::Impl {
  WsClient* owner = nullptr;  // null once the WsClient is gone
  uv_tcp_t tcp{};
  uv_connect_t connect_req{};
  OnOpen on_open;
  OnMessage on_message;
  std::string request;  // the upgrade request, kept until written
  std::string in;       // received bytes not yet parsed
  std::string message;  // fragments of the message being received
  bool upgraded = false;
  bool open = false;
  bool finished = false;  // the connection ended (reason says why)
  std::string reason;
  std::uint32_t rng = 0;

  std::uint32_t next_random() {
    // xorshift32: masking keys need not be cryptographic for a benchmark.
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
  }
};

namespace {

using Impl = WsClient::Impl;

struct WriteReq {
  uv_write_t req{};
  std::string data;
};

void finish(Impl* impl, std::string why) {
  if (impl->finished) return;
  impl->finished = true;
  const bool was_opening = !impl->upgraded;
  impl->open = false;
  impl->upgraded = true;  // no more parsing
  if (impl->reason.empty()) impl->reason = std::move(why);
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&impl->tcp));
  if (was_opening && impl->owner && impl->on_open) {
    auto on_open = std::move(impl->on_open);
    on_open(impl->reason);
  }
}

void write_raw(Impl* impl, std::string data) {
  auto* stream = reinterpret_cast<uv_stream_t*>(&impl->tcp);
  // Small frames usually go out at once, without a request per write.
  uv_buf_t buf = uv_buf_init(data.data(), static_cast<unsigned>(data.size()));
  const int written = uv_try_write(stream, &buf, 1);
  if (written == static_cast<int>(data.size())) return;
  if (written > 0) data.erase(0, static_cast<std::size_t>(written));
  else if (written != UV_EAGAIN && written != UV_ENOSYS) {
    finish(impl, std::string("write failed: ") + uv_strerror(written));
    return;
  }
  auto* w = new WriteReq;
  w->data = std::move(data);
  buf = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  w->req.data = impl;
  const int r = uv_write(&w->req, stream, &buf, 1, [](uv_write_t* req, int) {
    delete reinterpret_cast<WriteReq*>(req);
  });
  if (r != 0) {
    delete w;
    finish(impl, std::string("write failed: ") + uv_strerror(r));
  }
}

void send_frame(Impl* impl, int opcode, std::string_view payload) {
  std::string frame;
  frame.reserve(payload.size() + 14);
  frame.push_back(static_cast<char>(0x80 | opcode));  // FIN, no fragments
  const std::size_t n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xffff) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(n >> 8));
    frame.push_back(static_cast<char>(n & 0xff));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(n >> shift));
  }
  const std::uint32_t key = impl->next_random();
  char mask[4];
  std::memcpy(mask, &key, 4);
  frame.append(mask, 4);
  const std::size_t start = frame.size();
  frame.append(payload);
  for (std::size_t i = 0; i < n; ++i) frame[start + i] ^= mask[i & 3];
  write_raw(impl, std::move(frame));
}

// Parses what `impl->in` holds: the upgrade answer, then frames.
void parse(Impl* impl) {
  std::size_t pos = 0;
  if (!impl->upgraded) {
    const auto end = impl->in.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (impl->in.size() > 16384) finish(impl, "an upgrade answer over 16 KiB");
      return;
    }
    if (impl->in.compare(0, 12, "HTTP/1.1 101") != 0) {
      finish(impl, "upgrade refused: " + impl->in.substr(0, impl->in.find("\r\n")));
      return;
    }
    impl->upgraded = true;
    impl->open = true;
    pos = end + 4;
    if (impl->owner && impl->on_open) {
      auto on_open = std::move(impl->on_open);
      on_open(std::nullopt);
    }
  }
  const std::string& in = impl->in;
  while (impl->open && impl->owner) {
    if (in.size() - pos < 2) break;
    const auto b0 = static_cast<unsigned char>(in[pos]);
    const auto b1 = static_cast<unsigned char>(in[pos + 1]);
    std::size_t header = 2;
    std::uint64_t length = b1 & 0x7f;
    if (length == 126) {
      if (in.size() - pos < 4) break;
      length = (std::uint64_t{static_cast<unsigned char>(in[pos + 2])} << 8) |
               static_cast<unsigned char>(in[pos + 3]);
      header = 4;
    } else if (length == 127) {
      if (in.size() - pos < 10) break;
      length = 0;
      for (int i = 0; i < 8; ++i) {
        length = length << 8 | static_cast<unsigned char>(in[pos + 2 + static_cast<std::size_t>(i)]);
      }
      header = 10;
    }
    const bool masked = (b1 & 0x80) != 0;  // a server must not, but be lenient
    const std::size_t mask_at = pos + header;
    if (masked) header += 4;
    if (in.size() - pos < header + length) break;
    std::string_view payload(in.data() + pos + header, static_cast<std::size_t>(length));
    std::string unmasked;
    if (masked) {
      unmasked.assign(payload);
      for (std::size_t i = 0; i < unmasked.size(); ++i) unmasked[i] ^= in[mask_at + (i & 3)];
      payload = unmasked;
    }
    pos += header + static_cast<std::size_t>(length);
    const int opcode = b0 & 0x0f;
    const bool fin = (b0 & 0x80) != 0;
    if (opcode == 0x8) {
      std::string why = "closed by the server";
      if (payload.size() >= 2) {
        const int code = static_cast<unsigned char>(payload[0]) << 8 |
                         static_cast<unsigned char>(payload[1]);
        why += " (" + std::to_string(code) + " " + std::string(payload.substr(2)) + ")";
      }
      finish(impl, why);
      break;
    }
    if (opcode == 0x9) {
      send_frame(impl, 0xA, payload);
      continue;
    }
    if (opcode == 0xA) continue;
    if (opcode == 0x2) {
      finish(impl, "the server sent a binary frame");
      break;
    }
    if (opcode == 0x1 && fin && impl->message.empty()) {
      if (impl->on_message) impl->on_message(payload);
      continue;
    }
    impl->message.append(payload);  // a fragment (text or continuation)
    if (fin) {
      std::string whole = std::move(impl->message);
      impl->message.clear();
      if (impl->on_message) impl->on_message(whole);
    }
  }
  if (impl->owner) impl->in.erase(0, pos);
}

char* read_buffer() {
  // One loop thread: every connection's bytes are appended to its own
  // buffer straight from here.
  static thread_local char buffer[64 * 1024];
  return buffer;
}

}  // namespace

WsClient::WsClient(uv_loop_t* loop, const std::string& host, int port, const std::string& path,
                   const std::string& bind_host, OnOpen on_open)
    : impl_(new Impl) {
  impl_->owner = this;
  impl_->on_open = std::move(on_open);
  impl_->rng = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(impl_) >> 4) | 1u;
  impl_->request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
                   "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n";
  uv_tcp_init(loop, &impl_->tcp);
  impl_->tcp.data = impl_;
  uv_tcp_nodelay(&impl_->tcp, 1);
  const auto fail = [&](const char* what, int r) {
    // Reported from the loop, like any other failure.
    impl_->reason = std::string(what) + ": " + uv_strerror(r);
    finish(impl_, impl_->reason);
  };
  if (!bind_host.empty()) {
    sockaddr_in from{};
    uv_ip4_addr(bind_host.c_str(), 0, &from);
    if (const int r = uv_tcp_bind(&impl_->tcp, reinterpret_cast<const sockaddr*>(&from), 0)) {
      fail("bind", r);
      return;
    }
  }
  sockaddr_in to{};
  uv_ip4_addr(host.c_str(), port, &to);
  impl_->connect_req.data = impl_;
  const int r = uv_tcp_connect(
      &impl_->connect_req, &impl_->tcp, reinterpret_cast<const sockaddr*>(&to),
      [](uv_connect_t* req, int status) {
        auto* impl = static_cast<Impl*>(req->data);
        if (impl->owner == nullptr) return;
        if (status != 0) {
          finish(impl, std::string("connect: ") + uv_strerror(status));
          return;
        }
        uv_read_start(
            reinterpret_cast<uv_stream_t*>(&impl->tcp),
            [](uv_handle_t*, std::size_t, uv_buf_t* buf) {
              *buf = uv_buf_init(read_buffer(), 64 * 1024);
            },
            [](uv_stream_t* stream, ssize_t n, const uv_buf_t* buf) {
              auto* impl = static_cast<Impl*>(stream->data);
              if (impl->owner == nullptr) return;
              if (n < 0) {
                finish(impl, n == UV_EOF ? "the server closed the connection"
                                         : std::string("read: ") +
                                               uv_strerror(static_cast<int>(n)));
                return;
              }
              impl->in.append(buf->base, static_cast<std::size_t>(n));
              parse(impl);
            });
        write_raw(impl, std::move(impl->request));
      });
  if (r != 0) fail("connect", r);
}

WsClient::~WsClient() {
  impl_->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&impl_->tcp),
           [](uv_handle_t* handle) { delete static_cast<Impl*>(handle->data); });
}

void WsClient::on_message(OnMessage handler) { impl_->on_message = std::move(handler); }

void WsClient::send_text(std::string_view text) {
  if (impl_->open) send_frame(impl_, 0x1, text);
}

void WsClient::close() {
  if (!impl_->open) return;
  send_frame(impl_, 0x8, std::string_view("\x03\xe8", 2));  // 1000, normal
  impl_->open = false;
  impl_->reason = "closed by the client";
}

bool WsClient::open() const { return impl_->open; }
const std::string& WsClient::closed_reason() const { return impl_->reason; }

void run_loop_until(uv_loop_t* loop, const std::function<bool()>& done, std::uint64_t timeout_ms) {
  const std::uint64_t deadline = uv_hrtime() + timeout_ms * 1'000'000;
  // A timer wakes the loop so the deadline is checked even when nothing
  // arrives.
  auto* tick = new uv_timer_t;
  uv_timer_init(loop, tick);
  uv_timer_start(
      tick, [](uv_timer_t*) {}, 100, 100);
  const auto stop = [&] {
    uv_timer_stop(tick);
    uv_close(reinterpret_cast<uv_handle_t*>(tick),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
  };
  while (!done()) {
    if (uv_hrtime() > deadline) {
      stop();
      throw std::runtime_error("timed out after " + std::to_string(timeout_ms) + " ms");
    }
    uv_run(loop, UV_RUN_ONCE);
  }
  stop();
}

WsPool::WsPool(uv_loop_t* loop, std::string host, int port, std::string bind_host)
    : loop_(loop), host_(std::move(host)), port_(port), bind_host_(std::move(bind_host)) {}

WsPool::~WsPool() { close_all(); }

void WsPool::connect(std::size_t count) {
  constexpr std::size_t kWindow = 64;  // well below the listen backlog
  std::size_t in_flight = 0;
  std::size_t started = 0;
  std::optional<std::string> failure;
  while (started < count || in_flight > 0) {
    while (started < count && in_flight < kWindow && !failure) {
      ++started;
      ++in_flight;
      clients_.push_back(std::make_unique<WsClient>(loop_, host_, port_, "/v1", bind_host_,
                                                    [&](std::optional<std::string> error) {
                                                      --in_flight;
                                                      if (error && !failure) failure = *error;
                                                    }));
    }
    if (failure) {
      run_loop_until(loop_, [&] { return in_flight == 0; });
      throw std::runtime_error("WebSocket connect failed: " + *failure);
    }
    if (in_flight > 0) uv_run(loop_, UV_RUN_ONCE);
  }
}

std::vector<std::string> WsPool::exchange(std::size_t first,
                                          const std::function<std::string(std::size_t)>& make,
                                          std::uint64_t timeout_ms) {
  std::vector<std::string> answers(clients_.size());
  std::vector<bool> have(clients_.size(), false);
  std::size_t missing = clients_.size() - first;
  for (std::size_t i = first; i < clients_.size(); ++i) {
    clients_[i]->on_message([&, i](std::string_view m) {
      if (have[i] || m.starts_with("{\"broadcast\"")) return;
      have[i] = true;
      answers[i] = std::string(m);
      --missing;
    });
    clients_[i]->send_text(make(i));
  }
  try {
    run_loop_until(
        loop_,
        [&] {
          if (missing == 0) return true;
          for (std::size_t i = first; i < clients_.size(); ++i) {
            if (!have[i] && !clients_[i]->open()) {
              throw std::runtime_error("a WebSocket connection closed during set-up: " +
                                       clients_[i]->closed_reason());
            }
          }
          return false;
        },
        timeout_ms);
  } catch (...) {
    for (std::size_t i = first; i < clients_.size(); ++i) clients_[i]->on_message(nullptr);
    throw;
  }
  for (std::size_t i = first; i < clients_.size(); ++i) clients_[i]->on_message(nullptr);
  return answers;
}

void WsPool::hello_and_login(std::size_t first,
                             const std::function<std::string(std::size_t)>& credentials) {
  for (const std::string& a :
       exchange(first, [](std::size_t) { return R"({"hello":{"version":1,"client":"truinlag-bench"}})"; })) {
    if (!a.empty() && !a.starts_with("{\"welcome\"")) throw std::runtime_error("hello: " + a);
  }
  const auto answers = exchange(first, [&](std::size_t i) {
    return R"({"id":1,"login":)" + credentials(i) + "}";
  });
  for (std::size_t i = first; i < answers.size(); ++i) {
    if (answers[i].find("\"logged_in\"") == std::string::npos) {
      throw std::runtime_error("login: " + answers[i]);
    }
  }
}

void WsPool::close_all() {
  clients_.clear();
  for (int i = 0; i < 4; ++i) uv_run(loop_, UV_RUN_NOWAIT);
}

std::string token_login(const std::string& token) {
  return R"({"token":")" + token + "\"}";
}
std::string passphrase_login(const std::string& passphrase) {
  return R"({"passphrase":")" + passphrase + "\"}";
}

std::optional<std::uint64_t> answer_id(std::string_view message) {
  constexpr std::string_view kPrefix = "{\"id\":";
  if (!message.starts_with(kPrefix)) return std::nullopt;
  std::uint64_t id = 0;
  std::size_t i = kPrefix.size();
  if (i >= message.size() || message[i] < '0' || message[i] > '9') return std::nullopt;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) {
    id = id * 10 + static_cast<std::uint64_t>(message[i] - '0');
  }
  return id;
}

}  // namespace truinlag::bench
