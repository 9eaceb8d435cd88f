// Client, Sender and Receiver: thin handles on a shared Connection. The
// typed helpers of Sender are in client_helpers.cpp.
#include "truinlag/client.hpp"

#include <type_traits>

#include "client/connection.hpp"

namespace truinlag {

EngineError::EngineError(Error error)
    : std::runtime_error(describe(error)), error_(std::move(error)) {}

void client_detail::throw_unexpected(const Result& result, std::string_view expected) {
  if (const auto* failure = std::get_if<Failure>(&result)) throw EngineError(failure->error);
  const std::string_view got =
      std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kName; }, result);
  throw EngineError(ProtocolError{"unexpected answer " + std::string(got) + " where " +
                                  std::string(expected) + " was expected"});
}

Sender::Sender(std::shared_ptr<client_detail::Connection> connection)
    : connection_(std::move(connection)) {}

void Sender::submit(Command command, client_detail::Completion done,
                    std::optional<std::string> key) {
  if (!connection_) {
    done(std::nullopt, "this client was moved from or split");
    return;
  }
  connection_->submit(std::move(command), std::move(done), std::move(key));
}

std::future<Result> Sender::send(Command command) { return send_keyed(std::move(command), {}); }

std::future<Result> Sender::send(Command command, std::string key) {
  return send_keyed(std::move(command), std::move(key));
}

std::future<Result> Sender::send_keyed(Command command, std::optional<std::string> key) {
  auto promise = std::make_shared<std::promise<Result>>();
  std::future<Result> future = promise->get_future();
  submit(
      std::move(command),
      [promise](std::optional<Result> result, const std::string& reason) {
        if (result) {
          promise->set_value(std::move(*result));
        } else {
          promise->set_exception(std::make_exception_ptr(Disconnected(reason)));
        }
      },
      std::move(key));
  return future;
}

bool Sender::connected() const { return connection_ && connection_->connected(); }

Receiver::Receiver(std::shared_ptr<client_detail::Connection> connection)
    : connection_(std::move(connection)) {}

Receiver::Receiver(Receiver&&) noexcept = default;

Receiver& Receiver::operator=(Receiver&& other) noexcept {
  if (this != &other) {
    if (connection_) connection_->broadcasts().detach();
    connection_ = std::move(other.connection_);
  }
  return *this;
}

Receiver::~Receiver() {
  // Nobody will take broadcasts any more; the Sender may live on.
  if (connection_) connection_->broadcasts().detach();
}

std::optional<Broadcast> Receiver::recv() {
  if (!connection_) return std::nullopt;
  return connection_->broadcasts().pop(std::nullopt);
}

std::optional<Broadcast> Receiver::recv_for(std::chrono::milliseconds timeout) {
  if (!connection_) return std::nullopt;
  return connection_->broadcasts().pop(std::chrono::steady_clock::now() + timeout);
}

std::uint64_t Receiver::dropped_broadcasts() const {
  return connection_ ? connection_->broadcasts().dropped() : 0;
}

std::uint64_t Receiver::resyncs() const {
  return connection_ ? connection_->broadcasts().resyncs() : 0;
}

Client Client::connect(const std::string& socket_path, ClientOptions options) {
  auto connection = client_detail::Connection::open(socket_path, std::move(options));
  return Client(Sender(connection), Receiver(connection));
}

Client::Client(Sender sender, Receiver receiver)
    : sender_(std::move(sender)), receiver_(std::move(receiver)) {}

std::pair<Sender, Receiver> Client::split() && {
  return {std::move(sender_), std::move(receiver_)};
}

}  // namespace truinlag
