// The CLI's text output for people (the JSON output is json_io.hpp's).
#pragma once

#include <ctime>
#include <string>

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

// "HH:MM:SS" and "YYYY-MM-DD HH:MM" in local time.
std::string local_clock(std::time_t time);
std::string local_date_time(Timestamp timestamp);

}  // namespace truinlag::cli
