#include "client/connection.hpp"

#include <pthread.h>
#include <signal.h>

#include <cassert>
#include <system_error>

#include "truinlag/client.hpp"

namespace truinlag::client_detail {

std::shared_ptr<Connection> Connection::open(const std::string& socket_path,
                                             ClientOptions options) {
  auto connection = std::make_shared<Connection>(socket_path, std::move(options));
  if (auto error = connection->handshake_.get_future().get()) {
    throw ConnectError(*error);  // the connection's destructor stops the thread
  }
  return connection;
}

Connection::Connection(std::string socket_path, ClientOptions options)
    : socket_path_(std::move(socket_path)),
      options_(std::move(options)),
      broadcasts_(options_.max_queued_broadcasts) {
  if (const int status = uv_loop_init(&loop_); status < 0) {
    throw ConnectError("cannot start the client loop: " + std::string(uv_strerror(status)));
  }
  if (const int status = uv_async_init(&loop_, &wake_, &on_wake); status < 0) {
    uv_loop_close(&loop_);
    throw ConnectError("cannot start the client loop: " + std::string(uv_strerror(status)));
  }
  wake_.data = this;
  try {
    thread_ = std::thread([this] {
      // A daemon that dies while this thread writes to it raises SIGPIPE in
      // this thread, whose default action would kill the whole program
      // linking the library. Blocked here, the write fails with EPIPE
      // instead and the client reports a lost connection.
      sigset_t pipe;
      sigemptyset(&pipe);
      sigaddset(&pipe, SIGPIPE);
      pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
      run();
    });
  } catch (...) {
    uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_loop_close(&loop_);
    throw;
  }
}

Connection::~Connection() {
  assert(std::this_thread::get_id() != thread_.get_id());
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  uv_async_send(&wake_);
  thread_.join();
  // uv_run returned, so every handle is closed and this cannot fail.
  [[maybe_unused]] const int status = uv_loop_close(&loop_);
  assert(status == 0);
}

void Connection::submit(Command command, Completion done, std::optional<std::string> key) {
  std::string reason;
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    if (!disconnected_ && !stopping_) {
      commands_.push_back({std::move(command), std::move(done), std::move(key)});
      queued = true;
    } else {
      reason = reason_;
    }
  }
  if (queued) {
    uv_async_send(&wake_);
  } else {
    done(std::nullopt, reason);  // already gone: fail without a loop round trip
  }
}

bool Connection::connected() const {
  std::lock_guard lock(mutex_);
  return connected_ && !disconnected_;
}

void Connection::run() {
  uv_timer_init(&loop_, &reconnect_timer_);
  reconnect_timer_.data = this;
  start_client();
  // Runs until the destructor closes the async handle and the LoopClient.
  uv_run(&loop_, UV_RUN_DEFAULT);
}

void Connection::start_client() {
  try {
    client_ = std::make_unique<LoopClient>(
        &loop_, socket_path_, options_,
        [this](std::optional<std::string> error) { handle_connected(std::move(error)); });
    client_->on_broadcast([this](Broadcast broadcast) { handle_broadcast(std::move(broadcast)); });
    client_->on_disconnect([this](const std::string& reason) { handle_disconnect(reason); });
  } catch (const std::system_error& e) {
    handle_connected("cannot connect to " + socket_path_ + ": " + e.code().message());
  } catch (const std::exception& e) {
    handle_connected("cannot connect to " + socket_path_ + ": " + e.what());
  }
}

void Connection::send_now(Pending pending) {
  const bool subscribe = std::holds_alternative<Subscribe>(pending.command);
  std::optional<SessionId> session;
  if (subscribe) session = std::get<Subscribe>(pending.command).session;
  client_->send(
      std::move(pending.command),
      [this, subscribe, session, done = std::move(pending.done)](std::optional<Result> result) {
        // client_ is set whenever the LoopClient calls back: the
        // destructor closes it before resetting.
        std::string reason;
        if (!result) reason = client_ ? client_->disconnect_reason() : "the connection was lost";
        // What a reconnection subscribes to again.
        if (subscribe && result && std::holds_alternative<Success>(*result)) subscription_ = session;
        done(std::move(result), reason);
      },
      std::move(pending.key));
}

void Connection::on_wake(uv_async_t* async) {
  auto* self = static_cast<Connection*>(async->data);
  std::deque<Pending> commands;
  bool stopping = false;
  {
    std::lock_guard lock(self->mutex_);
    commands.swap(self->commands_);
    stopping = self->stopping_;
  }
  for (Pending& pending : commands) {
    if (self->reconnecting_) {
      self->waiting_.push_back(std::move(pending));
    } else if (!self->client_) {
      pending.done(std::nullopt, "not connected");
    } else {
      self->send_now(std::move(pending));
    }
  }
  if (stopping) {
    for (Pending& pending : std::exchange(self->waiting_, {})) {
      pending.done(std::nullopt, "the client was closed");
    }
    self->reconnecting_ = false;
    if (self->client_) {
      self->client_->close("the client was closed");
      self->client_.reset();
    }
    self->retired_.reset();
    uv_close(reinterpret_cast<uv_handle_t*>(&self->reconnect_timer_), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&self->wake_), nullptr);
  }
}

void Connection::handle_connected(std::optional<std::string> error) {
  if (ever_connected_) {
    // A reconnection.
    if (error) {
      schedule_reconnect();
      return;
    }
    {
      std::lock_guard lock(mutex_);
      connected_ = true;
    }
    reconnecting_ = false;
    backoff_ = std::chrono::milliseconds{0};
    send_resume();
    for (Pending& pending : std::exchange(waiting_, {})) send_now(std::move(pending));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (error) {
      disconnected_ = true;
      reason_ = *error;
    } else {
      connected_ = true;
    }
  }
  if (error) {
    broadcasts_.close();
  } else {
    ever_connected_ = true;
    if (const auto& welcome = client_->welcome()) {
      epoch_ = welcome->epoch;
      last_seq_ = welcome->last_seq;
    }
  }
  handshake_.set_value(std::move(error));
}

void Connection::handle_broadcast(Broadcast broadcast) {
  if (broadcast.seq == 0) {  // not logged (Pinged): never replayed, never a gap
    broadcasts_.push(std::move(broadcast));
    return;
  }
  if (options_.reconnect) {
    if (resuming_) {
      if (broadcast.seq > last_seq_) resume_buffer_.emplace(broadcast.seq, std::move(broadcast));
      return;
    }
    if (broadcast.seq <= last_seq_) return;  // replayed and live both brought it
  }
  last_seq_ = std::max(last_seq_, broadcast.seq);
  broadcasts_.push(std::move(broadcast));
}

void Connection::handle_disconnect(const std::string& reason) {
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    stopping = stopping_;
    if (options_.reconnect && !stopping) {
      connected_ = false;
    } else {
      disconnected_ = true;
      reason_ = reason;
    }
  }
  if (options_.reconnect && !stopping) {
    // The LoopClient calling us is freed on the timer, not inside its own
    // callback; its pending requests already failed with Disconnected.
    reconnecting_ = true;
    resuming_ = false;
    resume_buffer_.clear();
    retired_ = std::move(client_);
    schedule_reconnect();
    return;
  }
  broadcasts_.close();
}

void Connection::schedule_reconnect() {
  if (client_) retired_ = std::move(client_);
  backoff_ = backoff_.count() == 0 ? options_.reconnect_min_delay
                                   : std::min(backoff_ * 2, options_.reconnect_max_delay);
  uv_timer_start(&reconnect_timer_, &on_reconnect_timer,
                 static_cast<std::uint64_t>(std::max<std::int64_t>(backoff_.count(), 1)), 0);
}

void Connection::on_reconnect_timer(uv_timer_t* timer) {
  auto* self = static_cast<Connection*>(timer->data);
  self->retired_.reset();
  if (!self->reconnecting_) return;  // stopped meanwhile
  self->start_client();
}

void Connection::send_resume() {
  resuming_ = true;
  client_->send(Resume{epoch_, last_seq_, subscription_},
                [this](std::optional<Result> result) { finish_resume(result); });
}

void Connection::finish_resume(const std::optional<Result>& result) {
  if (!result) return;  // lost again: handle_disconnect starts over
  resuming_ = false;
  const auto* failure = std::get_if<Failure>(&*result);
  if (failure != nullptr) {
    if (const auto* resync = std::get_if<ResyncRequired>(&failure->error)) {
      // The missed broadcasts are gone: say so, and go on from what this
      // connection's Welcome said was the last one.
      broadcasts_.note_resync();
      epoch_ = resync->epoch;
      if (const auto& welcome = client_->welcome()) last_seq_ = welcome->last_seq;
    } else {
      broadcasts_.note_resync();  // refused otherwise: nothing is known
    }
  }
  for (auto& [seq, broadcast] : std::exchange(resume_buffer_, {})) {
    if (seq <= last_seq_) continue;
    last_seq_ = seq;
    broadcasts_.push(std::move(broadcast));
  }
}

}  // namespace truinlag::client_detail
