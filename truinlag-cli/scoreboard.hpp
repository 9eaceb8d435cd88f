// What `scoreboard SESSION` shows: the teams ranked by points, as a table
// for an 80-column terminal or as JSON rows. Pure, so that tests can pin
// the exact output for a fixed state and a fixed clock.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "truinlag/results.hpp"

namespace truinlag::cli {

// A team and where it stands.
struct ScoreRow {
  int rank = 0;  // 1-based; teams with equal points share it (1, 1, 3)
  const Team* team = nullptr;
};

// By points, most first; equal points share a rank and are ordered by name
// (as the engine compares names: case-insensitive), then by id.
std::vector<ScoreRow> rank_teams(const std::vector<Team>& teams);

// Whole seconds of the team's grace period left at `now` (rounded up, so
// it reads 0:01 until the end, never 0:00); empty if none is running.
std::optional<std::int64_t> grace_seconds_left(const Team& team, Timestamp now);

// "m:ss" of grace_seconds_left ("4:59", "75:00"); "-" if none is running.
std::string grace_text(const Team& team, Timestamp now);

// The colour column: a two-column block in the team's 24-bit colour
// (\x1b[48;2;R;G;Bm  \x1b[0m) when `colour`, else "#rrggbb".
std::string colour_swatch(const Colour& colour, bool use_colour);

// Whether to print colour: not with --no-color, not when $NO_COLOR is set
// to anything but "" (no-color.org), not when stdout is no terminal.
bool colour_wanted(bool no_color_flag, const char* no_color_env, bool stdout_is_tty);

// The table, ending in a newline:
//   OG TrainLag: game "OG TrainLag am 2026-11-25"
//    # Team           Colour  Role     Points Bounty Grace Open challenges
//    1 Blau           #5d9cec runner     1200    360  4:59 Uetliberg (250)
//                                                          Ab uf Hütten (400)
//    2 Rot            #ff6600 catcher     500      0     -
// Each open challenge on a line of its own, "title (points)", the title cut
// with "…" so that no line is wider than `width` columns (display_width's
// rule; the escape codes of the swatch take no column). Lines carry no
// trailing blanks.
std::string scoreboard_text(const SessionState& state, Timestamp now, bool use_colour,
                            int width = 80);

// `scoreboard --json`: the rows in rank order,
//   [{"rank": 1, "id": 1, "name": "Blau", "colour": "#5d9cec", "role": "runner",
//     "points": 1200, "bounty": 360, "grace_period_end": 1795617400000,
//     "grace_seconds_left": 299, "challenges": [{"title": "Uetliberg", "points": 250}]}]
// grace_period_end and grace_seconds_left are null when no grace period runs.
nlohmann::ordered_json scoreboard_json(const SessionState& state, Timestamp now);

}  // namespace truinlag::cli
