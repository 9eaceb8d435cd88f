#include "format_lists.hpp"

#include <algorithm>
#include <cstdio>

#include "format_text.hpp"
#include "truinlag/json.hpp"
#include "session_view.hpp"

namespace truinlag::cli {
namespace {

std::string line(std::string text) { return clip(text, 80) + "\n"; }

std::string id_text(std::int64_t id) { return "#" + std::to_string(id); }

// "#3  " padded so that names line up for ids up to 9999.
std::string id_column(std::int64_t id) {
  std::string text = id_text(id);
  return text + std::string(text.size() < 6 ? 6 - text.size() : 1, ' ');
}

// A JSON value as a person reads it: strings without their quotes.
std::string value_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::string sessions_text(const GlobalState& state) {
  std::string text = plural(state.sessions.size(), "session") + "\n";
  for (const Session& session : state.sessions) {
    const auto players = std::count_if(state.players.begin(), state.players.end(),
                                       [&](const Player& p) { return p.session == session.id; });
    text +=
        line(id_column(session.id) + session.name + "  (" + std::string(enum_name(session.mode)) +
             ", " + plural(static_cast<std::size_t>(players), "player") + ", " +
             (session.game ? "game running" : "no game") + ")");
  }
  return text;
}

std::string players_text(const GlobalState& state) {
  std::string text = plural(state.players.size(), "player") + "\n";
  for (const Player& player : state.players) {
    std::string entry = id_column(player.id) + player.name;
    if (player.nickname) entry += " (\"" + *player.nickname + "\")";
    if (!player.session) {
      entry += ", in no session";
    } else {
      const auto session = std::find_if(state.sessions.begin(), state.sessions.end(),
                                        [&](const Session& s) { return s.id == *player.session; });
      entry += ", in " + (session != state.sessions.end() ? session->name
                                                          : "session " + id_text(*player.session));
    }
    text += line(std::move(entry));
  }
  return text;
}

std::string sets_text(const std::vector<ChallengeSet>& sets) {
  std::string text = plural(sets.size(), "challenge set") + "\n";
  for (const ChallengeSet& set : sets) text += line(id_column(set.id) + set.name);
  return text;
}

std::string zones_text(const std::vector<Zone>& zones) {
  std::string text = plural(zones.size(), "zone") + "\n";
  for (const Zone& zone : zones) {
    std::string entry = "zone " + std::to_string(zone.number) + " (id " + std::to_string(zone.id) +
                        "): " + std::to_string(zone.num_conn_zones) + " conn. zones, " +
                        std::to_string(zone.num_connections) + " connections";
    if (zone.train_through) entry += ", train through";
    if (zone.mongus) entry += ", mongus";
    if (zone.s_bahn_zone) entry += ", S-Bahn zone";
    text += line(std::move(entry));
    std::string minutes;
    for (const ZoneMinutes& to : zone.minutes_to) {
      const auto target =
          std::find_if(zones.begin(), zones.end(), [&](const Zone& z) { return z.id == to.to; });
      minutes += (minutes.empty() ? "" : ", ") +
                 std::to_string(target != zones.end() ? target->number : to.to) + ": " +
                 std::to_string(to.minutes) + " min";
    }
    if (!minutes.empty()) text += line("    to " + minutes);
  }
  return text;
}

std::string challenges_text(const std::vector<Challenge>& challenges) {
  std::string text = plural(challenges.size(), "challenge") + "\n";
  for (const Challenge& challenge : challenges) {
    char head[64];
    std::snprintf(head, sizeof head, "%-7s %-17s %-9s %5lld  ", id_text(challenge.id).c_str(),
                  std::string(enum_name(challenge.kind)).c_str(),
                  std::string(enum_name(challenge.status)).c_str(),
                  static_cast<long long>(challenge.additional_points));
    text += line(head + challenge.title.value_or(challenge.place.value_or("(untitled)")));
  }
  return text;
}

std::string past_games_text(const std::vector<PastGameSummary>& games) {
  std::string text = plural(games.size(), "past game") + "\n";
  for (const PastGameSummary& game : games) {
    text += line(id_column(game.id) + local_date_time(game.start) + "  " + game.name);
  }
  return text;
}

std::string past_game_text(const PastGame& game) {
  std::string text = line(id_text(game.id) + " " + game.name);
  text += line("  " + local_date_time(game.start) + " to " + local_date_time(game.end));
  std::vector<PastTeam> ranked = game.teams;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const PastTeam& a, const PastTeam& b) { return a.points > b.points; });
  std::vector<Team> teams;  // for the event lines' team names
  for (const PastTeam& team : ranked) {
    char row[64];
    std::snprintf(row, sizeof row, "%6lld points  %-7s  ", static_cast<long long>(team.points),
                  std::string(enum_name(team.role)).c_str());
    std::string players;
    for (const std::string& name : team.players) players += (players.empty() ? "" : ", ") + name;
    text += line("  " + std::string(row) + team.name + " (" + players + ")");
    Team named;
    named.id = team.id;
    named.name = team.name;
    teams.push_back(std::move(named));
  }
  text += plural(game.events.size(), "event") + "\n" + events_text(game.events, teams);
  return text;
}

std::string config_text(const Config& config, const ConfigPatch& overrides) {
  std::string text;
  const nlohmann::json values = to_json_value(config);
  const nlohmann::json set = to_json_value(overrides);
  std::apply(
      [&](const auto&... field) {
        ((text +=
          line((set.contains(std::string(field.name)) ? "* " : "  ") + std::string(field.name) +
               " = " + value_text(values.at(std::string(field.name))))),
         ...);
      },
      Config::kFields);
  return text + "(* set for this session; the others are the defaults)\n";
}

}  // namespace truinlag::cli
