// Access control and the socket path against the real daemon (issue 7,
// items 7 and 8): file modes, the private default directory, SO_PEERCRED
// (another uid is tried for real when the tests run as root), passphrases
// kept out of answers, broadcasts, the CLI and the log, and files at the
// socket path that are never removed.
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/daemon_process.hpp"
#include "support/hostile.hpp"

using namespace truinlag;
using namespace truinlag::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

std::string truinlagd() {
  const char* path = std::getenv("TRUINLAGD");
  REQUIRE(path != nullptr);
  return path;
}

std::string cli() {
  const char* path = std::getenv("TRUINLAG_CLI");
  REQUIRE(path != nullptr);
  return path;
}

// The environment without $TRUINLAG_SOCKET and $XDG_RUNTIME_DIR, for the
// scope of one test: the default path falls back to /tmp/truinlag-<uid>/.
class NoSocketEnvironment {
 public:
  NoSocketEnvironment() {
    for (const char* name : {"TRUINLAG_SOCKET", "XDG_RUNTIME_DIR"}) {
      if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
      ::unsetenv(name);
    }
  }
  ~NoSocketEnvironment() {
    for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  std::vector<std::pair<std::string, std::string>> saved_;
};

bool live_socket(const std::string& path) {
  Peer probe(path);
  return probe.connected();
}

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0; }

}  // namespace

TEST_CASE("the socket and its lock file are 0600") {
  TempDir dir;
  DaemonProcess daemon(dir.file("a.sock"), dir.file("a.db"));
  REQUIRE(daemon.wait_ready());
  CHECK(mode_of(dir.file("a.sock")) == 0600);
  CHECK(mode_of(dir.file("a.sock.lock")) == 0600);
}

TEST_CASE("the default socket lives in a private /tmp/truinlag-<uid>/ directory") {
  NoSocketEnvironment environment;
  const std::string dir = fallback_socket_dir();
  const std::string socket = dir + "/truinlag.sock";
  CHECK(dir == "/tmp/truinlag-" + std::to_string(::getuid()));
  CHECK(default_socket_path() == socket);

  const auto help =
      run_command("env -u TRUINLAG_SOCKET -u XDG_RUNTIME_DIR " + truinlagd() + " --help");
  CHECK(help.exit_code == 0);
  for (const char* text :
       {"/tmp/truinlag-<uid>/truinlag.sock", "0700", "--max-clients", "--output-soft-limit-mib",
        "--output-soft-seconds", "--allow-uid", "--allow-gid", "--output-limit-mib"}) {
    CHECK_THAT(help.out, ::Catch::Contains(text));
  }
  const auto cli_help =
      run_command("env -u TRUINLAG_SOCKET -u XDG_RUNTIME_DIR " + cli() + " --help");
  CHECK_THAT(cli_help.out, ::Catch::Contains(socket));

  if (live_socket(socket)) {
    WARN("a daemon already serves " << socket << "; the default-path run is skipped");
    return;
  }
  TempDir tmp;
  const bool existed = fs::exists(dir);
  {
    // A directory others can enter is refused, with the reason.
    if (!existed) REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
    REQUIRE(::chmod(dir.c_str(), 0755) == 0);
    const auto refused = run_command("env -u TRUINLAG_SOCKET -u XDG_RUNTIME_DIR " + truinlagd() +
                                     " --db " + tmp.file("r.db") + " 2>&1");
    ::chmod(dir.c_str(), 0700);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.out, ::Catch::Contains("mode 0755") && ::Catch::Contains(dir));
    if (!existed) ::rmdir(dir.c_str());
  }
  // The real thing: no --socket at all.
  const std::string log = tmp.file("d.log");
  const auto started = run_command("env -u TRUINLAG_SOCKET -u XDG_RUNTIME_DIR " + truinlagd() +
                                   " --db " + tmp.file("d.db") + " > " + log + " 2>&1 & echo $!");
  const pid_t pid = static_cast<pid_t>(std::stol(started.out));
  bool ready = false;
  for (int i = 0; i < 1000 && !ready; ++i) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    ready = text.str().find("listening on " + socket) != std::string::npos;
    if (!ready) std::this_thread::sleep_for(10ms);
  }
  REQUIRE(ready);
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(socket) == 0600);
  struct stat info {};
  REQUIRE(::lstat(dir.c_str(), &info) == 0);
  CHECK(info.st_uid == ::geteuid());
  {
    auto client = Client::connect();  // the default path, like every client
    CHECK(std::holds_alternative<GlobalState>(client.send(GetState{}).get()));
    client.sender().shutdown().get();
  }
  for (int i = 0; i < 500 && process_alive(pid); ++i) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(process_alive(pid));
  CHECK_FALSE(fs::exists(socket));
  if (!existed) ::rmdir(dir.c_str());
}

namespace {

// As another user (root only): connects to `socket`, says Hello and
// returns every frame the daemon sends until it closes or 2 s pass.
std::vector<ServerMessage> frames_as_user(const std::string& socket, uid_t uid, gid_t gid) {
  const std::string hello = framed(payload_of(Hello{kProtocolVersion, "stranger"}));
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Only async-signal-safe calls from here on (the parent has threads).
    ::close(pipe_fds[0]);
    if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(2);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socket.c_str(),
                std::min(socket.size(), sizeof(address.sun_path) - 1));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) ::_exit(3);
    (void)!::send(fd, hello.data(), hello.size(), MSG_NOSIGNAL);
    char buffer[4096];
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      (void)!::write(pipe_fds[1], buffer, static_cast<std::size_t>(n));
    }
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string bytes;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) bytes.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  std::vector<ServerMessage> frames;
  while (bytes.size() >= 4) {
    const auto* h = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t length = (std::size_t{h[0]} << 24) | (std::size_t{h[1]} << 16) |
                               (std::size_t{h[2]} << 8) | std::size_t{h[3]};
    if (bytes.size() < 4 + length) break;
    auto decoded =
        protocol::decode_server(protocol::as_bytes(std::string_view(bytes).substr(4, length)));
    if (decoded.message) frames.push_back(std::move(*decoded.message));
    bytes.erase(0, 4 + length);
  }
  return frames;
}

}  // namespace

TEST_CASE("peer credentials: the owner is accepted, another uid only when allowed") {
  TempDir dir;
  const std::string socket = dir.file("c.sock");
  {
    DaemonProcess daemon(socket, dir.file("c.db"), {"--log-level", "debug"});
    REQUIRE(daemon.wait_ready());
    auto owner = Client::connect(socket);
    CHECK(std::holds_alternative<GlobalState>(owner.send(GetState{}).get()));
    CHECK_THAT(daemon.log(), ::Catch::Contains("accepted (uid " + std::to_string(::geteuid())));
    if (::geteuid() != 0) {
      WARN("not root: another uid cannot be tried (the rule itself is unit-tested)");
      return;
    }
    // Let uid 65534 reach the socket at all; only SO_PEERCRED stops it.
    ::chmod(dir.path().c_str(), 0711);
    ::chmod(socket.c_str(), 0666);
    const auto frames = frames_as_user(socket, 65534, 65534);
    REQUIRE(frames.size() == 1);
    const auto* goodbye = std::get_if<Goodbye>(&frames[0]);
    REQUIRE(goodbye != nullptr);
    CHECK(goodbye->kind == GoodbyeKind::Refused);
    CHECK_THAT(goodbye->reason,
               ::Catch::Contains("uid 65534 ") && ::Catch::Contains("not allowed"));
    CHECK_THAT(daemon.log(), ::Catch::Contains("uid 65534 (gid 65534) is not allowed"));
    CHECK(std::holds_alternative<GlobalState>(owner.send(GetState{}).get()));
  }
  for (const std::vector<std::string>& allow :
       {std::vector<std::string>{"--allow-uid", "65534"},
        std::vector<std::string>{"--allow-uid", "7", "--allow-gid", "65534"}}) {
    DaemonProcess daemon(socket, dir.file("c.db"), allow);
    REQUIRE(daemon.wait_ready());
    ::chmod(socket.c_str(), 0666);
    const auto frames = frames_as_user(socket, 65534, 65534);
    REQUIRE_FALSE(frames.empty());
    CHECK(std::holds_alternative<Welcome>(frames[0]));
  }
}

TEST_CASE("passphrases stay out of GetState, broadcasts, the CLI and the log") {
  TempDir dir;
  const std::string socket = dir.file("p.sock");
  DaemonProcess daemon(socket, dir.file("p.db"), {"--log-level", "debug"});
  REQUIRE(daemon.wait_ready());
  Peer watcher(socket);  // subscribed to everything, reads raw bytes
  REQUIRE(watcher.send(Hello{kProtocolVersion, "watcher"}));
  auto client = Client::connect(socket);
  auto& sender = client.sender();
  const SessionId session = sender.add_session("S", Mode::Traditional).get();
  const PlayerId ann = sender.add_player("Ann", "Geheimnis-42", session).get();
  CHECK(std::holds_alternative<Success>(
      client.send(SetPlayerPassphrase{ann, "Neu-Geheim-77"}).get()));
  CHECK(std::holds_alternative<Success>(client.send(SetPlayerSession{ann, std::nullopt}).get()));
  // Refused: the error names no passphrase.
  const Result clash =
      client.send(AddPlayer{"Bob", "Neu-Geheim-77", std::nullopt, std::nullopt, std::nullopt})
          .get();
  REQUIRE(std::holds_alternative<Failure>(clash));

  // The login finds the player, but no answer carries the passphrase any
  // more, nor its hash, not even the organisers' export (issue 17: only
  // the keyed hash is kept).
  const Result login = client.send(GetPlayerByPassphrase{"neu-geheim-77"}).get();
  REQUIRE(std::holds_alternative<PlayerResult>(login));
  CHECK(std::get<PlayerResult>(login).player.name == "Ann");
  CHECK(std::get<PlayerResult>(login).player.passphrase.empty());
  const Result exported = client.send(Export{}).get();
  REQUIRE(std::holds_alternative<CatalogueResult>(exported));
  CHECK(std::get<CatalogueResult>(exported).catalogue.players.at(0).passphrase.empty());

  // GetState: the player, without it.
  const GlobalState state = sender.get_state().get();
  REQUIRE(state.players.size() == 1);
  CHECK(state.players[0].name == "Ann");
  CHECK(state.players[0].passphrase.empty());

  // Raw answers and every broadcast the watcher saw.
  const auto ask = [&](RequestId id, Command command) {
    REQUIRE(watcher.send(Request{id, std::move(command)}));
  };
  ask(1, GetState{});
  ask(2, GetSessionState{session});
  ask(3, ListPastGames{std::nullopt});
  ask(4, GetChallengeSets{});
  ask(5, Ping{"last"});
  bool last_seen = false;
  while (!last_seen) {
    auto message = watcher.receive(2s);
    REQUIRE(message);
    if (const auto* b = std::get_if<Broadcast>(&*message)) {
      const auto* ping = std::get_if<Pinged>(&b->event);
      last_seen = ping && ping->payload == std::optional<std::string>("last");
    }
  }
  for (const char* secret : {"Geheimnis-42", "Neu-Geheim-77"}) {
    CHECK(watcher.received_bytes().find(secret) == std::string::npos);
  }
  CHECK(std::get<Failure>(clash).error == Error{AlreadyExists{"player passphrase"}});
  const std::string base = cli() + " --socket " + socket;
  for (const char* verb : {" player list", " --json player list", " --json state"}) {
    const auto out = run_command(base + verb);
    CHECK(out.exit_code == 0);
    CHECK_THAT(out.out, ::Catch::Contains("Ann"));
    CHECK_THAT(out.out, !::Catch::Contains("Neu-Geheim-77") && !::Catch::Contains("Geheimnis-42"));
  }

  // A malformed AddPlayer (a trailing byte): its error is logged, the
  // passphrase inside it is not.
  {
    Peer broken(socket);
    REQUIRE(broken.send(Hello{kProtocolVersion, "broken"}));
    REQUIRE(broken.write_bytes(
        framed(payload_of(Request{9, AddPlayer{"Cid", "Kaputt-Geheim-99", std::nullopt,
                                               std::nullopt, std::nullopt}}) +
               "!")));
    CHECK(broken.read_until_closed(2s).closed);
  }
  const std::string log = daemon.log();
  CHECK_THAT(log, ::Catch::Contains("protocol error"));
  for (const char* secret :
       {"Geheimnis-42", "Neu-Geheim-77", "neu-geheim-77", "Kaputt-Geheim-99"}) {
    CHECK_THAT(log, !::Catch::Contains(secret));
  }
}

TEST_CASE("a file, a directory or a symlink at the socket path is never removed") {
  TempDir dir;
  const std::string target = dir.file("precious.txt");
  std::ofstream(target) << "precious";
  const std::string file = dir.file("file.sock");
  std::ofstream(file) << "precious";
  const std::string directory = dir.file("dir.sock");
  fs::create_directory(directory);
  const std::string link = dir.file("link.sock");
  fs::create_symlink(target, link);
  for (const std::string& path : {file, directory, link}) {
    INFO(path);
    DaemonProcess daemon(path, dir.file("d.db"));
    CHECK(daemon.wait_exit(5s) == std::optional<int>(1));
    CHECK_THAT(daemon.log(), ::Catch::Contains(path + " exists and is not a socket; refusing to "
                                                      "remove it"));
  }
  CHECK(fs::is_regular_file(fs::symlink_status(file)));
  CHECK(fs::is_directory(fs::symlink_status(directory)));
  CHECK(fs::is_symlink(fs::symlink_status(link)));
  std::ifstream in(target);
  std::string content;
  in >> content;
  CHECK(content == "precious");
}
