// Client, Sender and Receiver: thin handles on a shared Connection, and
// the typed helpers that turn raw results into values or EngineErrors.
#include "truinlag/client.hpp"

#include <type_traits>

#include "client/connection.hpp"

namespace truinlag {
namespace {

using client_detail::Connection;

// Sends `command` and fulfils a std::future<T> with convert(result) on the
// loop thread; whatever convert throws reaches the future instead.
template <class T, class Convert>
std::future<T> request(Connection* connection, Command command, Convert convert) {
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> future = promise->get_future();
  auto done = [promise, convert](std::optional<Result> result, const std::string& reason) {
    if (!result) {
      promise->set_exception(std::make_exception_ptr(Disconnected(reason)));
      return;
    }
    try {
      if constexpr (std::is_void_v<T>) {
        convert(std::move(*result));
        promise->set_value();
      } else {
        promise->set_value(convert(std::move(*result)));
      }
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  };
  if (connection == nullptr) {
    done(std::nullopt, "this client was moved from or split");
  } else {
    connection->submit(std::move(command), std::move(done));
  }
  return future;
}

// The alternative a typed helper expects; a Failure becomes its
// EngineError, and any other answer means the peers disagree on the
// protocol.
template <class Expected>
auto expect(std::string_view command) {
  return [command](Result result) {
    if (auto* expected = std::get_if<Expected>(&result)) return std::move(*expected);
    if (auto* failure = std::get_if<Failure>(&result)) throw EngineError(failure->error);
    const std::string_view got =
        std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kName; }, result);
    throw EngineError(
        ProtocolError{"unexpected answer " + std::string(got) + " to " + std::string(command)});
  };
}

}  // namespace

EngineError::EngineError(Error error)
    : std::runtime_error(describe(error)), error_(std::move(error)) {}

Sender::Sender(std::shared_ptr<client_detail::Connection> connection)
    : connection_(std::move(connection)) {}

std::future<Result> Sender::send(Command command) {
  return request<Result>(connection_.get(), std::move(command), [](Result r) { return r; });
}

std::future<void> Sender::ping(std::optional<std::string> payload) {
  return request<void>(connection_.get(), Ping{std::move(payload)}, expect<Success>("ping"));
}

std::future<GlobalState> Sender::get_state() {
  return request<GlobalState>(connection_.get(), GetState{}, expect<GlobalState>("get_state"));
}

std::future<void> Sender::shutdown() {
  return request<void>(connection_.get(), Shutdown{}, expect<Success>("shutdown"));
}

std::future<void> Sender::subscribe(SessionId session) {
  return request<void>(connection_.get(), Subscribe{session}, expect<Success>("subscribe"));
}

std::future<void> Sender::subscribe_all() {
  return request<void>(connection_.get(), Subscribe{std::nullopt}, expect<Success>("subscribe"));
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
