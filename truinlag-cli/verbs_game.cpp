// game start | stop | catch | complete | location
#include <chrono>
#include <cmath>
#include <memory>

#include "daemon.hpp"

namespace truinlag::cli {
namespace {

// "Füchse" for people, from the state the team was resolved in.
std::string team_name(Daemon& daemon, SessionId session, TeamId team) {
  for (const Team& t : daemon.session_state(session).teams) {
    if (t.id == team) return t.name;
  }
  return "team #" + std::to_string(team);
}

// The period id of a team after the command that ended period `index`.
std::string next_period(std::uint64_t index) {
  return "period id now " + std::to_string(index + 1);
}

Verb add_game_session_verb(CLI::App& noun, const GlobalOptions& global, const std::string& name,
                           const std::string& help, const std::string& example,
                           const std::string& done, Command (*command)(SessionId)) {
  auto session = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, name, help, example);
  verb->add_option("SESSION", *session, "A session name or id")->required();
  return {verb, [&global, session, command, done] {
            Daemon daemon(global);
            const SessionId id = daemon.session(*session);
            const auto success = daemon.ask_as<Success>(command(id));
            return print_answer(global, success,
                                "session #" + std::to_string(id) + ": " + done + "\n");
          }};
}

Verb add_game_catch(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, catcher, caught;
    std::uint64_t period = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "catch", "A catcher caught a runner: bounty moves, roles swap",
               "truinlag-cli game catch \"OG TrainLag\" Wölfe Füchse --period 0\n"
               "(--period: the catcher's period_id in `state SESSION`; a stale one is refused)");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("CATCHER", args->catcher, "The catching team: name or id")->required();
  verb->add_option("CAUGHT", args->caught, "The caught team: name or id")->required();
  verb->add_option("--period", args->period, "The catcher's period id, as last seen")->required();
  return {
      verb, [&global, args] {
        Daemon daemon(global);
        const SessionId session = daemon.session(args->session);
        const TeamId catcher = daemon.team(session, args->catcher);
        const TeamId caught = daemon.team(session, args->caught);
        const auto period = daemon.ask(Catch{session, catcher, caught, args->period});
        return print_answer(global, period,
                            team_name(daemon, session, catcher) + " caught " +
                                team_name(daemon, session, caught) + "; " +
                                team_name(daemon, session, catcher) + ": " +
                                next_period(period.index) + "\n");
      }};
}

Verb add_game_complete(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, team;
    std::uint64_t index = 0, period = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "complete", "A runner completed one of its open challenges",
                            "truinlag-cli game complete \"OG TrainLag\" Füchse 0 --period 1\n"
                            "(INDEX: the challenge's [n] in `state SESSION`, from 0)");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("TEAM", args->team, "The team: name or id")->required();
  verb->add_option("INDEX", args->index, "Which open challenge, counted from 0")->required();
  verb->add_option("--period", args->period, "The team's period id, as last seen")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto period =
                daemon.ask(Complete{session, team, args->index, args->period});
            return print_answer(global, period,
                                team_name(daemon, session, team) + " completed challenge [" +
                                    std::to_string(args->index) + "]; " +
                                    next_period(period.index) + "\n");
          }};
}

Verb add_game_location(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, player;
    Location location;
    double time = 0;
  };
  auto args = std::make_shared<Args>();
  args->location.accuracy = 10;
  CLI::App* verb = add_verb(noun, "location",
                            "Send a player's position, as the app does (ignored between games)",
                            "truinlag-cli game location \"OG TrainLag\" Ann 47.3779 8.5403\n"
                            "truinlag-cli game location 1 Ann 47.3779 8.5403 --accuracy 5 "
                            "--time 1714816800");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  verb->add_option("LAT", args->location.latitude, "Latitude, degrees (WGS84)")->required();
  verb->add_option("LON", args->location.longitude, "Longitude, degrees (WGS84)")->required();
  verb->add_option("--accuracy", args->location.accuracy, "Accuracy radius in metres")
      ->capture_default_str();
  CLI::Option* time =
      verb->add_option("--time", args->time, "When, in Unix seconds (default: now)");
  return {
      verb, [&global, args, time] {
        Location location = args->location;
        if (time->count() > 0) {
          // Converted only when it fits: a cast of NaN or of 1e20 ms is
          // undefined (it used to store INT64_MIN). The engine then
          // checks the window around its clock.
          if (!std::isfinite(args->time) || std::abs(args->time) > 9e15) {
            throw usage_error("--time: expected Unix seconds, got " + std::to_string(args->time));
          }
          location.timestamp = static_cast<Timestamp>(std::llround(args->time * 1000));
        } else {
          location.timestamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
        }
        Daemon daemon(global);
        const SessionId session = daemon.session(args->session);
        const PlayerId player = daemon.player(args->player);
        const auto done = daemon.ask(SendLocation{session, player, location});
        return print_answer(global, done, "location sent\n");
      }};
}

}  // namespace

void add_game_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "game", "Start, play and stop a session's game");
  verbs.push_back(add_game_session_verb(*noun, global, "start",
                                        "Start the session's game (catchers are drawn at random)",
                                        "truinlag-cli game start \"OG TrainLag\"", "game started",
                                        [](SessionId s) -> Command { return Start{s}; }));
  verbs.push_back(add_game_session_verb(*noun, global, "stop",
                                        "Stop the session's game and archive it as a past game",
                                        "truinlag-cli game stop \"OG TrainLag\"", "game stopped",
                                        [](SessionId s) -> Command { return Stop{s}; }));
  verbs.push_back(add_game_catch(*noun, global));
  verbs.push_back(add_game_complete(*noun, global));
  verbs.push_back(add_game_location(*noun, global));
}

}  // namespace truinlag::cli
