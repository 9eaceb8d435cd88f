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

void Connection::submit(Command command, Completion done) {
  std::string reason;
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    if (!disconnected_ && !stopping_) {
      commands_.push_back({std::move(command), std::move(done)});
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
  try {
    client_ = std::make_unique<LoopClient>(
        &loop_, socket_path_, options_,
        [this](std::optional<std::string> error) { handle_connected(std::move(error)); });
    client_->on_broadcast([this](Broadcast broadcast) { broadcasts_.push(std::move(broadcast)); });
    client_->on_disconnect([this](const std::string& reason) { handle_disconnect(reason); });
  } catch (const std::system_error& e) {
    handle_connected("cannot connect to " + socket_path_ + ": " + e.code().message());
  } catch (const std::exception& e) {
    handle_connected("cannot connect to " + socket_path_ + ": " + e.what());
  }
  // Runs until the destructor closes the async handle and the LoopClient.
  uv_run(&loop_, UV_RUN_DEFAULT);
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
  for (auto& [command, done] : commands) {
    if (!self->client_) {
      done(std::nullopt, "not connected");
      continue;
    }
    self->client_->send(std::move(command),
                        [self, done = std::move(done)](std::optional<Result> result) {
                          // client_ is set whenever the LoopClient calls back:
                          // the destructor closes it before resetting.
                          std::string reason;
                          if (!result) reason = self->client_->disconnect_reason();
                          done(std::move(result), reason);
                        });
  }
  if (stopping) {
    if (self->client_) {
      self->client_->close("the client was closed");
      self->client_.reset();
    }
    uv_close(reinterpret_cast<uv_handle_t*>(&self->wake_), nullptr);
  }
}

void Connection::handle_connected(std::optional<std::string> error) {
  {
    std::lock_guard lock(mutex_);
    if (error) {
      disconnected_ = true;
      reason_ = *error;
    } else {
      connected_ = true;
    }
  }
  if (error) broadcasts_.close();
  handshake_.set_value(std::move(error));
}

void Connection::handle_disconnect(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    disconnected_ = true;
    reason_ = reason;
  }
  broadcasts_.close();
}

}  // namespace truinlag::client_detail
