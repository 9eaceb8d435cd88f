// `watch`: prints broadcasts as they arrive, until the daemon goes away.
#include <ctime>
#include <memory>
#include <optional>

#include "format_text.hpp"
#include "resolve.hpp"
#include "verbs.hpp"

namespace truinlag::cli {
namespace {

void print_broadcast(const Broadcast& broadcast, bool json) {
  if (json) {
    print_json(broadcast, true);
  } else {
    // std::endl: a watcher piped into a file or another program sees each
    // line as it happens.
    std::cout << broadcast_line(broadcast, std::time(nullptr)) << std::endl;
  }
}

// Subscribes (to one session, or to all), then prints broadcasts until
// the daemon goes away, which is the only way this ends besides a signal.
int watch(const GlobalOptions& global, const std::optional<std::string>& session) {
  Client client = connect_daemon(global);
  Subscribe subscribe;  // all sessions unless one is named
  if (session) {
    const Result state = call(client, global, GetState{});
    subscribe.session = resolve_session(expect<GlobalState>(state), *session);  // resolve.hpp
  }
  expect<Success>(call(client, global, subscribe));
  while (auto broadcast = client.recv()) print_broadcast(*broadcast, global.json);
  throw daemon_gone(global, "truinlagd at " + global.socket + " closed the connection");
}

}  // namespace

Verb add_watch_verb(CLI::App& app, const GlobalOptions& global) {
  auto session = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "watch", "Print every broadcast as it arrives, until the daemon goes away (exit 3)");
  CLI::Option* given = command->add_option(
      "--session", *session, "Only this session's broadcasts (and global ones): a name or an id");
  command->footer(
      "Output: one line per broadcast, \"HH:MM:SS <Event>: <details>\" in local time, e.g.\n"
      "  12:03:17 Pinged: hello\n"
      "or with --json one object per line: {\"seq\":..,\"session\":..,\"event\":{..}}\n"
      "Examples:\n"
      "  truinlag-cli watch\n"
      "  truinlag-cli --json watch --session zurich");
  return {command, [&global, session, given] {
            return watch(global, given->count() > 0 ? std::optional(*session) : std::nullopt);
          }};
}

}  // namespace truinlag::cli
