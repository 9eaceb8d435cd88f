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

Verb add_session_discord(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session;
    std::uint64_t server = 0, game_channel = 0, admin_channel = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(
      noun, "discord", "Set a session's Discord server and channels (an id not given is cleared)",
      "truinlag-cli session discord \"OG TrainLag\" --server 1 --game-channel 2 --admin-channel 3\n"
      "truinlag-cli session discord \"OG TrainLag\"     (all cleared)");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  CLI::Option* server = verb->add_option("--server", args->server, "Discord server (guild) id");
  CLI::Option* game = verb->add_option("--game-channel", args->game_channel, "The game's channel");
  CLI::Option* admin =
      verb->add_option("--admin-channel", args->admin_channel, "The organisers' channel");
  return {verb, [&global, args, server, game, admin] {
            Daemon daemon(global);
            const SessionId id = daemon.session(args->session);
            auto given = [](CLI::Option* option, std::uint64_t value) {
              return option->count() > 0 ? std::optional<std::uint64_t>(value) : std::nullopt;
            };
            const auto done = daemon.ask(SetSessionDiscord{id, given(server, args->server),
                                                           given(game, args->game_channel),
                                                           given(admin, args->admin_channel)});
            return print_answer(global, done,
                                "session #" + std::to_string(id) + ": Discord ids set\n");
          }};
}

}  // namespace

void add_session_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "session", "Create, list and delete sessions");
  verbs.push_back(add_session_add(*noun, global));
  verbs.push_back(add_session_list(*noun, global));
  verbs.push_back(add_session_remove(*noun, global));
  verbs.push_back(add_session_discord(*noun, global));
}

}  // namespace truinlag::cli
