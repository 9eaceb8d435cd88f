// The organisers' files: a catalogue (challenge sets, zones, travel
// minutes, challenges, players, teams) as JSON or as one CSV per kind
// (docs/cli.md, "import and export"). Records refer to sets by name and to
// zones by number, so a file moves between daemons. Pure: no connection.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "truinlag/catalogue.hpp"

namespace truinlag::cli {

enum class CatalogueKind { All, Challenges, Sets, Zones, Minutes, Players, Teams };

// "all", "challenges", "sets", "zones", "minutes", "players", "teams".
std::optional<CatalogueKind> catalogue_kind(std::string_view name);
std::string_view kind_name(CatalogueKind kind);

// What one or more files hold, with a label per record ("challenges.csv
// line 19", "day.json $.challenges[17]") so the engine's refusals can
// point at the line, and the records that could not even be read.
struct CatalogueInput {
  Catalogue catalogue;
  std::map<std::string, std::vector<std::string>> where;  // part -> label per index
  std::vector<std::string> problems;                      // "<label>: <what is wrong>"
};

// JSON: an object with any of the keys challenge_sets, zones,
// zone_minutes, challenges, players, teams (each a list). `what` selects parts:
// Challenges also writes the sets, Zones the minutes. The text is the one
// a later export prints again byte for byte: 2-space indentation, keys in
// field order, UTF-8 untouched, a final newline.
std::string catalogue_json_text(const Catalogue& catalogue, CatalogueKind what);
// Appends a JSON file's records; a record that does not read is a problem,
// a file that is no catalogue object throws CliError(kExitUsage).
void add_json_catalogue(const nlohmann::json& json, const std::string& source,
                        CatalogueInput& into);

// CSV holds one kind (not All): a header row naming the fields, one record
// per row. Lists (sets, zones) are JSON arrays when written; read as JSON
// arrays or as "a;b;c". Other structured cells (translations, action,
// repetitions) are JSON; an empty cell is "none" for optional fields.
std::string catalogue_csv_text(const Catalogue& catalogue, CatalogueKind what);
// Appends a CSV file's records; the kind comes from the header row.
// Challenge sets named by CSV challenges are added to the import (Import
// creates missing sets and reuses existing ones).
void add_csv_catalogue(std::string_view text, const std::string& source, CatalogueInput& into);

}  // namespace truinlag::cli
