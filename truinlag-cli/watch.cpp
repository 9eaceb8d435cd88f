// `watch`: prints broadcasts as they arrive, until the daemon goes away.
#include <ctime>
#include <memory>
#include <optional>

#include "format_text.hpp"
#include "resolve.hpp"
#include "verbs.hpp"

namespace truinlag::cli {
namespace {

// Names of sessions and players, and the teams of session `only` (of every
// session when empty): what the lines say instead of ids.
void fetch_names(Client& client, const GlobalOptions& global, NameTable& names,
                 const GlobalState& state, std::optional<SessionId> only) {
  learn_names(names, state);
  for (const Session& session : state.sessions) {
    if (only && session.id != *only) continue;
    const Result answer = call(client, global, GetSessionState{session.id});
    learn_names(names, expect<SessionState>(answer).teams);
  }
}

// Subscribes (to one session, or to all), then prints broadcasts until
// the daemon goes away, which is the only way this ends besides a signal.
int watch(const GlobalOptions& global, const std::optional<std::string>& session) {
  Client client = connect_daemon(global);
  Subscribe subscribe;  // all sessions unless one is named
  NameTable names;      // text lines only: --json prints ids, as the engine sent them
  if (session || !global.json) {
    const GlobalState state = expect<GlobalState>(call(client, global, GetState{}));
    if (session) subscribe.session = resolve_session(state, *session);  // resolve.hpp
    if (!global.json) fetch_names(client, global, names, state, subscribe.session);
  }
  expect<Success>(call(client, global, subscribe));
  while (auto broadcast = client.recv()) {
    if (global.json) {
      print_json(*broadcast, true);  // one object per line
      continue;
    }
    learn_names(names, broadcast->event);
    // Something made since we asked (a team added later): ask once more;
    // whatever is still unknown shows as its id.
    if (lacks_names(names, *broadcast)) {
      const GlobalState state = expect<GlobalState>(call(client, global, GetState{}));
      if (broadcast->session) {
        fetch_names(client, global, names, state, broadcast->session);
      } else {
        learn_names(names, state);  // a global broadcast names no team
      }
    }
    // std::endl: a watcher piped into a file or another program sees each
    // line as it happens.
    std::cout << broadcast_line(*broadcast, std::time(nullptr), names) << std::endl;
  }
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
      "Output: one line per broadcast, \"HH:MM:SS <Event>: <what happened>\" in local time,\n"
      "naming teams and players, e.g.\n"
      "  12:03:17 Pinged: hello\n"
      "  12:05:40 Caught: Blau caught Rot, bounty 420 [session OG TrainLag]\n"
      "or with --json one object per line: {\"seq\":..,\"session\":..,\"event\":{..}}\n"
      "Examples:\n"
      "  truinlag-cli watch\n"
      "  truinlag-cli --json watch --session zurich");
  return {command, [&global, session, given] {
            return watch(global, given->count() > 0 ? std::optional(*session) : std::nullopt);
          }};
}

}  // namespace truinlag::cli
