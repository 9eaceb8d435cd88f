#include "client_pool.hpp"

#include <optional>
#include <stdexcept>

namespace truinlag::bench {

namespace {
// Connections in their handshake at once: well below the daemon's backlog.
constexpr std::size_t kConnectWindow = 64;
}  // namespace

ClientPool::ClientPool(uv_loop_t* loop, std::string socket_path)
    : loop_(loop), socket_path_(std::move(socket_path)) {
  uv_timer_init(loop_, &tick_);
}

ClientPool::~ClientPool() {
  close_all();
  uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
  uv_run(loop_, UV_RUN_NOWAIT);
}

void ClientPool::connect(std::size_t count) {
  std::size_t in_flight = 0;
  std::size_t started = 0;
  std::optional<std::string> failure;
  ClientOptions options;
  options.client_name = "truinlag-bench";
  const auto start_one = [&] {
    ++started;
    ++in_flight;
    clients_.push_back(std::make_unique<LoopClient>(loop_, socket_path_, options,
                                                    [&](std::optional<std::string> error) {
                                                      --in_flight;
                                                      if (error && !failure) failure = *error;
                                                    }));
  };
  while (started < count || in_flight > 0) {
    while (started < count && in_flight < kConnectWindow && !failure) start_one();
    if (failure) {
      // Let the in-flight ones finish before the callbacks' captures go.
      run_until([&] { return in_flight == 0; });
      throw std::runtime_error("connecting failed: " + *failure);
    }
    uv_run(loop_, UV_RUN_ONCE);
  }
}

void ClientPool::close_all() {
  clients_.clear();
  // Close callbacks run on the next turns; a few are enough.
  for (int i = 0; i < 4; ++i) uv_run(loop_, UV_RUN_NOWAIT);
}

void ClientPool::run_until(const std::function<bool()>& done, std::uint64_t timeout_ms) {
  const std::uint64_t deadline = now_ns() + timeout_ms * 1'000'000;
  uv_timer_start(
      &tick_, [](uv_timer_t*) {}, 100, 100);
  while (!done()) {
    if (now_ns() > deadline) {
      uv_timer_stop(&tick_);
      throw std::runtime_error("timed out after " + std::to_string(timeout_ms) + " ms");
    }
    uv_run(loop_, UV_RUN_ONCE);
  }
  uv_timer_stop(&tick_);
}

Result ClientPool::call(std::size_t i, Command command) {
  std::optional<std::optional<Result>> answer;
  clients_.at(i)->send(std::move(command),
                       [&](std::optional<Result> result) { answer = std::move(result); });
  run_until([&] { return answer.has_value(); }, 10000);
  if (!*answer) throw std::runtime_error("disconnected: " + clients_[i]->disconnect_reason());
  return std::move(**answer);
}

}  // namespace truinlag::bench
