#include "format_text.hpp"

#include <algorithm>
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

const Session* find_session(const GlobalState& state, SessionId id) {
  for (const auto& session : state.sessions) {
    if (session.id == id) return &session;
  }
  return nullptr;
}

// ---- Terminal columns (the rule is in format_text.hpp) ----

// The character starting at `pos`, and where the next one starts. A byte
// that does not start valid UTF-8 is taken alone (as U+FFFD), so broken
// text still advances and counts one column per byte.
char32_t next_char(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xe  ? 3
                             : (lead >> 3) == 0x1e ? 4
                                                   : 0;
  if (length == 0 || pos + length > text.size()) {
    ++pos;
    return lead < 0x80 ? lead : 0xfffd;
  }
  char32_t c = length == 1 ? lead : lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) {
      ++pos;
      return 0xfffd;
    }
    c = (c << 6) | (byte(pos + i) & 0x3f);
  }
  pos += length;
  return c;
}

struct CodeRange {
  char32_t first, last;
};

// Two columns: East Asian wide blocks and emoji (Unicode's East_Asian_Width
// W and Emoji_Presentation, abridged to the blocks that matter). Sorted.
constexpr CodeRange kWide[] = {
    {0x1100, 0x115f}, {0x231a, 0x231b},   {0x23e9, 0x23ec},   {0x23f0, 0x23f0}, {0x23f3, 0x23f3},
    {0x25fd, 0x25fe}, {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267f, 0x267f}, {0x2693, 0x2693},
    {0x26a1, 0x26a1}, {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
    {0x26d4, 0x26d4}, {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5}, {0x26fa, 0x26fa},
    {0x26fd, 0x26fd}, {0x2705, 0x2705},   {0x270a, 0x270b},   {0x2728, 0x2728}, {0x274c, 0x274c},
    {0x274e, 0x274e}, {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797}, {0x27b0, 0x27b0},
    {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55}, {0x2e80, 0x303e},
    {0x3041, 0xa4cf}, {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe30, 0xfe4f}, {0xff00, 0xff60},
    {0xffe0, 0xffe6}, {0x1f000, 0x1faff}, {0x20000, 0x3fffd},
};

// No column: combining marks, zero-width spaces and joiners, text-style
// variation selectors.
constexpr CodeRange kZeroWidth[] = {
    {0x0300, 0x036f}, {0x200b, 0x200f}, {0x20d0, 0x20ff}, {0xfe00, 0xfe0e}};

bool in(const CodeRange* begin, const CodeRange* end, char32_t c) {
  const CodeRange* found =
      std::lower_bound(begin, end, c, [](const CodeRange& r, char32_t v) { return r.last < v; });
  return found != end && found->first <= c;
}

std::size_t char_width(char32_t c) {
  if (in(std::begin(kZeroWidth), std::end(kZeroWidth), c)) return 0;
  if (in(std::begin(kWide), std::end(kWide), c)) return 2;
  return 1;  // U+FE0F too: see format_text.hpp
}

// ---- Names for `watch` ----

std::string name_of(const std::map<std::int64_t, std::string>& names, std::int64_t id,
                    const char* kind) {
  const auto found = names.find(id);
  return found != names.end() ? found->second : std::string(kind) + " #" + std::to_string(id);
}

// "Ann moved from Blau to Rot", "Ann joined Blau", "Ann left Blau".
std::string move_text(const std::string& who, const std::map<std::int64_t, std::string>& names,
                      const char* kind, const std::optional<std::int64_t>& from,
                      const std::optional<std::int64_t>& to) {
  if (from && to) {
    return who + " moved from " + name_of(names, *from, kind) + " to " + name_of(names, *to, kind);
  }
  if (to) return who + " joined " + name_of(names, *to, kind);
  if (from) return who + " left " + name_of(names, *from, kind);
  return who;
}

// The bounty a catch moved: the catcher's newest period says it (the teams
// in the broadcast are after the catch, both bounties already 0).
std::optional<std::int64_t> caught_bounty(const Caught& caught) {
  if (!caught.catcher.periods.empty()) {
    if (const auto* p = std::get_if<CaughtSomeone>(&caught.catcher.periods.back().context)) {
      return p->bounty;
    }
  }
  if (!caught.caught.periods.empty()) {
    if (const auto* p = std::get_if<WasCaught>(&caught.caught.periods.back().context)) {
      return p->bounty;
    }
  }
  return std::nullopt;
}

// `"OG am 2026-05-02" with 2 teams, catcher: Blau`
std::string started_text(const Started& started) {
  std::string catchers;
  std::size_t count = 0;
  for (const Team& team : started.teams) {
    if (team.role != Role::Catcher) continue;
    catchers += (count++ == 0 ? "" : ", ") + team.name;
  }
  std::string text = "\"" + started.game.name + "\" with " + plural(started.teams.size(), "team");
  if (count > 0) text += (count == 1 ? ", catcher: " : ", catchers: ") + catchers;
  return text;
}

std::string signed_number(std::int64_t value) {
  return (value > 0 ? "+" : "") + std::to_string(value);
}

}  // namespace

std::string correction_text(const Correction& correction) {
  std::string text;
  if (correction.points_delta != 0) text = "points " + signed_number(correction.points_delta);
  if (correction.bounty_delta != 0) {
    text += (text.empty() ? "" : ", ") + std::string("bounty ") +
            signed_number(correction.bounty_delta);
  }
  if (text.empty()) text = "no change";
  return text + ": " + correction.reason;
}

std::string plural(std::size_t count, const char* noun) {
  if (count == 0) return std::string("no ") + noun + "s";
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) width += char_width(next_char(text, pos));
  return width;
}

std::string clip(std::string_view text, std::size_t columns) {
  if (display_width(text) <= columns || columns == 0) return std::string(text);
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    const std::size_t w = char_width(next_char(text, next));
    if (width + w > columns - 1) break;  // one column stays for "…"
    width += w;
    pos = next;
  }
  // "Züri uf…" reads better than "Züri uf …", and is not wider.
  while (pos > 0 && text[pos - 1] == ' ') --pos;
  return std::string(text.substr(0, pos)) + "…";
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

void learn_names(NameTable& names, const GlobalState& state) {
  for (const Session& session : state.sessions) names.sessions[session.id] = session.name;
  for (const Player& player : state.players) names.players[player.id] = player.name;
}

void learn_names(NameTable& names, const std::vector<Team>& teams) {
  for (const Team& team : teams) names.teams[team.id] = team.name;
}

void learn_names(NameTable& names, const BroadcastEvent& event) {
  std::visit(
      [&names](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Started>) {
          learn_names(names, e.teams);
        } else if constexpr (std::is_same_v<E, Caught>) {
          learn_names(names, std::vector<Team>{e.catcher, e.caught});
        } else if constexpr (std::is_same_v<E, TeamMadeCatcher> ||
                             std::is_same_v<E, TeamMadeRunner> || std::is_same_v<E, Completed> ||
                             std::is_same_v<E, TeamLeftGracePeriod> ||
                             std::is_same_v<E, TeamAdjusted>) {
          names.teams[e.team.id] = e.team.name;
        }
      },
      event);
}

bool lacks_names(const NameTable& names, const Broadcast& broadcast) {
  const auto missing = [](const auto& map, const std::optional<std::int64_t>& id) {
    return id && map.count(*id) == 0;
  };
  if (missing(names.sessions, broadcast.session)) return true;
  return std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, PlayerChangedSession>) {
          return missing(names.players, e.player) || missing(names.sessions, e.from) ||
                 missing(names.sessions, e.to);
        } else if constexpr (std::is_same_v<E, PlayerDeleted>) {
          return missing(names.players, e.player);
        } else if constexpr (std::is_same_v<E, PlayerChangedTeam>) {
          return missing(names.players, e.player) || missing(names.teams, e.from) ||
                 missing(names.teams, e.to);
        } else if constexpr (std::is_same_v<E, LocationSent> || std::is_same_v<E, TrapSet>) {
          return missing(names.teams, e.team);
        } else {
          return false;  // the event names its teams itself, or none
        }
      },
      broadcast.event);
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

std::string event_details(const BroadcastEvent& event, const NameTable& names) {
  return std::visit(
      [&names](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Pinged>) {
          return e.payload.value_or("");
        } else if constexpr (std::is_same_v<E, PlayerChangedSession>) {
          return move_text(name_of(names.players, e.player, "player"), names.sessions, "session",
                           e.from, e.to);
        } else if constexpr (std::is_same_v<E, PlayerDeleted>) {
          return name_of(names.players, e.player, "player") + " was removed";
        } else if constexpr (std::is_same_v<E, PlayerChangedTeam>) {
          return move_text(name_of(names.players, e.player, "player"), names.teams, "team", e.from,
                           e.to);
        } else if constexpr (std::is_same_v<E, TeamMadeCatcher>) {
          return e.team.name + " is now a catcher";
        } else if constexpr (std::is_same_v<E, TeamMadeRunner>) {
          return e.team.name + " is now a runner";
        } else if constexpr (std::is_same_v<E, TeamLeftGracePeriod>) {
          return e.team.name + " left its grace period";
        } else if constexpr (std::is_same_v<E, Started>) {
          return started_text(e);
        } else if constexpr (std::is_same_v<E, Ended>) {
          return "";
        } else if constexpr (std::is_same_v<E, Caught>) {
          const auto bounty = caught_bounty(e);
          return e.catcher.name + " caught " + e.caught.name +
                 (bounty ? ", bounty " + std::to_string(*bounty) : "");
        } else if constexpr (std::is_same_v<E, Completed>) {
          return e.team.name + " completed \"" + e.challenge.title + "\" for " +
                 std::to_string(e.challenge.points) + " points";
        } else if constexpr (std::is_same_v<E, LocationSent>) {
          char text[96];
          std::snprintf(text, sizeof text, " at %.6f, %.6f (±%.0f m)", e.location.latitude,
                        e.location.longitude, e.location.accuracy);
          return name_of(names.teams, e.team, "team") + text;
        } else if constexpr (std::is_same_v<E, TrapSet>) {
          return name_of(names.teams, e.team, "team") + " drew the trap \"" + e.challenge.title +
                 "\"" + (e.message ? ": " + *e.message : std::string());
        } else if constexpr (std::is_same_v<E, TeamAdjusted>) {
          return e.team.name + " corrected, " + correction_text(e.correction);
        } else {
          static_assert(kUnhandledEvent<E>, "watch cannot describe this broadcast yet");
        }
      },
      event);
}

std::string broadcast_line(const Broadcast& broadcast, std::time_t received,
                           const NameTable& names) {
  std::string line = local_clock(received) + " " + event_name(broadcast.event);
  const std::string details = event_details(broadcast.event, names);
  if (!details.empty()) line += ": " + details;
  if (broadcast.session) {
    const auto found = names.sessions.find(*broadcast.session);
    line +=
        " [session " +
        (found != names.sessions.end() ? found->second : "#" + std::to_string(*broadcast.session)) +
        "]";
  }
  return line;
}

}  // namespace truinlag::cli
