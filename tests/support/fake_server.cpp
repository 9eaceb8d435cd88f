#include "support/fake_server.hpp"

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "protocol/codec.hpp"

namespace truinlag::testing {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Polls fd and stop_fd until fd is ready or the deadline passes. Returns
// false on timeout; throws when the server is stopping.
bool poll_until(int fd, int stop_fd, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(left));
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail_errno("poll");
    }
    if (fds[1].revents != 0) throw ScriptError("the fake server is stopping");
    if (fds[0].revents != 0) return true;
  }
}

template <class T>
T expect_kind(ClientMessage message, const char* wanted) {
  if (auto* m = std::get_if<T>(&message)) return std::move(*m);
  throw ScriptError(std::string("expected ") + wanted + " from the client");
}

}  // namespace

FakePeer::FakePeer(int fd, int stop_fd, std::chrono::milliseconds timeout)
    : fd_(fd), stop_fd_(stop_fd), timeout_(timeout) {}

FakePeer::~FakePeer() { close(); }

bool FakePeer::wait_readable(Clock::time_point deadline) {
  return poll_until(fd_, stop_fd_, deadline);
}

ClientMessage FakePeer::read_message() {
  const auto deadline = Clock::now() + timeout_;
  std::string_view payload;
  while (decoder_.next(payload) != protocol::FrameDecoder::Status::Frame) {
    if (fd_ < 0) throw ScriptError("read after close");
    if (!wait_readable(deadline)) throw ScriptError("timed out waiting for the client");
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ScriptError("the client closed the connection");
    decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
  auto decoded = protocol::decode_client(protocol::as_bytes(payload));
  if (!decoded.message) throw ScriptError("undecodable client message: " + decoded.error);
  return std::move(*decoded.message);
}

Hello FakePeer::read_hello() { return expect_kind<Hello>(read_message(), "hello"); }

Request FakePeer::read_request() { return expect_kind<Request>(read_message(), "a request"); }

std::vector<Request> FakePeer::read_requests(std::size_t count) {
  std::vector<Request> requests;
  while (requests.size() < count) requests.push_back(read_request());
  return requests;
}

void FakePeer::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a client that already left must not kill the test run.
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ScriptError(std::string("send: ") + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void FakePeer::send(const ServerMessage& message) {
  std::string frame;
  protocol::append_frame(frame, protocol::encode(message));
  send_raw(frame);
}

Hello FakePeer::handshake() {
  Hello hello = read_hello();
  welcome();
  return hello;
}

void FakePeer::welcome() { send(Welcome{kProtocolVersion, "fake server", 16u << 20}); }

void FakePeer::goodbye(GoodbyeKind kind, std::string reason) {
  send(Goodbye{kind, std::move(reason)});
}

void FakePeer::respond(RequestId id, Result result) { send(Response{id, std::move(result)}); }

void FakePeer::broadcast(std::uint64_t seq, BroadcastEvent event) {
  send(Broadcast{seq, std::nullopt, std::move(event)});
}

bool FakePeer::stays_silent(std::chrono::milliseconds quiet) {
  if (decoder_.buffered_bytes() > 0) return false;
  return !wait_readable(Clock::now() + quiet);
}

bool FakePeer::wait_for_close() {
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    if (!wait_readable(deadline)) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EOF, or a reset: either way the client is gone
  }
}

void FakePeer::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

FakeServer::FakeServer(Script script, int connections, std::chrono::milliseconds timeout)
    : script_(std::move(script)), timeout_(timeout) {
  std::string pattern = (std::filesystem::temp_directory_path() / "truinlag-client-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) fail_errno("mkdtemp");
  dir_ = pattern;
  socket_path_ = dir_ + "/fake.sock";

  if (::pipe(stop_pipe_) != 0) fail_errno("pipe");
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) fail_errno("socket");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path_.c_str(), sizeof address.sun_path - 1);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    fail_errno("bind " + socket_path_);
  }
  if (::listen(listen_fd_, 16) != 0) fail_errno("listen");
  acceptor_ = std::thread([this, connections] { accept_loop(connections); });
}

FakeServer::~FakeServer() {
  ::close(stop_pipe_[1]);  // every poll of every script sees the hang-up
  finish();
  ::close(stop_pipe_[0]);
  ::close(listen_fd_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void FakeServer::accept_loop(int connections) {
  const auto deadline = Clock::now() + timeout_;
  for (int accepted = 0; accepted < connections; ++accepted) {
    try {
      if (!poll_until(listen_fd_, stop_pipe_[0], deadline)) {
        throw ScriptError("no client connected in time");
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      errors_.push_back(e.what());
      return;
    }
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      std::lock_guard lock(mutex_);
      errors_.push_back(std::string("accept: ") + std::strerror(errno));
      return;
    }
    std::lock_guard lock(mutex_);
    scripts_.emplace_back([this, fd] { run_script(fd); });
  }
}

void FakeServer::run_script(int fd) {
  FakePeer peer(fd, stop_pipe_[0], timeout_);
  try {
    script_(peer);
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    errors_.push_back(e.what());
  }
}

std::vector<std::string> FakeServer::finish() {
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> scripts;
  {
    std::lock_guard lock(mutex_);
    scripts.swap(scripts_);
  }
  for (auto& thread : scripts) thread.join();
  std::lock_guard lock(mutex_);
  return std::exchange(errors_, {});
}

}  // namespace truinlag::testing
