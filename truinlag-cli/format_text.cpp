#include "format_text.hpp"

#include <cctype>
#include <cstdio>
#include <type_traits>

namespace truinlag::cli {
namespace {

template <class T>
[[maybe_unused]] inline constexpr bool kUnhandledEvent = false;

std::string format_local(std::time_t time, const char* format) {
  std::tm local{};
  localtime_r(&time, &local);
  char text[64];
  const std::size_t length = std::strftime(text, sizeof text, format, &local);
  return std::string(text, length);
}

// "Foxes" (team 3)
std::string team_text(const Team& team) {
  return "\"" + team.name + "\" (team " + std::to_string(team.id) + ")";
}

std::string optional_id(const char* what, const std::optional<std::int64_t>& id) {
  return id ? std::string(what) + " " + std::to_string(*id) : std::string("no ") + what;
}

const Session* find_session(const GlobalState& state, SessionId id) {
  for (const auto& session : state.sessions) {
    if (session.id == id) return &session;
  }
  return nullptr;
}

}  // namespace

std::string plural(std::size_t count, const char* noun) {
  if (count == 0) return std::string("no ") + noun + "s";
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++width;  // not a continuation byte
  }
  return width;
}

std::string clip(std::string_view text, std::size_t columns) {
  if (display_width(text) <= columns || columns == 0) return std::string(text);
  std::string out;
  std::size_t width = 0;
  for (char c : text) {
    const bool starts_character = (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    if (starts_character && ++width > columns - 1) break;
    out += c;
  }
  return out + "…";
}

std::string local_clock(std::time_t time) { return format_local(time, "%H:%M:%S"); }

std::string local_date_time(Timestamp timestamp) {
  return format_local(static_cast<std::time_t>(timestamp / 1000), "%Y-%m-%d %H:%M");
}

std::string state_text(const GlobalState& state) {
  std::string text = plural(state.sessions.size(), "session") + "\n";
  for (const auto& session : state.sessions) {
    text += "  #" + std::to_string(session.id) + " " + session.name + ", " +
            std::string(enum_name(session.mode)) + ", ";
    if (session.game) {
      text += "game \"" + session.game->name + "\" started " + local_date_time(session.game->start);
    } else {
      text += "no game running";
    }
    text += "\n";
  }
  text += plural(state.players.size(), "player") + "\n";
  for (const auto& player : state.players) {
    text += "  #" + std::to_string(player.id) + " " + player.name;
    if (player.nickname) text += " (\"" + *player.nickname + "\")";
    if (!player.session) {
      text += ", in no session";
    } else if (const Session* session = find_session(state, *player.session)) {
      text += ", in session #" + std::to_string(session->id) + " " + session->name;
    } else {
      text += ", in session #" + std::to_string(*player.session);
    }
    text += "\n";
  }
  return text;
}

std::string event_name(const BroadcastEvent& event) {
  return std::visit(
      [](const auto& e) {
        std::string name;
        bool word_start = true;
        for (char c : std::decay_t<decltype(e)>::kName) {
          if (c == '_') {
            word_start = true;
          } else {
            name += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            word_start = false;
          }
        }
        return name;
      },
      event);
}

std::string event_details(const BroadcastEvent& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Pinged>) {
          return e.payload.value_or("");
        } else if constexpr (std::is_same_v<E, PlayerChangedSession>) {
          return "player " + std::to_string(e.player) + " from " + optional_id("session", e.from) +
                 " to " + optional_id("session", e.to);
        } else if constexpr (std::is_same_v<E, PlayerDeleted>) {
          return "player " + std::to_string(e.player);
        } else if constexpr (std::is_same_v<E, PlayerChangedTeam>) {
          return "player " + std::to_string(e.player) + " from " + optional_id("team", e.from) +
                 " to " + optional_id("team", e.to);
        } else if constexpr (std::is_same_v<E, TeamMadeCatcher> ||
                             std::is_same_v<E, TeamMadeRunner> ||
                             std::is_same_v<E, TeamLeftGracePeriod>) {
          return team_text(e.team);
        } else if constexpr (std::is_same_v<E, Started>) {
          return "\"" + e.game.name + "\" with " + plural(e.teams.size(), "team");
        } else if constexpr (std::is_same_v<E, Ended>) {
          return "";
        } else if constexpr (std::is_same_v<E, Caught>) {
          return team_text(e.catcher) + " caught " + team_text(e.caught);
        } else if constexpr (std::is_same_v<E, Completed>) {
          return team_text(e.team) + " completed \"" + e.challenge.title + "\" for " +
                 std::to_string(e.challenge.points) + " points";
        } else if constexpr (std::is_same_v<E, LocationSent>) {
          char text[96];
          std::snprintf(text, sizeof text, "team %lld at %.6f, %.6f (±%.0f m)",
                        static_cast<long long>(e.team), e.location.latitude, e.location.longitude,
                        e.location.accuracy);
          return text;
        } else {
          static_assert(kUnhandledEvent<E>, "watch cannot describe this broadcast yet");
        }
      },
      event);
}

std::string broadcast_line(const Broadcast& broadcast, std::time_t received) {
  std::string line = local_clock(received) + " " + event_name(broadcast.event);
  const std::string details = event_details(broadcast.event);
  if (!details.empty()) line += ": " + details;
  if (broadcast.session) line += " [session " + std::to_string(*broadcast.session) + "]";
  return line;
}

}  // namespace truinlag::cli
