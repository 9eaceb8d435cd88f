// Connecting to the daemon and sending one command, with the errors a
// person can act on.
#include "verbs.hpp"

namespace truinlag::cli {

CliError daemon_gone(const GlobalOptions& global, const std::string& what) {
  return CliError(kExitDisconnected, "error: " + what +
                                         "\nis truinlagd running? start it with: truinlagd "
                                         "--socket " +
                                         global.socket);
}

Client connect_daemon(const GlobalOptions& global) {
  ClientOptions options;
  options.client_name = "truinlag-cli";
  try {
    return Client::connect(global.socket, options);
  } catch (const std::exception& e) {
    // The library's message names the socket and the cause.
    throw daemon_gone(global, e.what());
  }
}

Result call(Client& client, const GlobalOptions& global, Command command) {
  try {
    return client.send(std::move(command)).get();
  } catch (const Disconnected& e) {
    throw daemon_gone(global,
                      "lost the connection to truinlagd at " + global.socket + ": " + e.what());
  }
}

void fail_with(const Error& error) { throw CliError(kExitFailure, "error: " + describe(error)); }

}  // namespace truinlag::cli
