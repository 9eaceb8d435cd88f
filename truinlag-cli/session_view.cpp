#include "session_view.hpp"

#include <cstdio>

#include "format_text.hpp"
#include "truinlag/json.hpp"

namespace truinlag::cli {
namespace {

using nlohmann::ordered_json;

std::string player_name(const std::vector<Player>& players, PlayerId id) {
  for (const Player& player : players) {
    if (player.id == id) return player.name;
  }
  return "#" + std::to_string(id);  // removed meanwhile; the id still says who
}

std::string team_name(const std::vector<Team>& teams, TeamId id) {
  for (const Team& team : teams) {
    if (team.id == id) return team.name;
  }
  return "team #" + std::to_string(id);
}

// Zones cannot be removed, so every zone id the engine sends has a number;
// the id is only a fallback for a daemon that disagrees.
std::int64_t zone_number(const std::vector<Zone>& zones, ZoneId id) {
  for (const Zone& zone : zones) {
    if (zone.id == id) return zone.number;
  }
  return id;
}

bool in_grace_period(const Team& team, Timestamp now) {
  return team.grace_period_end && *team.grace_period_end > now;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "(none)" : text;
}

std::vector<std::string> player_names(const SessionView& view, const Team& team) {
  std::vector<std::string> names;
  for (PlayerId id : team.players) names.push_back(player_name(view.players, id));
  return names;
}

std::string location_text(const Location& location) {
  char text[96];
  std::snprintf(text, sizeof text, "at %.5f, %.5f ±%.0f m (", location.latitude, location.longitude,
                location.accuracy);
  return text + local_clock(static_cast<std::time_t>(location.timestamp / 1000)) + ")";
}

std::string team_text(const SessionView& view, const Team& team) {
  char line[160];
  std::snprintf(line, sizeof line, "%-8s %6lld points  bounty %-5lld period %llu",
                std::string(enum_name(team.role)).c_str(), static_cast<long long>(team.points),
                static_cast<long long>(team.bounty),
                static_cast<unsigned long long>(period_id(team)));
  std::string text = clip("#" + std::to_string(team.id) + " " + team.name, 24);
  text += std::string(25 - display_width(text), ' ') + line;
  text += "\n" + clip("   players: " + join_names(player_names(view, team)), 80) + "\n";
  if (team.location) text += "   " + location_text(*team.location) + "\n";
  if (in_grace_period(team, view.now)) {
    text += "   in its grace period until " +
            local_clock(static_cast<std::time_t>(*team.grace_period_end / 1000)) + "\n";
  }
  for (std::size_t i = 0; i < team.challenges.size(); ++i) {
    const OpenChallenge& challenge = team.challenges[i];
    char head[48];
    std::snprintf(head, sizeof head, "   [%zu] %5lld  ", i,
                  static_cast<long long>(challenge.points));
    std::string tail = challenge.title;
    if (challenge.zone)
      tail += " (zone " + std::to_string(zone_number(view.zones, *challenge.zone)) + ")";
    text += clip(head + tail, 80) + "\n";
  }
  return text;
}

}  // namespace

std::uint64_t period_id(const Team& team) { return team.periods.size(); }

ordered_json session_json(const SessionView& view) {
  ordered_json teams = ordered_json::array();
  for (const Team& team : view.state.teams) {
    ordered_json challenges = ordered_json::array();
    for (const OpenChallenge& challenge : team.challenges) {
      challenges.push_back(
          {{"title", challenge.title},
           {"description", challenge.description},
           {"points", challenge.points},
           {"zone", challenge.zone ? ordered_json(zone_number(view.zones, *challenge.zone))
                                   : ordered_json(nullptr)}});
    }
    teams.push_back({{"id", team.id},
                     {"name", team.name},
                     {"role", std::string(enum_name(team.role))},
                     {"points", team.points},
                     {"bounty", team.bounty},
                     {"period_id", period_id(team)},
                     {"in_grace_period", in_grace_period(team, view.now)},
                     {"colour", to_ordered_json_value(team.colour)},
                     {"discord_channel", to_ordered_json_value(team.discord_channel)},
                     {"players", player_names(view, team)},
                     {"challenges", std::move(challenges)},
                     {"location", to_ordered_json_value(team.location)}});
  }
  return {{"teams", std::move(teams)},
          {"events", to_ordered_json_value(view.state.events)},
          {"game", to_ordered_json_value(view.state.game)}};
}

std::string session_text(const SessionView& view) {
  const SessionState& state = view.state;
  std::string text =
      clip("Session #" + std::to_string(state.session.id) + " " + state.session.name, 80) + "\n";
  if (state.game) {
    text += clip("  game \"" + state.game->name + "\" since " + local_date_time(state.game->start) +
                     ", ends " + local_date_time(state.game->end_alarm),
                 80) +
            "\n";
  } else {
    text += "  no game running\n";
  }
  text += plural(state.teams.size(), "team") + "\n";
  for (const Team& team : state.teams) text += team_text(view, team);
  text += plural(state.events.size(), "event") + "\n";
  text += events_text(state.events, state.teams);
  return text;
}

std::string events_text(const std::vector<Event>& events, const std::vector<Team>& teams) {
  std::string text;
  for (const Event& event : events) {
    std::visit(
        [&](const auto& e) {
          std::string line = "  " + local_clock(static_cast<std::time_t>(e.time / 1000)) + " ";
          using E = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<E, CatchEvent>) {
            line += team_name(teams, e.catcher) + " caught " + team_name(teams, e.caught) +
                    " (bounty " + std::to_string(e.bounty) + ")";
          } else if constexpr (std::is_same_v<E, CompleteEvent>) {
            line += team_name(teams, e.completer) + " completed \"" + e.challenge + "\"";
          } else {
            static_assert(std::is_same_v<E, Correction>, "events cannot describe this event yet");
            line += team_name(teams, e.team) + " corrected, " + correction_text(e);
          }
          text += clip(line, 80) + "\n";
        },
        event);
  }
  return text;
}

}  // namespace truinlag::cli
