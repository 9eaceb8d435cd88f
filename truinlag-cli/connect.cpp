// Connecting to the daemon and sending one command, with the errors a
// person can act on; the helpers that build nouns and verbs.
#include <algorithm>

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

CLI::App* add_noun(CLI::App& app, const std::string& name, const std::string& help) {
  CLI::App* noun = app.add_subcommand(name, help);
  noun->require_subcommand(1);
  return noun;
}

CLI::App* add_verb(CLI::App& parent, const std::string& name, const std::string& help,
                   const std::string& examples) {
  CLI::App* verb = parent.add_subcommand(name, help);
  std::string footer = examples.find('\n') == std::string::npos ? "Example:" : "Examples:";
  std::size_t start = 0;
  while (start < examples.size()) {
    const std::size_t end = std::min(examples.find('\n', start), examples.size());
    footer += "\n  " + examples.substr(start, end - start);
    start = end + 1;
  }
  verb->footer(footer);
  return verb;
}

void fail_with(const Error& error) { throw CliError(kExitFailure, "error: " + describe(error)); }

}  // namespace truinlag::cli
