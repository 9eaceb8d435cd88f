// session add | list | remove
#include <memory>

#include "daemon.hpp"
#include "format_lists.hpp"

namespace truinlag::cli {
namespace {

Verb add_session_add(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string name;
    std::string mode = "traditional";
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "add", "Create a session (sessions run their games in parallel)",
                            "truinlag-cli session add \"OG TrainLag\"\n"
                            "truinlag-cli session add Family --mode traditional --json");
  verb->add_option("NAME", args->name, "The session's name (unique, case-insensitive)")->required();
  verb->add_option("--mode", args->mode, "The game mode; only \"traditional\" has rules")
      ->capture_default_str();
  return {verb, [&global, args] {
            Mode mode{};
            if (!enum_from_name(args->mode, mode)) {
              throw usage_error("unknown mode \"" + args->mode + "\" (modes: traditional)");
            }
            Daemon daemon(global);
            const auto created = daemon.ask(AddSession{args->name, mode});
            return print_answer(
                global, created,
                "added session #" + std::to_string(created.id) + " " + args->name + "\n");
          }};
}

Verb add_session_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb = add_verb(noun, "list", "List the sessions",
                            "truinlag-cli session list\n"
                            "truinlag-cli session list --json | jq '.sessions[].name'");
  return {verb, [&global] {
            Daemon daemon(global);
            const GlobalState& state = daemon.global_state();
            return print_answer(global, state, sessions_text(state));
          }};
}

Verb add_session_remove(CLI::App& noun, const GlobalOptions& global) {
  auto session = std::make_shared<std::string>();
  CLI::App* verb =
      add_verb(noun, "remove", "Delete a session and its teams (its players stay, in no session)",
               "truinlag-cli session remove Family");
  verb->add_option("SESSION", *session, "A session name or id")->required();
  return {verb, [&global, session] {
            Daemon daemon(global);
            const SessionId id = daemon.session(*session);
            const auto done = daemon.ask(RemoveSession{id});
            return print_answer(global, done, "removed session #" + std::to_string(id) + "\n");
          }};
}

}  // namespace

void add_session_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "session", "Create, list and delete sessions");
  verbs.push_back(add_session_add(*noun, global));
  verbs.push_back(add_session_list(*noun, global));
  verbs.push_back(add_session_remove(*noun, global));
}

}  // namespace truinlag::cli
