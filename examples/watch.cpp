// Prints every broadcast (its kind and sequence number) until the daemon
// goes away.
//
//   watch [socket]    (default: truinlag::default_socket_path())
#include <iostream>
#include <type_traits>
#include <variant>

#include "truinlag/client.hpp"

int main(int argc, char** argv) {
  const std::string socket = argc > 1 ? argv[1] : truinlag::default_socket_path();
  try {
    auto client = truinlag::Client::connect(socket, {.client_name = "example-watch"});
    client.sender().subscribe_all().get();
    // recv() is empty once the connection is gone and every broadcast taken.
    while (auto broadcast = client.recv()) {
      const std::string_view kind = std::visit(
          [](const auto& event) { return std::decay_t<decltype(event)>::kName; }, broadcast->event);
      std::cout << broadcast->seq << ' ' << kind;
      if (broadcast->session) std::cout << " session " << *broadcast->session;
      std::cout << std::endl;  // flushed, so a pipe reader sees each line at once
    }
    std::cout << "disconnected\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "watch: " << e.what() << '\n';
    return 1;
  }
}
