// `config set S KEY=VALUE...`: values as people type them on a command
// line, turned into a ConfigPatch. Pure, so tests need no daemon.
//
// Each VALUE is read by the type of its key (docs/cli.md lists them):
//   numbers        3   0.3   -20
//   times          09:00   9:00
//   ranges         20,61   [20,61]   [20,61)     (half-open [start, end))
//   colour lists   #5d9cec,#4fc1e9   5d9cec 4fc1e9   (empty: no colours)
//   set lists      1,2   Standard,Kaffs   #3      (ids or names; empty: none)
//   strings        anything, taken as is (time_zone, templates)
// The value becomes the JSON the key has in `config get --json`, and
// truinlag/json.hpp reads the patch from that, so both forms accept the same things.
#pragma once

#include <string>
#include <vector>

#include "truinlag/results.hpp"

namespace truinlag::cli {

// Throws CliError: kExitUsage for malformed input (no '=', an unknown or
// repeated key, a value of the wrong form), kExitFailure for a set name
// that names no set.
ConfigPatch parse_config_assignments(const std::vector<std::string>& assignments,
                                     const std::vector<ChallengeSet>& sets);

}  // namespace truinlag::cli
