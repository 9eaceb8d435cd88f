// The CLI's text output for people (the JSON output is truinlag/json.hpp's).
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "truinlag/messages.hpp"
#include "truinlag/results.hpp"

namespace truinlag::cli {

// Sessions and players, one line each.
std::string state_text(const GlobalState& state);

// What broadcasts mention by id, by name, so that `watch` can say "Blau
// caught Rot" rather than "team 1 caught team 2". Filled from GetState and
// GetSessionState when `watch` starts and from every broadcast that carries
// teams. Names are never forgotten: a deleted player's PlayerDeleted line
// still names them. (Renames have no broadcast; `watch` shows the name it
// learnt last.)
struct NameTable {
  std::map<SessionId, std::string> sessions;
  std::map<PlayerId, std::string> players;
  std::map<TeamId, std::string> teams;
};

void learn_names(NameTable& names, const GlobalState& state);
void learn_names(NameTable& names, const std::vector<Team>& teams);
// The teams the event carries (Started, Caught, Completed, ...).
void learn_names(NameTable& names, const BroadcastEvent& event);

// True if the line of `broadcast` would show an id for want of a name
// (a team added after `watch` started), so that asking again may help.
bool lacks_names(const NameTable& names, const Broadcast& broadcast);

// The event's name in CamelCase ("Pinged", "PlayerChangedSession").
std::string event_name(const BroadcastEvent& event);

// What happened, as a short sentence with names ("Blau caught Rot, bounty
// 420"; "hello" for a Ping's payload); empty when the name says it all.
// Ids missing from `names` show as "team #7".
std::string event_details(const BroadcastEvent& event, const NameTable& names = {});

// One line of `watch`, in local time:
//   "12:03:17 Caught: Blau caught Rot, bounty 420 [session OG TrainLag]"
std::string broadcast_line(const Broadcast& broadcast, std::time_t received,
                           const NameTable& names = {});

// What a correction changed and why: "points +50, bounty -10: wrong team"
// (a zero delta is left out; both zero: "no change").
std::string correction_text(const Correction& correction);

// "no teams", "1 team", "3 teams".
std::string plural(std::size_t count, const char* noun);

// Columns `text` takes on a terminal. The rule, simple and erring on the
// wide side (too wide only wastes a column, too narrow would overflow it):
//   * a UTF-8 character takes one column (Latin letters with umlauts and
//     accents, and bytes that are not valid UTF-8, one each);
//   * emoji and East Asian wide characters take two (the main blocks:
//     U+1F000..1FAFF, CJK, Hangul, fullwidth forms, and the BMP symbols
//     shown as emoji by default, e.g. ⚽ ⌚ ✅);
//   * combining marks (U+0300..036F, U+20D0..20FF), zero-width spaces and
//     joiners (U+200B..200F) and the variation selectors U+FE00..FE0E take
//     none; U+FE0F (emoji style) takes one, since it widens the symbol
//     before it to two. A joined sequence (👨‍👩‍👧) counts as the sum of its parts.
std::size_t display_width(std::string_view text);

// `text`, cut to at most `columns` with "…" as its last column when longer
// (blanks before the "…" dropped); never splits a character.
std::string clip(std::string_view text, std::size_t columns);

// "HH:MM:SS" and "YYYY-MM-DD HH:MM" in local time.
std::string local_clock(std::time_t time);
std::string local_date_time(Timestamp timestamp);

}  // namespace truinlag::cli
