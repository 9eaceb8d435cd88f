// Test support for the daemon's hostile-client tests (malformed input,
// slow and dead clients, limits, access): a raw peer that can half-close
// and time the daemon's hang-up, a well-behaved client that keeps asking
// in the background, and /proc probes of the daemon.
#pragma once

#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/frame.hpp"
#include "truinlag/client.hpp"

namespace truinlag::testing {

using SteadyClock = std::chrono::steady_clock;

// Under AddressSanitizer (CI's sanitizer run builds the daemon like these
// tests) freed memory waits in ASan's quarantine (256 MiB by default)
// instead of being reused, so the daemon's RSS grows by design: RSS bounds
// are then reported, not checked. (LeakSanitizer checks the daemon at its
// clean exit instead.)
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kRssIsMeaningful = false;
#else
inline constexpr bool kRssIsMeaningful = true;
#endif
// CHECK_RSS(delta < limit): checked where RSS means something.
#define CHECK_RSS(...) CHECK((!::truinlag::testing::kRssIsMeaningful || (__VA_ARGS__)))

inline double ms_since(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// The frame (header + payload) of raw payload bytes.
inline std::string framed(std::string_view payload) {
  std::string frame;
  protocol::append_frame(frame, payload);
  return frame;
}

// The payload of a well-formed message, to patch into a malformed one.
inline std::string payload_of(const ClientMessage& message) { return protocol::encode(message); }

// A raw unix-socket peer that reads frames, can shut down its sending side,
// and notes when the daemon hung up.
class Peer {
 public:
  explicit Peer(const std::string& socket) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof(address.sun_path) - 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) close();
  }
  ~Peer() { close(); }
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // Writes everything; false once the daemon hung up.
  bool write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  bool send(const ClientMessage& message) { return write_all(framed(payload_of(message))); }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // The next frame, decoded; nullopt on end of stream, timeout or an
  // undecodable frame.
  std::optional<ServerMessage> receive(std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    if (!fill(4, deadline)) return std::nullopt;
    const auto* h = reinterpret_cast<const unsigned char*>(buffer_.data());
    const std::size_t length = (std::size_t{h[0]} << 24) | (std::size_t{h[1]} << 16) |
                               (std::size_t{h[2]} << 8) | std::size_t{h[3]};
    if (!fill(4 + length, deadline)) return std::nullopt;
    auto decoded =
        protocol::decode_server(protocol::as_bytes(std::string_view(buffer_).substr(4, length)));
    buffer_.erase(0, 4 + length);
    return decoded.message;
  }

  // Reads frames until the daemon closes the connection (or the timeout).
  struct Ending {
    std::vector<ServerMessage> frames;
    bool closed = false;
    double ms = 0;  // from the call until end of stream was seen
  };
  Ending read_until_closed(std::chrono::milliseconds timeout) {
    const auto start = SteadyClock::now();
    Ending ending;
    while (true) {
      auto message = receive(timeout);
      if (message) {
        ending.frames.push_back(std::move(*message));
        continue;
      }
      break;
    }
    ending.closed = eof_;
    ending.ms = ms_since(start);
    return ending;
  }
  bool eof() const { return eof_; }
  // Every byte received so far (frames already handed out included).
  const std::string& received_bytes() const { return everything_; }

 private:
  bool fill(std::size_t bytes, SteadyClock::time_point deadline) {
    while (buffer_.size() < bytes) {
      if (eof_ || fd_ < 0) return false;
      const auto remaining = deadline - SteadyClock::now();
      if (remaining <= SteadyClock::duration::zero()) return false;
      // Rounded up: a 1 ms receive must really wait up to 1 ms.
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(remaining).count();
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {  // 0: end of stream; ECONNRESET: closed with our bytes unread
        eof_ = true;
        return false;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
      everything_.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  std::string everything_;  // every byte received, for greps
  bool eof_ = false;
};

// A well-behaved client (the real library) asking GetState in a loop on a
// thread of its own: the "other users" every hostile test must not hurt.
class HealthyClient {
 public:
  explicit HealthyClient(const std::string& socket)
      : thread_([this, socket] {
          try {
            auto client = Client::connect(socket);
            while (!stop_) {
              auto answer = client.send(GetState{});
              if (answer.wait_for(std::chrono::seconds(5)) != std::future_status::ready ||
                  !std::holds_alternative<GlobalState>(answer.get())) {
                ++failed_;
              } else {
                ++ok_;
              }
              std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
          } catch (const std::exception&) {
            ++failed_;
          }
        }) {}
  ~HealthyClient() { stop(); }
  HealthyClient(const HealthyClient&) = delete;
  HealthyClient& operator=(const HealthyClient&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int ok() const { return ok_; }
  int failed() const { return failed_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0};
  std::atomic<int> failed_{0};
  std::thread thread_;
};

// One request on a fresh connection of the real library: true if answered.
inline bool healthy_request(const std::string& socket) {
  try {
    auto client = Client::connect(socket);
    return std::holds_alternative<GlobalState>(client.send(GetState{}).get());
  } catch (const std::exception&) {
    return false;
  }
}

// The daemon's open file descriptors (/proc/<pid>/fd).
inline int open_fds(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return -1;
  int count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count;
}

// The p-th percentile (0..100) of some samples.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size() - 1));
  return samples[index];
}

}  // namespace truinlag::testing
