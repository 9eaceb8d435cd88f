// truinlag-cli: administers a running truinlagd over its unix socket.
//
// Thin by design: each verb sends commands through libtruinlag's Client and
// prints the answers, as text for people or as JSON for scripts.
#include <vector>

#include "integer_options.hpp"
#include "verbs.hpp"

int main(int argc, char** argv) {
  using namespace truinlag::cli;
  GlobalOptions global;
  global.socket = truinlag::default_socket_path();

  CLI::App app{"truinlag-cli: administer a running truinlagd"};
  app.add_option("--socket", global.socket,
                 "The daemon's unix socket (default: $TRUINLAG_SOCKET, else "
                 "$XDG_RUNTIME_DIR/truinlag.sock, else /tmp/truinlag-<uid>/truinlag.sock)")
      ->capture_default_str();
  app.add_flag("--json", global.json, "Print answers as JSON instead of text");
  app.require_subcommand(1);
  // Global options may also follow the verb: `truinlag-cli state --json`.
  app.fallthrough();
  app.footer(
      "Exit codes: 0 success, 1 the engine refused or a name names nothing (or several things),\n"
      "2 usage error (also a malformed value or JSON), 3 no daemon or it went away.\n"
      "Run `truinlag-cli <verb> --help` for a verb's options and an example.");

  Verbs verbs = {add_ping_verb(app, global), add_shutdown_verb(app, global),
                 add_watch_verb(app, global), add_backup_verb(app, global)};
  add_query_verbs(app, global, verbs);
  add_session_verbs(app, global, verbs);
  add_player_verbs(app, global, verbs);
  add_team_verbs(app, global, verbs);
  add_catalogue_verbs(app, global, verbs);
  add_challenge_verbs(app, global, verbs);
  add_config_verbs(app, global, verbs);
  add_game_verbs(app, global, verbs);
  add_picture_verbs(app, global, verbs);
  add_token_verbs(app, global, verbs);
  verbs.push_back(add_import_verb(app, global));
  verbs.push_back(add_export_verb(app, global));
  verbs.push_back(add_scoreboard_verb(app, global));
  verbs.push_back(add_completion_verb(app));
  // After every verb: no integer argument is left to CLI11's saturating,
  // base-guessing conversion.
  require_decimal_integers(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports a misspelt verb as "a subcommand is required"; say what
    // was wrong instead.
    if (const auto extra = app.remaining(); app.get_subcommands().empty() && !extra.empty()) {
      std::string names;
      for (const CLI::App* verb : app.get_subcommands([](CLI::App*) { return true; })) {
        names += (names.empty() ? "" : ", ") + verb->get_name();
      }
      std::cerr << "error: unknown verb \"" << extra.front() << "\" (verbs: " << names << ")\n"
                << "Run with --help for more information.\n";
      return kExitUsage;
    }
    // --help is a "parse error" with code 0; every real one is a usage error.
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  for (const Verb& verb : verbs) {
    if (!verb.command->parsed()) continue;
    try {
      return verb.run();
    } catch (const CliError& e) {
      std::cerr << e.what() << "\n";
      return e.exit_code();
    } catch (const truinlag::EngineError& e) {
      // Scripts reading --json see the refusal as the engine sent it.
      if (global.json) print_json(truinlag::Result{truinlag::Failure{e.error()}});
      std::cerr << "error: " << e.what() << "\n";
      return kExitFailure;
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  return kExitUsage;
}
