// Turning what an organiser types into ids: "Foxes", " foxes ", "3", "#3".
//
// Pure functions over lists the daemon sent, so that tests need no daemon.
// The rules (docs/cli.md):
//   * "#N" always means the id N;
//   * a plain number N means the id N, or the thing named "N";
//   * anything else is a name, compared as the engine compares names
//     (surrounding blanks ignored, case-insensitive);
//   * players also answer to their nickname;
//   * zones are named by their number only (110), never by their id.
// Nothing matching, or a plain number matching one thing's id and
// another's name, is an error (exit 1) that lists the candidates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli_error.hpp"
#include "truinlag/results.hpp"

namespace truinlag::cli {

// Something an organiser can name: its id and the names it answers to.
struct Nameable {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> aliases;  // more names (a player's nickname)
};

// The id `text` names among `candidates`; `kind` ("session") is for the
// message of the CliError(kExitFailure) thrown when there is none or more
// than one.
std::int64_t resolve_name(std::string_view kind, std::string_view text,
                          const std::vector<Nameable>& candidates);

SessionId resolve_session(const GlobalState& state, std::string_view text);
PlayerId resolve_player(const GlobalState& state, std::string_view text);
TeamId resolve_team(const SessionState& state, std::string_view text);
ChallengeSetId resolve_set(const std::vector<ChallengeSet>& sets, std::string_view text);
ZoneId resolve_zone(const std::vector<Zone>& zones, std::int64_t number);
// `number` is a zone number such as "110" (decimal.hpp; else exit 2).
ZoneId resolve_zone(const std::vector<Zone>& zones, std::string_view number);

// The integer that all of `text` spells in decimal (no sign, blanks or
// other characters around it), if it does and is at most 2^63-1.
std::optional<std::int64_t> parse_int(std::string_view text);

}  // namespace truinlag::cli
