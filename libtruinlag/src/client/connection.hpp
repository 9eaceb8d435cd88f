// client_detail::Connection: the private loop thread behind Client,
// Sender and Receiver.
//
// The connection owns a uv loop, the thread running it and a LoopClient on
// it. Other threads hand commands over through a mutex-protected queue and
// a uv_async_t; the loop thread answers through completions and the
// broadcast queue. Sender and Receiver share it by shared_ptr; callbacks on
// the loop thread only hold raw pointers, so the last owner, and with it
// the destructor that joins the thread, is always a user thread.
#pragma once

#include <uv.h>

#include <deque>
#include <functional>
#include <map>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "client/broadcast_queue.hpp"
#include "truinlag/client.hpp"  // client_detail::Completion
#include "truinlag/loop_client.hpp"

namespace truinlag::client_detail {

struct Connection {
 public:
  // client_detail::Completion (truinlag/client.hpp): on the loop thread,
  // or at once in submit() when the connection was already gone.
  using Completion = client_detail::Completion;

  // Starts the loop thread and completes the handshake; throws
  // ConnectError with the reason otherwise.
  static std::shared_ptr<Connection> open(const std::string& socket_path, ClientOptions options);

  // Starts the loop thread; open() waits for the handshake.
  Connection(std::string socket_path, ClientOptions options);
  // Closes the connection (pending completions get nullopt), stops the
  // loop and joins its thread. Never called on the loop thread.
  ~Connection();

  // Not copyable or movable: the loop thread holds a pointer to it.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // From any thread.
  void submit(Command command, Completion done, std::optional<std::string> key = std::nullopt);
  bool connected() const;
  BroadcastQueue& broadcasts() { return broadcasts_; }

 private:
  struct Pending {
    Command command;
    Completion done;
    std::optional<std::string> key;
  };

  // Loop thread only.
  void run();
  static void on_wake(uv_async_t* async);
  void start_client();
  void send_now(Pending pending);
  void handle_connected(std::optional<std::string> error);
  void handle_disconnect(const std::string& reason);
  void handle_broadcast(Broadcast broadcast);
  // Reconnection (ClientOptions::reconnect).
  void schedule_reconnect();
  static void on_reconnect_timer(uv_timer_t* timer);
  void send_resume();
  void finish_resume(const std::optional<Result>& result);

  const std::string socket_path_;
  const ClientOptions options_;
  uv_loop_t loop_;
  uv_async_t wake_;
  std::thread thread_;
  std::promise<std::optional<std::string>> handshake_;
  std::unique_ptr<LoopClient> client_;  // loop thread only
  BroadcastQueue broadcasts_;

  // Loop thread only: what a reconnection resumes from.
  uv_timer_t reconnect_timer_{};
  std::unique_ptr<LoopClient> retired_;  // the lost connection, freed on the next timer
  std::chrono::milliseconds backoff_{0};
  bool ever_connected_ = false;
  bool reconnecting_ = false;  // between a loss and the new connection's handshake
  std::deque<Pending> waiting_;  // sent while reconnecting
  std::uint64_t epoch_ = 0;
  std::uint64_t last_seq_ = 0;
  std::optional<SessionId> subscription_;  // the last successful Subscribe
  // Between a new connection's Welcome and the Resume answer, live and
  // replayed broadcasts both arrive: kept here, sorted, without repeats.
  bool resuming_ = false;
  std::map<std::uint64_t, Broadcast> resume_buffer_;

  mutable std::mutex mutex_;  // guards the members below
  std::deque<Pending> commands_;
  bool connected_ = false;
  bool disconnected_ = false;
  bool stopping_ = false;
  std::string reason_;
};

}  // namespace truinlag::client_detail
