// The CLI's text output for people (the JSON output is json_io.hpp's).
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "truinlag/messages.hpp"

namespace truinlag::cli {

// Sessions and players, one line each.
std::string state_text(const GlobalState& state);

// The event's name in CamelCase ("Pinged", "PlayerChangedSession").
std::string event_name(const BroadcastEvent& event);

// What happened, in one short line ("hello" for a Ping's payload); empty
// when the name says it all.
std::string event_details(const BroadcastEvent& event);

// One line of `watch`: "12:03:17 Pinged: hello", in local time.
std::string broadcast_line(const Broadcast& broadcast, std::time_t received);

// "no teams", "1 team", "3 teams".
std::string plural(std::size_t count, const char* noun);

// Columns `text` takes on a terminal, counting each UTF-8 character as one
// (true for the Latin letters of names; emoji take two, which we accept).
std::size_t display_width(std::string_view text);

// `text`, cut to `columns` with "…" as its last column when longer.
std::string clip(std::string_view text, std::size_t columns);

// "HH:MM:SS" and "YYYY-MM-DD HH:MM" in local time.
std::string local_clock(std::time_t time);
std::string local_date_time(Timestamp timestamp);

}  // namespace truinlag::cli
