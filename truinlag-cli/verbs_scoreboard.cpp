// `scoreboard SESSION [--watch]`: the teams ranked by points (scoreboard.hpp).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "resolve.hpp"
#include "scoreboard.hpp"
#include "verbs.hpp"

namespace truinlag::cli {
namespace {

struct Args {
  std::string session;
  bool watch = false;
  bool no_color = false;
};

bool any_grace_running(const SessionState& state, Timestamp now) {
  for (const Team& team : state.teams) {
    if (grace_seconds_left(team, now)) return true;
  }
  return false;
}

int scoreboard(const GlobalOptions& global, const Args& args) {
  Client client = connect_daemon(global);
  const SessionId id =
      resolve_session(expect<GlobalState>(call(client, global, GetState{})), args.session);
  const bool tty = isatty(STDOUT_FILENO) == 1;
  const bool colour = colour_wanted(args.no_color, std::getenv("NO_COLOR"), tty);
  // Subscribed before the first look, so no change falls in between.
  if (args.watch) expect<Success>(call(client, global, Subscribe{id}));

  bool first = true;
  const auto draw = [&] {
    const SessionState state = expect<SessionState>(call(client, global, GetSessionState{id}));
    const Timestamp now = now_ms();
    if (global.json) {
      // --watch: one array per line, like `watch --json`.
      std::cout << scoreboard_json(state, now)
                       .dump(args.watch ? -1 : 2, ' ', false,
                             nlohmann::json::error_handler_t::replace)
                << std::endl;
    } else {
      if (args.watch && tty) std::cout << "\x1b[H\x1b[2J";
      if (args.watch && !tty && !first) std::cout << "\n";
      std::cout << scoreboard_text(state, now, colour) << std::flush;
    }
    first = false;
    return any_grace_running(state, now);
  };

  bool counting_down = draw();
  if (!args.watch) return kExitOk;
  while (true) {
    // On a terminal the grace column counts down: redraw each second while
    // a grace period runs, even without broadcasts. A timeout and a lost
    // connection look alike here; the redraw's request tells them apart.
    const bool tick = counting_down && tty && !global.json;
    const auto broadcast = tick ? client.recv_for(std::chrono::seconds(1)) : client.recv();
    if (!broadcast && !tick) {
      throw daemon_gone(global, "truinlagd at " + global.socket + " closed the connection");
    }
    // Global broadcasts (pings, players) do not change the table.
    if (broadcast && broadcast->session != id) continue;
    counting_down = draw();
  }
}

}  // namespace

Verb add_scoreboard_verb(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(app, "scoreboard",
               "A session's teams ranked by points: bounty, grace period left, open challenges",
               "truinlag-cli scoreboard \"OG TrainLag\"\n"
               "truinlag-cli scoreboard 1 --watch\n"
               "truinlag-cli scoreboard 1 --json | jq '.[] | {rank, name, points}'");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_flag("--watch", args->watch,
                 "Redraw on every broadcast of the session, until the daemon goes away (exit 3)");
  verb->add_flag("--no-color", args->no_color,
                 "Colours as #rrggbb (so too if $NO_COLOR is set or stdout is no terminal)");
  return {verb, [&global, args] { return scoreboard(global, *args); }};
}

}  // namespace truinlag::cli
