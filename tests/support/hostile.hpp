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

#include "daemon_process.hpp"
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

// A raw unix-socket peer (support/daemon_process.hpp): reads frames, can
// shut down its sending side, and notes when the daemon hung up.
using Peer = RawPeer;

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
