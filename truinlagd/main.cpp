// truinlagd: serves the truinlag engine on a unix socket.
//
// Deliberately thin: options, logging level, and run_server(). Everything
// else lives in libtruinlag, so embedding programs get the same server.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "truinlag/client.hpp"
#include "truinlag/server.hpp"
#include "truinlag/version.hpp"

namespace {

std::string default_database_path() {
  if (const char* env = std::getenv("TRUINLAG_DB"); env && *env) return env;
  return "truinlag.db";
}

}  // namespace

int main(int argc, char** argv) {
  truinlag::ServerOptions options;
  options.socket_path = truinlag::default_socket_path();
  options.database_path = default_database_path();
  std::string log_level = "info";
  std::size_t output_limit_mib = options.output_limit_bytes >> 20;
  std::size_t output_soft_limit_mib = options.output_soft_limit_bytes >> 20;
  double output_soft_seconds = 10.0;
  std::size_t max_frame_mib = options.max_frame_bytes >> 20;
  double max_picture_mib = static_cast<double>(options.max_picture_bytes) / (1 << 20);
  double max_picture_megapixels = static_cast<double>(options.max_picture_pixels) / 1e6;
  double shutdown_seconds = 5.0;
  std::string sync = "full";
  double clock_offset_seconds = 0;
  bool check = false;

  CLI::App app{"truinlagd — the TrainLag game engine, served on a unix socket"};
  app.set_version_flag("--version", truinlag::kServerVersion);
  app.add_option("--socket", options.socket_path,
                 "Unix socket to listen on (default: $TRUINLAG_SOCKET, else "
                 "$XDG_RUNTIME_DIR/truinlag.sock, else /tmp/truinlag-<uid>/truinlag.sock in a "
                 "directory created with mode 0700; the daemon refuses to start if that "
                 "directory is not ours, is a symlink or is not mode 0700)")
      ->capture_default_str();
  app.add_option("--db", options.database_path,
                 "SQLite database file (default: $TRUINLAG_DB, else ./truinlag.db)")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "error, warn, info or debug")
      ->check(CLI::IsMember({"error", "warn", "info", "debug"}))
      ->capture_default_str();
  app.add_option("--max-frame-mib", max_frame_mib, "Largest accepted frame, in MiB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--max-picture-mib", max_picture_mib,
                 "Largest accepted picture, in MiB, fractions allowed (PictureProblem above "
                 "it); the frame limit must be at least this plus 64 KiB")
      ->check(CLI::Range(0.01, 1023.0))
      ->capture_default_str();
  app.add_option("--max-picture-megapixels", max_picture_megapixels,
                 "Most pixels a picture's JPEG header may claim, in millions (PictureProblem "
                 "above it, before anything is decoded)")
      ->check(CLI::Range(0.01, 1000.0))
      ->capture_default_str();
  app.add_option("--listen", options.gateway.listen,
                 "Serve the gateway for phones and remote bots at HOST:PORT (WebSocket at /v1, "
                 "GET /healthz; docs/gateway.md). Without --tls-cert only on loopback")
      ->type_name("HOST:PORT");
  app.add_option("--tls-cert", options.gateway.tls_cert,
                 "The gateway's certificate chain (PEM); TLS 1.2 or newer only")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", options.gateway.tls_key, "The gateway's private key (PEM)")
      ->check(CLI::ExistingFile);
  app.add_option("--picture-workers", options.picture_workers,
                 "Pictures decoded at once on the thread pool; 0: one fewer than the cores, "
                 "so the loop thread keeps a core to answer other clients")
      ->check(CLI::Range(0u, 64u))
      ->capture_default_str();
  app.add_option("--resume-window", options.resume_window_broadcasts,
                 "Broadcasts kept for Resume (clients catching up after a drop or a restart)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str();
  std::int64_t resume_minutes = options.resume_window_age.count();
  app.add_option("--resume-window-minutes", resume_minutes,
                 "Minutes a broadcast is kept for Resume (whichever of the two limits comes first)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{7 * 24 * 60}))
      ->capture_default_str();
  app.add_option("--output-limit-mib", output_limit_mib,
                 "Hard output limit: a client with more unsent output is disconnected at "
                 "once (Goodbye output_overflow), in MiB")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--output-soft-limit-mib", output_soft_limit_mib,
                 "Soft output limit: a client with more unsent output for "
                 "--output-soft-seconds without a break is disconnected, in MiB (0: none)")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  app.add_option("--output-soft-seconds", output_soft_seconds,
                 "How long a client may stay over the soft output limit")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--max-clients", options.max_clients,
                 "Connections beyond this many are turned away (Goodbye too_many_clients)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--allow-uid", options.allowed_uids,
                 "Also accept clients running as this uid (repeatable; the daemon's own uid "
                 "and root are always accepted, everybody else is refused)")
      ->take_all();
  app.add_option("--allow-gid", options.allowed_gids,
                 "Also accept clients whose primary group is this gid (repeatable)")
      ->take_all();
  app.add_option("--shutdown-timeout", shutdown_seconds,
                 "Seconds a graceful shutdown may take before the daemon gives up")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed of the engine's random generator (0: random)");
  app.add_option("--sync", sync,
                 "full: every acknowledged change survives a power cut (fsync per commit); "
                 "normal: survives a daemon crash, a power cut may lose the last commits")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  app.add_option("--clock-offset", clock_offset_seconds,
                 "Testing aid: run the engine's clock this many seconds ahead of (or behind) "
                 "the system clock");
  app.add_flag("--check", check,
               "Check the database (integrity, foreign keys, schema version) and exit: "
               "0 healthy, 1 problems");
  CLI11_PARSE(app, argc, argv);

  if (check) {
    const truinlag::DatabaseCheck report = truinlag::check_database(options.database_path);
    std::cout << options.database_path << ": schema version " << report.version << " (this build "
              << report.current << ")\n";
    for (const std::string& problem : report.problems) std::cout << "problem: " << problem << "\n";
    std::cout << (report.problems.empty() ? "ok" : "NOT ok") << "\n";
    return report.problems.empty() ? 0 : 1;
  }
  options.synchronous_full = sync == "full";
  if (clock_offset_seconds != 0) {
    const auto offset = static_cast<std::int64_t>(clock_offset_seconds * 1000);
    options.clock = [offset] {
      using namespace std::chrono;
      return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() + offset;
    };
  }

  truinlag::LogLevel level = truinlag::LogLevel::Info;
  truinlag::enum_from_name(log_level, level);
  truinlag::set_log_level(level);
  options.max_frame_bytes = max_frame_mib << 20;
  options.max_picture_bytes = static_cast<std::size_t>(max_picture_mib * (1 << 20));
  options.max_picture_pixels = static_cast<std::uint64_t>(max_picture_megapixels * 1e6);
  options.output_limit_bytes = output_limit_mib << 20;
  options.resume_window_age = std::chrono::minutes{resume_minutes};
  options.output_soft_limit_bytes = output_soft_limit_mib << 20;
  options.output_soft_limit_time =
      std::chrono::milliseconds(static_cast<std::int64_t>(output_soft_seconds * 1000));
  // The shared /tmp fallback directory must be private; an explicit
  // --socket elsewhere is the operator's choice of directory.
  const auto slash = options.socket_path.find_last_of('/');
  options.private_socket_dir = slash != std::string::npos && options.socket_path.substr(0, slash) ==
                                                                 truinlag::fallback_socket_dir();
  options.shutdown_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(shutdown_seconds * 1000));

  try {
    return truinlag::run_server(options);
  } catch (const truinlag::StartupError& e) {
    std::cerr << "truinlagd: " << e.what() << "\n";
    return 1;
  }
}
