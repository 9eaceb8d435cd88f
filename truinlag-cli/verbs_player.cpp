// player add | list | set-session | rename | nickname | phone | passphrase | discord | remove
#include <memory>

#include "daemon.hpp"
#include "format_lists.hpp"

namespace truinlag::cli {
namespace {

std::string player_label(PlayerId id) { return "player #" + std::to_string(id); }

Verb add_player_add(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string name, passphrase, nickname, phone, session;
    std::uint64_t discord_id = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "add", "Create a player (players are shared by all sessions)",
               "truinlag-cli player add Ann --passphrase fuchs --session \"OG TrainLag\"\n"
               "truinlag-cli player add Bea --passphrase dachs --nickname Bee --phone \"+41 79 "
               "555 01 02\"");
  verb->add_option("NAME", args->name, "The player's name (unique)")->required();
  verb->add_option("--passphrase", args->passphrase, "What the app logs in with (unique)")
      ->required();
  CLI::Option* nickname = verb->add_option("--nickname", args->nickname, "A nickname (unique)");
  CLI::Option* session =
      verb->add_option("--session", args->session, "Put the player in this session (name or id)");
  CLI::Option* discord = verb->add_option("--discord-id", args->discord_id, "Discord user id");
  CLI::Option* phone = verb->add_option("--phone", args->phone, "A phone number (free text)");
  return {
      verb, [&global, args, nickname, session, discord, phone] {
        Daemon daemon(global);
        AddPlayer command{args->name, args->passphrase, std::nullopt, std::nullopt, std::nullopt};
        if (nickname->count() > 0) command.nickname = args->nickname;
        if (discord->count() > 0) command.discord_id = args->discord_id;
        if (session->count() > 0) command.session = daemon.session(args->session);
        const auto created = daemon.ask(std::move(command));
        if (phone->count() > 0) {
          // AddPlayer has no phone: a second request. Refused, the player
          // is removed again, so `player add` still adds all or nothing.
          try {
            daemon.ask(SetPlayerPhone{created.id, args->phone});
          } catch (const EngineError&) {
            daemon.ask(RemovePlayer{created.id});
            throw;
          }
        }
        return print_answer(global, created,
                            "added " + player_label(created.id) + " " + args->name + "\n");
      }};
}

Verb add_player_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb =
      add_verb(noun, "list", "List the players with their sessions", "truinlag-cli player list");
  return {verb, [&global] {
            Daemon daemon(global);
            const GlobalState& state = daemon.global_state();
            return print_answer(global, state, players_text(state));
          }};
}

Verb add_player_set_session(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string player, session;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "set-session",
                            "Move a player to a session, or out of any (leaves the old teams)",
                            "truinlag-cli player set-session Ann Family\n"
                            "truinlag-cli player set-session Ann        (in no session)");
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  CLI::Option* session = verb->add_option("SESSION", args->session, "A session name or id");
  return {verb, [&global, args, session] {
            Daemon daemon(global);
            const PlayerId player = daemon.player(args->player);
            std::optional<SessionId> to;
            if (session->count() > 0) to = daemon.session(args->session);
            const auto done = daemon.ask(SetPlayerSession{player, to});
            return print_answer(global, done,
                                player_label(player) +
                                    (to ? " is in session #" + std::to_string(*to)
                                        : std::string(" is in no session")) +
                                    "\n");
          }};
}

// rename and passphrase: a player and one new text.
Verb add_player_text_verb(CLI::App& noun, const GlobalOptions& global, const std::string& name,
                          const std::string& help, const std::string& value_name,
                          const std::string& example,
                          Command (*command)(PlayerId, const std::string&)) {
  struct Args {
    std::string player, value;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, name, help, example);
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  verb->add_option(value_name, args->value, "The new value")->required();
  return {verb, [&global, args, command, name] {
            Daemon daemon(global);
            const PlayerId player = daemon.player(args->player);
            const auto done = daemon.ask_as<Success>(command(player, args->value));
            return print_answer(global, done, player_label(player) + ": " + name + " set\n");
          }};
}

// nickname and phone: a player and a text that may be cleared (no value).
Verb add_player_clearable_verb(CLI::App& noun, const GlobalOptions& global, const std::string& name,
                               const std::string& help, const std::string& value_name,
                               const std::string& value_help, const std::string& example,
                               Command (*command)(PlayerId, std::optional<std::string>)) {
  struct Args {
    std::string player, value;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, name, help, example);
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  CLI::Option* value = verb->add_option(value_name, args->value, value_help);
  return {verb, [&global, args, command, name, value] {
            Daemon daemon(global);
            const PlayerId player = daemon.player(args->player);
            std::optional<std::string> text;
            if (value->count() > 0) text = args->value;
            const auto done = daemon.ask_as<Success>(command(player, text));
            return print_answer(global, done,
                                player_label(player) + ": " + name +
                                    (text ? " set" : std::string(" cleared")) + "\n");
          }};
}

Verb add_player_discord(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string player;
    std::uint64_t user = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "discord", "Set a player's Discord user id, or clear it (no USER)",
               "truinlag-cli player discord Ann 284751982375469056\n"
               "truinlag-cli player discord Ann     (cleared)");
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  CLI::Option* user = verb->add_option("USER", args->user, "A Discord user id");
  return {verb, [&global, args, user] {
            Daemon daemon(global);
            const PlayerId player = daemon.player(args->player);
            std::optional<std::uint64_t> id;
            if (user->count() > 0) id = args->user;
            const auto done = daemon.ask(SetPlayerDiscord{player, id});
            return print_answer(
                global, done,
                player_label(player) +
                    (id ? "'s Discord id is " + std::to_string(*id) : " has no Discord id") + "\n");
          }};
}

Verb add_player_remove(CLI::App& noun, const GlobalOptions& global) {
  auto player = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, "remove", "Delete a player (not while they play a game)",
                            "truinlag-cli player remove Ann");
  verb->add_option("PLAYER", *player, "A player name, nickname or id")->required();
  return {verb, [&global, player] {
            Daemon daemon(global);
            const PlayerId id = daemon.player(*player);
            const auto done = daemon.ask(RemovePlayer{id});
            return print_answer(global, done, "removed " + player_label(id) + "\n");
          }};
}

}  // namespace

void add_player_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "player", "Create, list, change and delete players");
  verbs.push_back(add_player_add(*noun, global));
  verbs.push_back(add_player_list(*noun, global));
  verbs.push_back(add_player_set_session(*noun, global));
  verbs.push_back(add_player_text_verb(*noun, global, "rename", "Rename a player", "NAME",
                                       "truinlag-cli player rename Ann Anna",
                                       [](PlayerId player, const std::string& name) -> Command {
                                         return RenamePlayer{player, name};
                                       }));
  verbs.push_back(add_player_text_verb(
      *noun, global, "passphrase", "Set a player's passphrase (what the app logs in with)",
      "PASSPHRASE", "truinlag-cli player passphrase Ann \"gruene wiese\"",
      [](PlayerId player, const std::string& passphrase) -> Command {
        return SetPlayerPassphrase{player, passphrase};
      }));
  verbs.push_back(add_player_clearable_verb(
      *noun, global, "nickname", "Set a player's nickname (unique), or clear it (no NICKNAME)",
      "NICKNAME", "The new nickname",
      "truinlag-cli player nickname Ann Fuchsi\n"
      "truinlag-cli player nickname Ann     (cleared)",
      [](PlayerId player, std::optional<std::string> nickname) -> Command {
        return SetPlayerNickname{player, std::move(nickname)};
      }));
  verbs.push_back(add_player_clearable_verb(
      *noun, global, "phone", "Set a player's phone number, or clear it (no PHONE)", "PHONE",
      "The new phone number (free text)",
      "truinlag-cli player phone Ann \"+41 79 555 01 01\"\n"
      "truinlag-cli player phone Ann     (cleared)",
      [](PlayerId player, std::optional<std::string> phone) -> Command {
        return SetPlayerPhone{player, std::move(phone)};
      }));
  verbs.push_back(add_player_discord(*noun, global));
  verbs.push_back(add_player_remove(*noun, global));
}

}  // namespace truinlag::cli
