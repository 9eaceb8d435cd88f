// The verbs that send one command and print its answer: ping, shutdown.
#include <memory>

#include "verbs.hpp"

namespace truinlag::cli {

Verb add_ping_verb(CLI::App& app, const GlobalOptions& global) {
  auto payload = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand("ping", "Check that truinlagd answers; watchers see a Pinged broadcast");
  CLI::Option* given =
      command->add_option("payload", *payload, "Text the Pinged broadcast carries (optional)");
  command->footer(
      "Example:\n"
      "  truinlag-cli ping hello        prints \"pong\"; `watch` shows \"Pinged: hello\"");
  return {command, [&global, payload, given] {
            Client client = connect_daemon(global);
            Ping ping;
            if (given->count() > 0) ping.payload = *payload;
            return report<Success>(global, call(client, global, ping),
                                   [](const Success&) { return "pong\n"; });
          }};
}

Verb add_shutdown_verb(CLI::App& app, const GlobalOptions& global) {
  CLI::App* command = app.add_subcommand(
      "shutdown", "Stop truinlagd gracefully (it answers first, then tells every client)");
  command->footer(
      "Example:\n"
      "  truinlag-cli --socket /tmp/t.sock shutdown");
  return {command, [&global] {
            Client client = connect_daemon(global);
            return report<Success>(global, call(client, global, Shutdown{}),
                                   [](const Success&) { return "truinlagd is shutting down\n"; });
          }};
}

}  // namespace truinlag::cli
