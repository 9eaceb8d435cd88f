// state [SESSION] | events SESSION | locations SESSION | past list | past show
#include <chrono>
#include <cstdio>
#include <memory>

#include "daemon.hpp"
#include "format_lists.hpp"
#include "format_text.hpp"
#include "session_view.hpp"

namespace truinlag::cli {
namespace {

Verb add_state(CLI::App& app, const GlobalOptions& global) {
  auto session = std::make_shared<std::string>();
  CLI::App* verb =
      add_verb(app, "state", "All sessions and players, or one session's teams, events and game",
               "truinlag-cli state\n"
               "truinlag-cli state \"OG TrainLag\"\n"
               "truinlag-cli state 1 --json | jq '.teams[] | {name, period_id}'");
  CLI::Option* given = verb->add_option("SESSION", *session, "A session name or id");
  return {
      verb, [&global, session, given] {
        Daemon daemon(global);
        const GlobalState& state = daemon.global_state();
        if (given->count() == 0) return print_answer(global, state, state_text(state));
        const SessionId id = daemon.session(*session);
        const SessionView view{daemon.session_state(id), state.players, daemon.zones(), now_ms()};
        if (global.json) {
          std::cout << session_json(view).dump(2, ' ', false,
                                               nlohmann::json::error_handler_t::replace)
                    << std::endl;
        } else {
          std::cout << session_text(view) << std::flush;
        }
        return static_cast<int>(kExitOk);
      }};
}

Verb add_events(CLI::App& app, const GlobalOptions& global) {
  auto session = std::make_shared<std::string>();
  CLI::App* verb = add_verb(app, "events", "The catches and completions of the running game",
                            "truinlag-cli events \"OG TrainLag\"");
  verb->add_option("SESSION", *session, "A session name or id")->required();
  return {verb, [&global, session] {
            Daemon daemon(global);
            const SessionId id = daemon.session(*session);
            const auto events = daemon.ask(GetEvents{id});
            const auto& teams = daemon.session_state(id).teams;
            return print_answer(
                global, events,
                plural(events.events.size(), "event") + "\n" + events_text(events.events, teams));
          }};
}

std::string tracks_text(const Locations& locations, const std::vector<Team>& teams) {
  std::string text;
  for (const TeamTrack& track : locations.teams) {
    std::string name = "team #" + std::to_string(track.team);
    for (const Team& team : teams) {
      if (team.id == track.team) name = team.name;
    }
    text += clip(name + ": " + plural(track.track.size(), "track point"), 80) + "\n";
    for (const Location& point : track.track) {
      char line[96];
      std::snprintf(line, sizeof line, "  %s  %.5f, %.5f ±%.0f m",
                    local_clock(static_cast<std::time_t>(point.timestamp / 1000)).c_str(),
                    point.latitude, point.longitude, point.accuracy);
      text += line + std::string("\n");
    }
  }
  return text;
}

Verb add_locations(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string session, team;
    std::int64_t since = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(app, "locations", "The location tracks of a session's teams",
                            "truinlag-cli locations \"OG TrainLag\"\n"
                            "truinlag-cli locations 1 --team Füchse --since-seconds 600");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  CLI::Option* team = verb->add_option("--team", args->team, "Only this team (name or id)");
  CLI::Option* since = verb->add_option("--since-seconds", args->since,
                                        "Only points not older than this many seconds");
  return {verb, [&global, args, team, since] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const auto& teams = daemon.session_state(session).teams;
            Locations locations;
            if (team->count() == 0 && since->count() == 0) {
              locations = daemon.ask(GetLocations{session});
            } else {
              // The engine filters by age per team, with its own clock.
              std::optional<std::int64_t> seconds;
              if (since->count() > 0) seconds = args->since;
              std::vector<TeamId> wanted;
              if (team->count() > 0) {
                wanted.push_back(daemon.team(session, args->team));
              } else {
                for (const Team& t : teams) wanted.push_back(t.id);
              }
              for (TeamId id : wanted) {
                const auto past = daemon.ask(GetPastLocations{session, id, seconds});
                locations.teams.push_back(TeamTrack{id, past.track});
              }
            }
            return print_answer(global, locations, tracks_text(locations, teams));
          }};
}

Verb add_past_list(CLI::App& noun, const GlobalOptions& global) {
  auto player = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, "list", "List the past games, or those a player played",
                            "truinlag-cli past list\n"
                            "truinlag-cli past list --player Ann");
  CLI::Option* given = verb->add_option("--player", *player, "A player name, nickname or id");
  return {verb, [&global, player, given] {
            Daemon daemon(global);
            std::optional<PlayerId> id;
            if (given->count() > 0) id = daemon.player(*player);
            const auto games = daemon.ask(ListPastGames{id});
            return print_answer(global, games, past_games_text(games.games));
          }};
}

Verb add_past_show(CLI::App& noun, const GlobalOptions& global) {
  auto id = std::make_shared<PastGameId>(0);
  CLI::App* verb = add_verb(noun, "show", "Show a past game: teams by points, events",
                            "truinlag-cli past show 1\n"
                            "truinlag-cli past show 1 --json");
  verb->add_option("ID", *id, "The past game's id (past list)")->required();
  return {verb, [&global, id] {
            Daemon daemon(global);
            const auto game = daemon.ask(GetPastGame{*id});
            return print_answer(global, game, past_game_text(game.game));
          }};
}

}  // namespace

void add_query_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  verbs.push_back(add_state(app, global));
  verbs.push_back(add_events(app, global));
  verbs.push_back(add_locations(app, global));
  CLI::App* past = add_noun(app, "past", "List and show past games");
  verbs.push_back(add_past_list(*past, global));
  verbs.push_back(add_past_show(*past, global));
}

}  // namespace truinlag::cli
