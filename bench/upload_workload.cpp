// The picture workload of issue 16: uploaders send 4000x3000 JPEGs as fast
// as the daemon takes them while one more client pings, on its own thread
// and connection, and measures how long each Ping waits; then the daemon's
// memory over a run of uploads.
#include <chrono>
#include <stdexcept>
#include <thread>

#include "client_pool.hpp"
#include "daemon_process.hpp"
#include "pictures/jpeg.hpp"
#include "stats.hpp"
#include "truinlag/client.hpp"
#include "workloads.hpp"

namespace truinlag::bench {
namespace {

// A 4000x3000 photo-like JPEG: smooth gradients under pixel noise of
// `noise` levels, which sets the size (noise does not compress).
std::string photo_jpeg(int width, int height, int noise) {
  pictures::Rgb image{width, height, std::string(static_cast<std::size_t>(width) * height * 3, 0)};
  unsigned state = 7;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      char* p = image.pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
      for (int c = 0; c < 3; ++c) {
        state = state * 1103515245u + 12345u;
        const int base = (c == 0 ? x * 255 / width : c == 1 ? y * 255 / height : 128);
        const int v =
            base + static_cast<int>((state >> 24) % static_cast<unsigned>(2 * noise + 1)) - noise;
        p[c] = static_cast<char>(std::clamp(v, 0, 255));
      }
    }
  }
  return pictures::encode_rgb(image, 90);
}

// Every uploader keeps one upload outstanding until `until` (uv_hrtime).
struct Uploads {
  ClientPool& pool;
  const std::vector<PlayerId>& players;
  const std::string& jpeg;
  std::uint64_t until = 0;
  std::uint64_t left = UINT64_MAX;  // uploads still to send, over all uploaders
  std::size_t outstanding = 0;
  std::uint64_t done = 0, errors = 0;
  bool lost = false;

  void issue(std::size_t client) {
    if (left == 0) return;
    --left;
    ++outstanding;
    pool[client].send(UploadPlayerPicture{players[client], jpeg},
                      [this, client](std::optional<Result> result) {
                        --outstanding;
                        if (!result) {
                          lost = true;
                          return;
                        }
                        ++done;
                        if (std::holds_alternative<Failure>(*result)) ++errors;
                        if (now_ns() < until) issue(client);
                      });
  }
};

}  // namespace

nlohmann::json run_upload(const Target& target, int uploaders, double seconds, int rss_uploads) {
  const std::string jpeg = photo_jpeg(4000, 3000, 24);
  ClientPool pool(target.loop, target.socket_path);
  pool.connect(static_cast<std::size_t>(uploaders));
  std::vector<PlayerId> players;
  for (int i = 0; i < uploaders; ++i) {
    const std::string name =
        "bench-uploader-" + std::to_string(::getpid()) + "-" + std::to_string(i);
    const Result added =
        pool.call(0, AddPlayer{name, name, std::nullopt, std::nullopt, std::nullopt});
    if (!std::holds_alternative<Created>(added)) throw std::runtime_error("AddPlayer refused");
    players.push_back(std::get<Created>(added).id);
  }

  // The pinger: a blocking client on its own thread, a Ping every
  // millisecond, latencies of the measured window only.
  std::atomic<bool> stop{false};
  Latencies pings;
  std::uint64_t ping_errors = 0;
  std::thread pinger([&] {
    Client client = Client::connect(target.socket_path);
    while (!stop.load()) {
      const std::uint64_t sent = now_ns();
      const Result result = client.sender().send(Ping{}).get();
      pings.add(now_ns() - sent);
      if (std::holds_alternative<Failure>(result)) ++ping_errors;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  const double cpu_before = target.daemon_pid ? cpu_seconds(target.daemon_pid) : 0;
  const std::uint64_t start = now_ns();
  Uploads uploads{pool, players, jpeg};
  uploads.until = start + static_cast<std::uint64_t>(seconds * 1e9);
  for (std::size_t i = 0; i < players.size(); ++i) uploads.issue(i);
  pool.run_until([&] { return uploads.outstanding == 0; },
                 static_cast<std::uint64_t>(seconds * 1000) + 60000);
  const double elapsed = static_cast<double>(now_ns() - start) / 1e9;
  stop = true;
  pinger.join();
  if (uploads.lost) throw std::runtime_error("an uploader lost its connection");
  const double cpu = target.daemon_pid ? cpu_seconds(target.daemon_pid) - cpu_before : 0;

  // Memory: `rss_uploads` more uploads, the daemon's RSS before and after
  // (after a moment for the pool threads to free their buffers).
  const std::uint64_t rss_before = target.daemon_pid ? resident_bytes(target.daemon_pid) : 0;
  Uploads counted{pool, players, jpeg};
  counted.until = UINT64_MAX;
  counted.left = static_cast<std::uint64_t>(rss_uploads);
  for (std::size_t i = 0; i < players.size(); ++i) counted.issue(i);
  pool.run_until([&] { return counted.outstanding == 0; }, 300000);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::uint64_t rss_after = target.daemon_pid ? resident_bytes(target.daemon_pid) : 0;
  pool.close_all();

  nlohmann::json memory = nullptr;
  if (target.daemon_pid) {
    memory = {{"uploads", counted.done},
              {"rss_before_mib", static_cast<double>(rss_before) / (1 << 20)},
              {"rss_after_mib", static_cast<double>(rss_after) / (1 << 20)},
              {"growth_mib",
               (static_cast<double>(rss_after) - static_cast<double>(rss_before)) / (1 << 20)}};
  }
  return {{"workload", "upload"},
          {"command", "upload_player_picture"},
          {"picture", {{"width", 4000}, {"height", 3000}, {"bytes", jpeg.size()}}},
          {"uploaders", uploaders},
          {"seconds", elapsed},
          {"uploads", uploads.done},
          {"uploads_per_second", static_cast<double>(uploads.done) / elapsed},
          {"errors", uploads.errors + ping_errors + counted.errors},
          {"daemon_cpu_ms_per_upload",
           uploads.done ? cpu * 1e3 / static_cast<double>(uploads.done) : 0.0},
          {"pings", pings.count()},
          {"ping_p50_us", pings.percentile_us(50)},
          {"ping_p99_us", pings.percentile_us(99)},
          {"ping_max_us", pings.percentile_us(100)},
          {"memory", memory}};
}

}  // namespace truinlag::bench
