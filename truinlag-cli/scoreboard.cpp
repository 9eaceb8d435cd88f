#include "scoreboard.hpp"

#include <algorithm>
#include <cstdio>

#include "format_text.hpp"
#include "truinlag/json.hpp"
#include "truinlag/names.hpp"

namespace truinlag::cli {
namespace {

// The fixed columns before "Open challenges". The colour column is 7 wide
// for "#rrggbb" but 2 for a swatch; the challenges get what is left.
constexpr std::size_t kRank = 2, kTeam = 14, kHex = 7, kSwatch = 2, kRole = 7, kPoints = 6,
                      kBounty = 6, kGrace = 5;

// A line being built, with the columns it takes so far: escape codes are
// added with no width, which display_width() could not know.
struct Line {
  std::string text;
  std::size_t width = 0;

  void add(std::string_view s) {
    text += s;
    width += display_width(s);
  }
  void add_raw(std::string_view s, std::size_t columns) {
    text += s;
    width += columns;
  }
  // `s` clipped to `columns`, padded on the left or right to fill them.
  void cell(std::string_view s, std::size_t columns, bool right = false) {
    const std::string clipped = clip(s, columns);
    const std::string pad(columns - std::min(columns, display_width(clipped)), ' ');
    add(right ? pad + clipped : clipped + pad);
    add(" ");
  }
  void pad_to(std::size_t column) {
    if (width < column) add(std::string(column - width, ' '));
  }
  std::string done() const {
    const std::size_t end = text.find_last_not_of(' ');
    return (end == std::string::npos ? "" : text.substr(0, end + 1)) + "\n";
  }
};

// "Uetliberg (250)", the title cut so that it all fits in `columns`.
std::string challenge_cell(const OpenChallenge& challenge, std::size_t columns) {
  const std::string points = " (" + std::to_string(challenge.points) + ")";
  const std::size_t room = columns > points.size() ? columns - points.size() : 0;
  if (room < 2) return clip(challenge.title + points, columns);  // too narrow to be pretty
  return clip(challenge.title, room) + points;
}

}  // namespace

std::vector<ScoreRow> rank_teams(const std::vector<Team>& teams) {
  std::vector<const Team*> order;
  for (const Team& team : teams) order.push_back(&team);
  std::sort(order.begin(), order.end(), [](const Team* a, const Team* b) {
    if (a->points != b->points) return a->points > b->points;
    const auto name_a = normalise_name(a->name);
    const auto name_b = normalise_name(b->name);
    if (name_a != name_b) return name_a < name_b;
    return a->id < b->id;
  });
  std::vector<ScoreRow> rows;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool tie = i > 0 && order[i]->points == order[i - 1]->points;
    rows.push_back({tie ? rows.back().rank : static_cast<int>(i) + 1, order[i]});
  }
  return rows;
}

std::optional<std::int64_t> grace_seconds_left(const Team& team, Timestamp now) {
  if (!team.grace_period_end || *team.grace_period_end <= now) return std::nullopt;
  return (*team.grace_period_end - now + 999) / 1000;
}

std::string grace_text(const Team& team, Timestamp now) {
  const auto left = grace_seconds_left(team, now);
  if (!left) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(*left / 60),
                static_cast<long long>(*left % 60));
  return text;
}

std::string colour_swatch(const Colour& colour, bool use_colour) {
  char text[48];
  if (use_colour) {
    std::snprintf(text, sizeof text, "\x1b[48;2;%u;%u;%um  \x1b[0m", unsigned{colour.r},
                  unsigned{colour.g}, unsigned{colour.b});
  } else {
    std::snprintf(text, sizeof text, "#%02x%02x%02x", unsigned{colour.r}, unsigned{colour.g},
                  unsigned{colour.b});
  }
  return text;
}

bool colour_wanted(bool no_color_flag, const char* no_color_env, bool stdout_is_tty) {
  return !no_color_flag && (no_color_env == nullptr || *no_color_env == '\0') && stdout_is_tty;
}

std::string scoreboard_text(const SessionState& state, Timestamp now, bool use_colour, int width) {
  const std::size_t columns = static_cast<std::size_t>(std::max(width, 1));
  std::string text =
      clip(state.session.name + ": " +
               (state.game ? "game \"" + state.game->name + "\"" : std::string("no game running")),
           columns) +
      "\n";
  if (state.teams.empty()) return text + "no teams\n";

  const std::size_t colour_columns = use_colour ? kSwatch : kHex;
  Line header;
  header.cell("#", kRank, true);
  header.cell("Team", kTeam);
  header.cell(use_colour ? "" : "Colour", colour_columns);
  header.cell("Role", kRole);
  header.cell("Points", kPoints, true);
  header.cell("Bounty", kBounty, true);
  header.cell("Grace", kGrace, true);
  const std::size_t challenge_column = header.width;
  header.add(clip("Open challenges", columns > header.width ? columns - header.width : 0));
  text += header.done();

  for (const ScoreRow& row : rank_teams(state.teams)) {
    const Team& team = *row.team;
    Line line;
    line.cell(std::to_string(row.rank), kRank, true);
    line.cell(team.name, kTeam);
    if (use_colour) {
      line.add_raw(colour_swatch(team.colour, true), kSwatch);
      line.add(" ");
    } else {
      line.cell(colour_swatch(team.colour, false), kHex);
    }
    line.cell(enum_name(team.role), kRole);
    line.cell(std::to_string(team.points), kPoints, true);
    line.cell(std::to_string(team.bounty), kBounty, true);
    line.cell(grace_text(team, now), kGrace, true);
    // The first challenge beside the team, each further one on a line of
    // its own in the same column.
    for (std::size_t i = 0; i < team.challenges.size(); ++i) {
      if (i > 0) {
        text += line.done();
        line = Line{};
      }
      line.pad_to(challenge_column);
      if (line.width < columns) line.add(challenge_cell(team.challenges[i], columns - line.width));
    }
    text += line.done();
  }
  return text;
}

nlohmann::ordered_json scoreboard_json(const SessionState& state, Timestamp now) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const ScoreRow& row : rank_teams(state.teams)) {
    const Team& team = *row.team;
    nlohmann::ordered_json challenges = nlohmann::ordered_json::array();
    for (const OpenChallenge& challenge : team.challenges) {
      challenges.push_back({{"title", challenge.title}, {"points", challenge.points}});
    }
    const auto left = grace_seconds_left(team, now);
    nlohmann::ordered_json entry;
    entry["rank"] = row.rank;
    entry["id"] = team.id;
    entry["name"] = team.name;
    entry["colour"] = to_ordered_json_value(team.colour);
    entry["role"] = to_ordered_json_value(team.role);
    entry["points"] = team.points;
    entry["bounty"] = team.bounty;
    entry["grace_period_end"] = left ? nlohmann::ordered_json(*team.grace_period_end) : nullptr;
    entry["grace_seconds_left"] = left ? nlohmann::ordered_json(*left) : nullptr;
    entry["challenges"] = std::move(challenges);
    rows.push_back(std::move(entry));
  }
  return rows;
}

}  // namespace truinlag::cli
