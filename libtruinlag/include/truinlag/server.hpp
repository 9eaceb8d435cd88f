// Serving the engine on a unix socket: what truinlagd runs, and what any
// program can embed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "truinlag/basics.hpp"

namespace truinlag {

enum class LogLevel : std::uint8_t { Error, Warn, Info, Debug };
template <>
struct EnumNames<LogLevel> {
  static constexpr std::array<std::string_view, 4> names{"error", "warn", "info", "debug"};
};

// Log lines go to stderr; lines above this level are dropped.
void set_log_level(LogLevel level);

// The gateway for remote clients (docs/gateway.md): WebSocket + TLS on the
// daemon's loop. Off unless `listen` is set.
struct GatewayOptions {
  std::string listen;  // "HOST:PORT" (port 0: any free one, logged)
  // PEM files. Without them the gateway speaks plain ws:// and only on
  // loopback, for a TLS-terminating reverse proxy in front.
  std::string tls_cert;
  std::string tls_key;
  // Largest message before login, and after it (a picture travels in
  // base64 inside its command: a 12 MiB photo is a 16 MiB message).
  std::size_t max_message_bytes = 1u << 20;
  std::size_t max_logged_in_message_bytes = 24u << 20;
};

struct ServerOptions {
  // The unix socket to listen on (mode 0600); "<socket>.lock" guards it.
  std::string socket_path;
  // The SQLite database file; created if missing.
  std::string database_path = "truinlag.db";
  // PRAGMA synchronous=FULL: every acknowledged change survives a power
  // cut. false: NORMAL, which survives a crash of the daemon but may lose
  // the last commits on a power cut (docs/storage.md).
  bool synchronous_full = true;
  // A frame announcing more is a protocol error; the connection is closed.
  // It must admit a request carrying a maximal picture: the default lets
  // one UploadPeriodPictures carry four pictures of max_picture_bytes
  // (and a GetPictures answer four of them); start-up refuses a frame
  // limit below max_picture_bytes + 64 KiB (docs/protocol.md, "Limits").
  std::size_t max_frame_bytes = (4 * (16u << 20)) + (1u << 20);
  // Pictures (game-rules section 7): larger files, or JPEG headers that
  // claim more pixels, are refused with PictureProblem before anything is
  // decoded.
  std::size_t max_picture_bytes = 16u << 20;
  std::uint64_t max_picture_pixels = 50'000'000;
  // Picture jobs decoded at once on libuv's pool; more wait their turn.
  // 0: one fewer than the machine's cores, at least 1, so that decoding
  // never takes the core the loop thread needs: on 2 cores, 4 decoders
  // made a Ping wait 8 ms at p99 while 20 clients uploaded, 1 makes it
  // 2 ms (issue 16; docs/performance.md "Pictures").
  unsigned picture_workers = 0;
  // The broadcast log's window (Resume, docs/protocol.md section 6): a
  // broadcast is kept until more than this many newer ones exist or it is
  // older than this.
  std::size_t resume_window_broadcasts = 10'000;
  std::chrono::minutes resume_window_age{120};
  GatewayOptions gateway;
  // Output limits, as Redis's client-output-buffer-limit: a client whose
  // unsent output exceeds the hard limit gets Goodbye{output_overflow} and
  // is closed at once; one over the soft limit for output_soft_limit_time
  // without a break, too. A subscriber that stopped reading must not make
  // the daemon hold an unbounded backlog; one that is briefly slow (a
  // phone changing cells) survives the soft limit. 0: no soft limit.
  std::size_t output_limit_bytes = 8u << 20;
  std::size_t output_soft_limit_bytes = 2u << 20;
  std::chrono::milliseconds output_soft_limit_time{10000};
  // Connections beyond this many get Goodbye{too_many_clients} and are
  // closed: every client costs a descriptor and memory.
  std::size_t max_clients = 1000;
  // Who may connect (checked with SO_PEERCRED on accept): the daemon's own
  // uid and root always, plus these uids and primary gids. Others get
  // Goodbye{refused}: anyone who can connect can run every command.
  std::vector<std::uint32_t> allowed_uids;
  std::vector<std::uint32_t> allowed_gids;
  // Create the socket's directory (mode 0700) if missing, and refuse to
  // start unless it is a real directory, ours, with mode 0700. truinlagd
  // sets it for the default /tmp/truinlag-<uid>/ directory, since /tmp is
  // shared with every other user.
  bool private_socket_dir = false;
  // Graceful shutdown must finish within this, else the server gives up.
  std::chrono::milliseconds shutdown_timeout{5000};
  // Seed of the engine's random generator (0: from std::random_device).
  std::uint64_t seed = 0;
  // The engine's clock; empty means the system clock (tests inject one).
  std::function<Timestamp()> clock;
  // Called on the loop thread once the socket accepts connections.
  std::function<void()> on_ready;
};

// Start-up failed: the socket is in use by a live daemon, the path is not a
// socket, the database cannot be opened, ... The message says which.
class StartupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What `truinlagd --check` reports about a database file (read-only).
struct DatabaseCheck {
  int version = 0;                    // the file's schema version
  int current = 0;                    // this build's schema version
  std::vector<std::string> problems;  // integrity, foreign keys, version; empty: healthy
};
DatabaseCheck check_database(const std::string& path);

// Serves until a Shutdown command, SIGINT or SIGTERM, on the calling
// thread. Returns 0 after a clean shutdown, 1 if the shutdown timed out
// (the log names what hung). Throws StartupError before serving.
int run_server(const ServerOptions& options);

}  // namespace truinlag
