// Sends one Ping and prints what the daemon answered.
//
//   ping [socket]     (default: truinlag::default_socket_path())
#include <iostream>
#include <type_traits>
#include <variant>

#include "truinlag/client.hpp"

int main(int argc, char** argv) {
  const std::string socket = argc > 1 ? argv[1] : truinlag::default_socket_path();
  try {
    auto client = truinlag::Client::connect(socket, {.client_name = "example-ping"});
    const truinlag::Result result = client.send(truinlag::Ping{"hello"}).get();
    std::visit(
        [](const auto& r) {
          using R = std::decay_t<decltype(r)>;
          std::cout << R::kName;
          if constexpr (std::is_same_v<R, truinlag::Failure>) {
            std::cout << ": " << truinlag::describe(r.error);
          }
          std::cout << '\n';
        },
        result);
    return std::holds_alternative<truinlag::Success>(result) ? 0 : 1;
  } catch (const std::exception& e) {
    // ConnectError names the socket; Disconnected says why the daemon left.
    std::cerr << "ping: " << e.what() << '\n';
    return 1;
  }
}
