#include "catalogue_file.hpp"

#include <algorithm>
#include <functional>

#include "challenge_args.hpp"
#include "cli_error.hpp"
#include "csv.hpp"
#include "decimal.hpp"
#include "truinlag/json.hpp"

namespace truinlag::cli {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kKindNames[] = {"all",     "challenges", "sets", "zones",
                                           "minutes", "players",    "teams"};

// ---- JSON records ------------------------------------------------------

// A challenge as the file writes it: the challenge's own keys in field
// order, without id and last_edit, with sets by name and zones by number.
ordered_json challenge_record_json(const CatalogueChallenge& record) {
  ordered_json j = to_ordered_json_value(record.challenge);
  j.erase("id");
  j.erase("last_edit");
  j["sets"] = record.sets;
  j["zones"] = record.zones;
  return j;
}

CatalogueChallenge challenge_record(const json& j) {
  if (!j.is_object()) throw JsonError(std::string("expected an object, got ") + j.type_name());
  CatalogueChallenge record;
  json rest = j;
  // Errors inside the lists name them: "$.sets[0]: ...", not "$[0]: ...".
  const auto within = [](const char* key, const JsonError& e) {
    std::string message = e.what();
    if (message.rfind('$', 0) == 0) message.replace(0, 1, std::string("$.") + key);
    return JsonError(message);
  };
  if (const auto sets = rest.find("sets"); sets != rest.end()) {
    try {
      record.sets = from_json_value<std::vector<std::string>>(*sets);
    } catch (const JsonError& e) {
      throw within("sets", e);
    }
    rest.erase("sets");
  }
  if (const auto zones = rest.find("zones"); zones != rest.end()) {
    try {
      record.zones = from_json_value<std::vector<std::int64_t>>(*zones);
    } catch (const JsonError& e) {
      throw within("zones", e);
    }
    rest.erase("zones");
  }
  rest.erase("id");  // a file exported elsewhere: ids do not carry over
  rest.erase("last_edit");
  record.challenge = challenge_from_json(rest, Challenge{}, true);
  return record;
}

template <class T>
T record_of(const json& j) {
  if constexpr (std::is_same_v<T, CatalogueChallenge>) {
    return challenge_record(j);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) throw JsonError(std::string("expected a set name, got ") + j.type_name());
    return j.get<std::string>();
  } else {
    return from_json_value<T>(j);
  }
}

template <class T>
ordered_json record_json(const T& record) {
  if constexpr (std::is_same_v<T, CatalogueChallenge>) {
    return challenge_record_json(record);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return record;
  } else {
    return to_ordered_json_value(record);
  }
}

// The parts of a catalogue, in the order Import applies them.
template <class F>
void for_each_part(Catalogue& c, F&& f) {
  f("challenge_sets", c.challenge_sets);
  f("zones", c.zones);
  f("zone_minutes", c.zone_minutes);
  f("challenges", c.challenges);
  f("players", c.players);
  f("teams", c.teams);
}

bool part_selected(std::string_view part, CatalogueKind what) {
  switch (what) {
    case CatalogueKind::All:
      return true;
    case CatalogueKind::Challenges:
      return part == "challenges" || part == "challenge_sets";
    case CatalogueKind::Sets:
      return part == "challenge_sets";
    case CatalogueKind::Zones:
      return part == "zones" || part == "zone_minutes";
    case CatalogueKind::Minutes:
      return part == "zone_minutes";
    case CatalogueKind::Players:
      return part == "players";
    case CatalogueKind::Teams:
      return part == "teams";
  }
  return false;
}

// Strips CliError's "error: " so a problem reads "<label>: <reason>".
std::string reason(const std::exception& e) {
  std::string text = e.what();
  if (text.rfind("error: ", 0) == 0) text.erase(0, 7);
  return text;
}

// ---- CSV cells -----------------------------------------------------------

using CellReader = std::function<json(const std::string&)>;

template <class T>
inline constexpr bool kIsOpt = false;
template <class T>
inline constexpr bool kIsOpt<std::optional<T>> = true;

json parse_cell_json(const std::string& cell) {
  try {
    return json::parse(cell);
  } catch (const json::parse_error&) {
    throw JsonError("\"" + cell + "\" is not valid JSON");
  }
}

std::vector<std::string> split_list(const std::string& cell) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= cell.size()) {
    const std::size_t end = std::min(cell.find(';', start), cell.size());
    std::string item = cell.substr(start, end - start);
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return items;
}

// The JSON value a cell stands for, given the C++ type of its field.
template <class F>
json cell_json(const std::string& cell) {
  if constexpr (std::is_same_v<F, std::string>) {
    return cell;
  } else if constexpr (kIsOpt<F>) {
    if (cell.empty()) return nullptr;
    return cell_json<typename F::value_type>(cell);
  } else if constexpr (std::is_same_v<F, bool>) {
    std::string lower = cell;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "1" || lower == "yes") return true;
    if (lower == "false" || lower == "0" || lower == "no" || lower.empty()) return false;
    throw JsonError("\"" + cell + "\" is not true or false");
  } else if constexpr (std::is_integral_v<F>) {
    // Decimal and in the field's range, as on the command line (blanks
    // around it are a spreadsheet's, not part of the number).
    const auto first = cell.find_first_not_of(' ');
    const std::string digits = first == std::string::npos
                                   ? ""
                                   : cell.substr(first, cell.find_last_not_of(' ') - first + 1);
    F value{};
    if (std::string problem = read_decimal(digits, value); !problem.empty()) {
      throw JsonError(problem);
    }
    return value;
  } else if constexpr (std::is_arithmetic_v<F>) {
    json value = parse_cell_json(cell);
    if (!value.is_number()) throw JsonError("\"" + cell + "\" is not a number");
    return value;
  } else if constexpr (std::is_enum_v<F> || std::is_same_v<F, Colour>) {
    return cell;  // an enum's name, a colour's "#rrggbb"
  } else if constexpr (std::is_same_v<F, std::vector<std::string>> ||
                       std::is_same_v<F, std::vector<std::int64_t>>) {
    if (!cell.empty() && cell.front() == '[') return parse_cell_json(cell);
    json list = json::array();
    for (const std::string& item : split_list(cell)) {
      if constexpr (std::is_same_v<F, std::vector<std::string>>) {
        list.push_back(item);
      } else {
        list.push_back(cell_json<std::int64_t>(item));
      }
    }
    return list;
  } else if constexpr (json_detail::kIsStringMap<F>) {
    return cell.empty() ? json::object() : parse_cell_json(cell);
  } else if constexpr (json_detail::kIsVector<F>) {
    return cell.empty() ? json::array() : parse_cell_json(cell);
  } else {
    return parse_cell_json(cell);
  }
}

template <HasFields T>
std::map<std::string, CellReader> cell_readers() {
  std::map<std::string, CellReader> readers;
  std::apply(
      [&](const auto&... field) {
        ((readers[std::string(field.name)] =
              cell_json<std::decay_t<decltype(std::declval<T>().*(field.member))>>),
         ...);
      },
      T::kFields);
  return readers;
}

std::string cell_text(const ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// The columns a CSV of records T must have: the fields a JSON record
// cannot leave out (truinlag/json/read.hpp: not optional, not a list or map).
template <HasFields T>
std::vector<std::string> required_columns() {
  std::vector<std::string> required;
  std::apply(
      [&](const auto&... field) {
        (
            [&] {
              using F = std::decay_t<decltype(std::declval<T>().*(field.member))>;
              if constexpr (!json_detail::kIsOptional<F> && !json_detail::kIsVector<F> &&
                            !json_detail::kIsStringMap<F>) {
                required.emplace_back(field.name);
              }
            }(),
            ...);
      },
      T::kFields);
  return required;
}

// The CSV of one kind: its header, the readers of its columns, its part,
// and the columns it cannot do without.
struct CsvKind {
  CatalogueKind kind;
  std::string part;
  std::map<std::string, CellReader> readers;
  std::vector<std::string> required;
};

CsvKind csv_kind(CatalogueKind kind) {
  switch (kind) {
    case CatalogueKind::Challenges: {
      auto readers = cell_readers<Challenge>();
      readers.erase("id");
      readers.erase("last_edit");
      readers["sets"] = cell_json<std::vector<std::string>>;
      readers["zones"] = cell_json<std::vector<std::int64_t>>;
      // Every other key keeps the value of a default challenge.
      return {kind, "challenges", readers, {"kind", "status"}};
    }
    case CatalogueKind::Sets:
      return {kind, "challenge_sets", {{"name", cell_json<std::string>}}, {"name"}};
    case CatalogueKind::Zones:
      return {kind, "zones", cell_readers<CatalogueZone>(), required_columns<CatalogueZone>()};
    case CatalogueKind::Minutes:
      return {kind, "zone_minutes", cell_readers<CatalogueMinutes>(),
              required_columns<CatalogueMinutes>()};
    case CatalogueKind::Players:
      return {kind, "players", cell_readers<CataloguePlayer>(),
              required_columns<CataloguePlayer>()};
    case CatalogueKind::Teams:
      return {kind, "teams", cell_readers<CatalogueTeam>(), required_columns<CatalogueTeam>()};
    case CatalogueKind::All:
      break;
  }
  throw usage_error(
      "CSV holds one kind of record: --what challenges|sets|zones|minutes|players|teams");
}

// The kind a header row announces.
CatalogueKind kind_of_header(const std::vector<std::string>& header, const std::string& source) {
  const auto has = [&](const char* column) {
    return std::find(header.begin(), header.end(), column) != header.end();
  };
  if (header == std::vector<std::string>{"name"}) return CatalogueKind::Sets;
  if (has("from") && has("to") && has("minutes")) return CatalogueKind::Minutes;
  if (has("kind")) return CatalogueKind::Challenges;
  if (has("passphrase")) return CatalogueKind::Players;
  if (has("players")) return CatalogueKind::Teams;
  if (has("number")) return CatalogueKind::Zones;
  throw usage_error(source +
                    ": the header row names no known kind (challenges have \"kind\", players "
                    "\"passphrase\", teams \"players\", zones \"number\", minutes "
                    "\"from,to,minutes\", sets just \"name\")");
}

// A record's reason as a CSV reader sees it: the JSON path the record was
// read at ("$.number: ...", "challenge.action.type: ...") is a column
// ("column \"number\": ...", "column \"action\" (.type): ...").
std::string column_reason(std::string text) {
  for (const char* root : {"$.", "challenge."}) {
    const std::string_view prefix = root;
    if (text.rfind(prefix, 0) != 0) continue;
    const std::size_t key_end = text.find_first_of(".[:", prefix.size());
    if (key_end == std::string::npos) break;
    const std::string key = text.substr(prefix.size(), key_end - prefix.size());
    const std::size_t colon = text.find(": ", key_end);
    if (colon == std::string::npos) break;
    const std::string inner = text.substr(key_end, colon - key_end);
    return "column \"" + key + "\"" + (inner.empty() ? "" : " (" + inner + ")") +
           text.substr(colon);
  }
  return text;
}

// `csv`: the problem names columns, not JSON paths.
template <class T>
void append_record(const json& j, const std::string& part, const std::string& label,
                   std::vector<T>& list, CatalogueInput& into, bool csv = false) {
  const auto problem = [&](const std::exception& e) {
    into.problems.push_back(label + ": " + (csv ? column_reason(reason(e)) : reason(e)));
  };
  try {
    list.push_back(record_of<T>(j));
    into.where[part].push_back(label);
  } catch (const JsonError& e) {
    problem(e);
  } catch (const CliError& e) {
    problem(e);
  }
}

}  // namespace

std::optional<CatalogueKind> catalogue_kind(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == name) return static_cast<CatalogueKind>(i);
  }
  return std::nullopt;
}

std::string_view kind_name(CatalogueKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::string catalogue_json_text(const Catalogue& catalogue, CatalogueKind what) {
  ordered_json file = ordered_json::object();
  Catalogue copy = catalogue;
  for_each_part(copy, [&](const char* part, const auto& list) {
    if (!part_selected(part, what)) return;
    ordered_json records = ordered_json::array();
    for (const auto& record : list) records.push_back(record_json(record));
    file[part] = std::move(records);
  });
  return file.dump(2, ' ', false, ordered_json::error_handler_t::strict) + "\n";
}

void add_json_catalogue(const json& file, const std::string& source, CatalogueInput& into) {
  if (!file.is_object()) {
    throw usage_error(source +
                      ": a catalogue is a JSON object with the keys challenge_sets, "
                      "zones, zone_minutes, challenges, players, teams");
  }
  for (const auto& [key, value] : file.items()) {
    bool known = false;
    for_each_part(into.catalogue, [&](const char* part, auto&) { known = known || key == part; });
    if (!known) {
      throw usage_error(source + ": unknown key \"" + key +
                        "\" (expected challenge_sets, zones, zone_minutes, challenges, players, "
                        "teams)");
    }
    if (!value.is_array()) throw usage_error(source + ": \"" + key + "\" is not a list");
  }
  for_each_part(into.catalogue, [&](const char* part, auto& list) {
    const auto records = file.find(part);
    if (records == file.end()) return;
    for (std::size_t i = 0; i < records->size(); ++i) {
      const std::string label = source + " $." + part + "[" + std::to_string(i) + "]";
      append_record(records->at(i), part, label, list, into);
    }
  });
}

std::string catalogue_csv_text(const Catalogue& catalogue, CatalogueKind what) {
  const CsvKind kind = csv_kind(what);
  Catalogue copy = catalogue;
  std::string text;
  for_each_part(copy, [&](const char* part, const auto& list) {
    if (part != kind.part) return;
    // The header is the record's keys in field order; a set is one "name".
    std::vector<std::string> header;
    using Record = typename std::decay_t<decltype(list)>::value_type;
    const ordered_json sample = record_json(Record{});
    if (sample.is_object()) {
      for (const auto& item : sample.items()) header.push_back(item.key());
    } else {
      header.push_back("name");
    }
    text += csv_line(header);
    for (const auto& record : list) {
      const ordered_json j = record_json(record);
      std::vector<std::string> cells;
      if (j.is_object()) {
        for (const std::string& key : header) cells.push_back(cell_text(j.at(key)));
      } else {
        cells.push_back(cell_text(j));
      }
      text += csv_line(cells);
    }
  });
  return text;
}

void add_csv_catalogue(std::string_view text, const std::string& source, CatalogueInput& into) {
  const CsvTable table = parse_csv(text, source);
  const CsvKind kind = csv_kind(kind_of_header(table.header, source));
  for (const std::string& column : table.header) {
    if (kind.readers.count(column) == 0) {
      std::string expected;
      for (const auto& [name, reader] : kind.readers)
        expected += (expected.empty() ? "" : ", ") + name;
      throw usage_error(source + ": unknown column \"" + column + "\" for " +
                        std::string(kind_name(kind.kind)) + " (expected some of: " + expected +
                        ")");
    }
  }
  // Said once for the file, not once per row as a JSON path.
  for (const std::string& column : kind.required) {
    if (std::find(table.header.begin(), table.header.end(), column) == table.header.end()) {
      std::string needed;
      for (const std::string& name : kind.required) needed += (needed.empty() ? "" : ", ") + name;
      throw usage_error(source + ": missing column \"" + column + "\" (" +
                        std::string(kind_name(kind.kind)) + " need the columns " + needed + ")");
    }
  }
  for_each_part(into.catalogue, [&](const char* part, auto& list) {
    if (part != kind.part) return;
    using Record = typename std::decay_t<decltype(list)>::value_type;
    for (const CsvRow& row : table.rows) {
      const std::string label = source + " line " + std::to_string(row.line);
      json j = json::object();
      std::size_t c = 0;
      try {
        for (; c < table.header.size(); ++c) {
          j[table.header[c]] = kind.readers.at(table.header[c])(row.cells[c]);
        }
      } catch (const JsonError& e) {
        into.problems.push_back(label + ": column \"" + table.header[c] + "\": " + reason(e));
        continue;
      }
      if constexpr (std::is_same_v<Record, std::string>) {
        append_record(j.at("name"), part, label, list, into, true);
      } else {
        append_record(j, part, label, list, into, true);
      }
    }
  });
  // Sets named by the challenges of a CSV exist after the import.
  if (kind.kind == CatalogueKind::Challenges) {
    auto& sets = into.catalogue.challenge_sets;
    for (const CatalogueChallenge& record : into.catalogue.challenges) {
      for (const std::string& set : record.sets) {
        if (std::find(sets.begin(), sets.end(), set) == sets.end()) {
          sets.push_back(set);
          into.where["challenge_sets"].push_back(source + " (set named by a challenge)");
        }
      }
    }
  }
}

}  // namespace truinlag::cli
