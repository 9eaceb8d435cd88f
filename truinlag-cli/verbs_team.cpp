// team add | remove | rename | assign | discord | adjust | challenge | catcher | runner | draw
#include <memory>

#include "daemon.hpp"
#include "truinlag/json.hpp"

namespace truinlag::cli {
namespace {

std::string team_label(TeamId id) { return "team #" + std::to_string(id); }

// What the verbs of one team have: a session and a team.
struct TeamArgs {
  std::string session, team;
};

void add_session_and_team(CLI::App* verb, TeamArgs& args) {
  verb->add_option("SESSION", args.session, "A session name or id")->required();
  verb->add_option("TEAM", args.team, "A team name or id")->required();
}

Verb add_team_add(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, name, colour;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "add", "Create a team in a session",
                            "truinlag-cli team add \"OG TrainLag\" Füchse\n"
                            "truinlag-cli team add 1 Wölfe --colour ff6600");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("NAME", args->name, "The team's name (not too similar to another's)")
      ->required();
  CLI::Option* colour = verb->add_option(
      "--colour", args->colour, "RRGGBB (hex, '#' optional); default: the next palette colour");
  return {verb, [&global, args, colour] {
            std::optional<Colour> rgb;
            if (colour->count() > 0) {
              const std::string text =
                  args->colour.starts_with('#') ? args->colour : "#" + args->colour;
              rgb = json_detail::parse_colour(text);
              if (!rgb)
                throw usage_error("--colour: expected RRGGBB, got \"" + args->colour + "\"");
            }
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const auto created = daemon.ask(AddTeam{session, args->name, std::nullopt, rgb});
            return print_answer(global, created,
                                "added " + team_label(created.id) + " " + args->name + "\n");
          }};
}

// remove, catcher, runner, draw: a command about one team.
Verb add_team_verb(CLI::App& noun, const GlobalOptions& global, const std::string& name,
                   const std::string& help, const std::string& example, const std::string& done,
                   Command (*command)(SessionId, TeamId)) {
  auto args = std::make_shared<TeamArgs>();
  CLI::App* verb = add_verb(noun, name, help, example);
  add_session_and_team(verb, *args);
  return {verb, [&global, args, command, done] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto success = daemon.ask_as<Success>(command(session, team));
            return print_answer(global, success, team_label(team) + " " + done + "\n");
          }};
}

Verb add_team_rename(CLI::App& noun, const GlobalOptions& global) {
  struct Args : TeamArgs {
    std::string name;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "rename", "Rename a team (not while a game runs)",
                            "truinlag-cli team rename \"OG TrainLag\" Füchse Rotfüchse");
  add_session_and_team(verb, *args);
  verb->add_option("NAME", args->name, "The new name")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto done = daemon.ask(RenameTeam{session, team, args->name});
            return print_answer(global, done, team_label(team) + " renamed\n");
          }};
}

Verb add_team_discord(CLI::App& noun, const GlobalOptions& global) {
  struct Args : TeamArgs {
    std::uint64_t channel = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "discord", "Set a team's Discord channel, or clear it (no CHANNEL)",
               "truinlag-cli team discord \"OG TrainLag\" Füchse 1189340571922456657\n"
               "truinlag-cli team discord \"OG TrainLag\" Füchse     (cleared)");
  add_session_and_team(verb, *args);
  CLI::Option* channel = verb->add_option("CHANNEL", args->channel, "A Discord channel id");
  return {verb, [&global, args, channel] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            std::optional<std::uint64_t> id;
            if (channel->count() > 0) id = args->channel;
            const auto done = daemon.ask(SetTeamDiscordChannel{session, team, id});
            return print_answer(global, done,
                                team_label(team) +
                                    (id ? "'s Discord channel is " + std::to_string(*id)
                                        : " has no Discord channel") +
                                    "\n");
          }};
}

Verb add_team_adjust(CLI::App& noun, const GlobalOptions& global) {
  struct Args : TeamArgs {
    std::int64_t points = 0, bounty = 0;
    std::string reason;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(
      noun, "adjust",
      "Correct a team's points and bounty during a game (recorded as a Correction event)",
      "truinlag-cli team adjust \"OG TrainLag\" Füchse --points -250 --reason \"Uetliberg was "
      "Wölfe's\"\n"
      "truinlag-cli team adjust 1 Wölfe --points 250 --bounty 50 --reason \"Uetliberg, moved\"");
  add_session_and_team(verb, *args);
  verb->add_option("--points", args->points,
                   "Added to the points (negative: taken off); default 0");
  verb->add_option("--bounty", args->bounty,
                   "Added to the bounty (negative: taken off); default 0");
  verb->add_option("--reason", args->reason, "Why (required, not empty): shown in events")
      ->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto done =
                daemon.ask(AdjustTeam{session, team, args->points, args->bounty, args->reason});
            return print_answer(global, done, team_label(team) + " adjusted\n");
          }};
}

Verb add_team_challenge(CLI::App& noun, const GlobalOptions& global) {
  struct Args : TeamArgs {
    std::string title, description;
    std::int64_t points = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(
      noun, "challenge",
      "Give a team a challenge of your own, beside its drawn ones (not while a game runs)",
      "truinlag-cli team challenge \"OG TrainLag\" Füchse \"Sing on the tram\" --points 150\n"
      "truinlag-cli team challenge 1 Wölfe Zoo --description \"Photo with a goat\" --points 80");
  add_session_and_team(verb, *args);
  verb->add_option("TITLE", args->title, "The challenge's title")->required();
  verb->add_option("--description", args->description, "What to do (default: empty)");
  verb->add_option("--points", args->points, "What completing it is worth; default 0");
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto done = daemon.ask(
                AddChallengeToTeam{session, team, args->title, args->description, args->points});
            return print_answer(global, done,
                                team_label(team) + " has the challenge \"" + args->title + "\"\n");
          }};
}

Verb add_team_assign(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, player, team;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "assign", "Put a player of the session in a team, or in none (no TEAM)",
               "truinlag-cli team assign \"OG TrainLag\" Ann Füchse\n"
               "truinlag-cli team assign \"OG TrainLag\" Ann     (in no team)");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  CLI::Option* team = verb->add_option("TEAM", args->team, "A team name or id");
  return {verb, [&global, args, team] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const PlayerId player = daemon.player(args->player);
            std::optional<TeamId> to;
            if (team->count() > 0) to = daemon.team(session, args->team);
            const auto done = daemon.ask(AssignPlayerToTeam{session, player, to});
            return print_answer(global, done,
                                "player #" + std::to_string(player) + " is in " +
                                    (to ? team_label(*to) : std::string("no team")) + "\n");
          }};
}

}  // namespace

void add_team_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "team", "Create and change the teams of a session");
  verbs.push_back(add_team_add(*noun, global));
  verbs.push_back(add_team_verb(*noun, global, "remove", "Delete a team (not while a game runs)",
                                "truinlag-cli team remove \"OG TrainLag\" Füchse", "removed",
                                [](SessionId s, TeamId t) -> Command {
                                  return RemoveTeam{s, t};
                                }));
  verbs.push_back(add_team_rename(*noun, global));
  verbs.push_back(add_team_assign(*noun, global));
  verbs.push_back(add_team_discord(*noun, global));
  verbs.push_back(add_team_adjust(*noun, global));
  verbs.push_back(add_team_challenge(*noun, global));
  verbs.push_back(add_team_verb(*noun, global, "catcher",
                                "Make a team a catcher (it loses its challenges)",
                                "truinlag-cli team catcher \"OG TrainLag\" Füchse", "is a catcher",
                                [](SessionId s, TeamId t) -> Command {
                                  return MakeTeamCatcher{s, t};
                                }));
  verbs.push_back(add_team_verb(*noun, global, "runner",
                                "Make a team a runner (in a game it draws challenges)",
                                "truinlag-cli team runner \"OG TrainLag\" Füchse", "is a runner",
                                [](SessionId s, TeamId t) -> Command {
                                  return MakeTeamRunner{s, t};
                                }));
  verbs.push_back(add_team_verb(*noun, global, "draw",
                                "Redraw a runner's challenges (a game must run)",
                                "truinlag-cli team draw \"OG TrainLag\" Füchse",
                                "drew new challenges", [](SessionId s, TeamId t) -> Command {
                                  return GenerateTeamChallenges{s, t};
                                }));
}

}  // namespace truinlag::cli
