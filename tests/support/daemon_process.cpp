#include "daemon_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "protocol/codec.hpp"
#include "protocol/frame.hpp"

namespace truinlag::testing {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "truinlag-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

DaemonProcess::DaemonProcess(const std::string& socket, const std::string& db,
                             std::vector<std::string> extra_args, long file_size_limit) {
  const char* binary = std::getenv("TRUINLAGD");
  if (!binary) throw std::runtime_error("TRUINLAGD is not set (run the tests through meson)");
  log_path_ = db + "." + std::to_string(::time(nullptr)) + "." +
              std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".log";
  std::vector<std::string> args{binary, "--socket", socket, "--db", db};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(log_fd, STDERR_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    if (file_size_limit > 0) {
      const rlimit limit{static_cast<rlim_t>(file_size_limit),
                         static_cast<rlim_t>(file_size_limit)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
}

DaemonProcess::~DaemonProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait_exit(std::chrono::seconds(5));
  }
  std::error_code ignored;
  fs::remove(log_path_, ignored);
}

bool DaemonProcess::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (log().find("listening on") != std::string::npos) return true;
    if (!running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

bool DaemonProcess::running() {
  if (exit_code_) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> DaemonProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (running()) {
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return exit_code_;
}

void DaemonProcess::send_signal(int signal) { ::kill(pid_, signal); }

long DaemonProcess::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

std::string DaemonProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandResult run_command(const std::string& command_line) {
  CommandResult result;
  FILE* pipe = ::popen(command_line.c_str(), "r");
  if (!pipe) return result;
  char chunk[4096];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0) result.out.append(chunk, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

RawPeer::RawPeer(const std::string& socket) {
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket.c_str(), sizeof(address.sun_path) - 1);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawPeer::~RawPeer() { close(); }

void RawPeer::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RawPeer::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

bool RawPeer::write_bytes(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool RawPeer::send(const ClientMessage& message) {
  std::string frame;
  protocol::append_frame(frame, protocol::encode(message));
  return write_bytes(frame);
}

bool RawPeer::fill(std::size_t bytes, Clock::time_point deadline) {
  while (buffer_.size() < bytes) {
    if (eof_ || fd_ < 0) return false;
    const auto remaining = deadline - Clock::now();
    if (remaining <= Clock::duration::zero()) return false;
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

std::optional<ServerMessage> RawPeer::receive(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
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

bool RawPeer::closed_within(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!eof_) {
    buffer_.clear();
    if (!fill(1, deadline) && !eof_) return false;
  }
  return true;
}

RawPeer::Ending RawPeer::read_until_closed(std::chrono::milliseconds timeout) {
  const auto start = Clock::now();
  Ending ending;
  while (auto message = receive(timeout)) ending.frames.push_back(std::move(*message));
  ending.closed = eof_;
  ending.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return ending;
}

}  // namespace truinlag::testing
