// What every verb of truinlag-cli shares: global options, exit codes,
// connecting, sending one command and reporting its answer.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_error.hpp"
#include "truinlag/json.hpp"
#include "truinlag/client.hpp"

namespace truinlag::cli {

// Options before the verb.
struct GlobalOptions {
  std::string socket;  // the daemon's unix socket
  bool json = false;   // print answers as JSON instead of text
};

// A verb: the subcommand it added to the app, and what runs if it was given.
struct Verb {
  CLI::App* command;
  std::function<int()> run;
};

using Verbs = std::vector<Verb>;

// Each adds its subcommand to `app`; `global` must outlive the returned Verb.
Verb add_ping_verb(CLI::App& app, const GlobalOptions& global);
Verb add_shutdown_verb(CLI::App& app, const GlobalOptions& global);
Verb add_watch_verb(CLI::App& app, const GlobalOptions& global);
Verb add_backup_verb(CLI::App& app, const GlobalOptions& global);
Verb add_import_verb(CLI::App& app, const GlobalOptions& global);  // and its CSV/JSON files
Verb add_export_verb(CLI::App& app, const GlobalOptions& global);
Verb add_scoreboard_verb(CLI::App& app, const GlobalOptions& global);
// `completion`: walks `app` when it runs, so add it with the others and
// keep `app` alive until then.
Verb add_completion_verb(CLI::App& app);

// Each adds a noun (`session`) with its verbs (`session add`) to `app`,
// or, for the query verbs, the verbs themselves (`state`, `events`, ...).
void add_session_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_player_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_team_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_catalogue_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);  // set, zone
void add_challenge_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_config_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_game_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_query_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_picture_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);
void add_token_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs);

// A noun groups verbs (`session add`, `session list`); one must follow it.
CLI::App* add_noun(CLI::App& app, const std::string& name, const std::string& help);

// A verb with its one-line help and a footer of examples (one per line).
CLI::App* add_verb(CLI::App& parent, const std::string& name, const std::string& help,
                   const std::string& examples);

// The wall clock in the engine's unit (ms since the epoch), for views
// that show time left.
inline Timestamp now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Connects and shakes hands; throws CliError(kExitDisconnected) saying how
// to start the daemon when nobody answers.
Client connect_daemon(const GlobalOptions& global);

// The daemon is not there (any more): exit 3, with how to start it.
CliError daemon_gone(const GlobalOptions& global, const std::string& what);

// Sends one command and waits for its answer; a lost connection throws
// CliError(kExitDisconnected).
Result call(Client& client, const GlobalOptions& global, Command command);

// Throws CliError(kExitFailure) with "error: <describe(error)>".
[[noreturn]] void fail_with(const Error& error);

// The answer as the alternative R; a Failure, or any other answer, throws
// CliError(kExitFailure).
template <class R>
const R& expect(const Result& result) {
  if (const auto* failure = std::get_if<Failure>(&result)) fail_with(failure->error);
  if (const auto* answer = std::get_if<R>(&result)) return *answer;
  const std::string_view got =
      std::visit([](const auto& other) { return std::decay_t<decltype(other)>::kName; }, result);
  throw CliError(kExitFailure,
                 "error: expected a " + std::string(R::kName) + " answer, got " + std::string(got));
}

// One JSON document on stdout: indented, or on one line (for streams).
template <class T>
void print_json(const T& value, bool one_line = false) {
  std::cout << to_ordered_json_value(value).dump(one_line ? -1 : 2, ' ', false,
                                                 nlohmann::json::error_handler_t::replace)
            << std::endl;
}

// Reports the answer of a verb: with --json the whole Result (a Failure
// too) on stdout, else `text(answer)`. A Failure exits 1.
template <class R, class Text>
int report(const GlobalOptions& global, const Result& result, Text text) {
  if (global.json) print_json(result);
  const R& answer = expect<R>(result);
  if (!global.json) std::cout << text(answer) << std::flush;
  return kExitOk;
}

}  // namespace truinlag::cli
