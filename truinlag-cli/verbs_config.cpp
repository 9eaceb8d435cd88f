// config get | set
#include <memory>

#include "config_args.hpp"
#include "daemon.hpp"
#include "format_lists.hpp"
#include "format_text.hpp"

namespace truinlag::cli {
namespace {

Verb add_config_get(CLI::App& noun, const GlobalOptions& global) {
  auto session = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, "get", "Show a session's configuration, every key",
                            "truinlag-cli config get \"OG TrainLag\"\n"
                            "truinlag-cli config get 1 --json | jq .config.num_catchers");
  verb->add_option("SESSION", *session, "A session name or id")->required();
  return {verb, [&global, session] {
            Daemon daemon(global);
            const SessionId id = daemon.session(*session);
            const auto config = daemon.ask(GetConfig{id});
            ConfigPatch overrides;
            for (const Session& s : daemon.global_state().sessions) {
              if (s.id == id) overrides = s.config;
            }
            return print_answer(global, config, config_text(config.config, overrides));
          }};
}

Verb add_config_set(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session;
    std::vector<std::string> assignments;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(
      noun, "set", "Change configuration keys of a session (not while its game runs)",
      "truinlag-cli config set \"OG TrainLag\" num_catchers=1 start_time=08:30 end_time=18:00\n"
      "truinlag-cli config set 1 challenge_sets=Standard,Kaffs perim_distance_range=[20,61]\n"
      "truinlag-cli config set 1 team_colours=#5d9cec,#4fc1e9 time_zone=Europe/Zurich");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("KEY=VALUE", args->assignments,
                   "Keys as `config get` lists them; value forms in docs/cli.md")
      ->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId id = daemon.session(args->session);
            const ConfigPatch patch = parse_config_assignments(args->assignments, daemon.sets());
            const auto done = daemon.ask(SetConfig{id, patch});
            return print_answer(global, done,
                                "session #" + std::to_string(id) + ": " +
                                    plural(args->assignments.size(), "key") + " set\n");
          }};
}

}  // namespace

void add_config_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "config", "Show and change a session's configuration");
  verbs.push_back(add_config_get(*noun, global));
  verbs.push_back(add_config_set(*noun, global));
}

}  // namespace truinlag::cli
