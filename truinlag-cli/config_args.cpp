#include "config_args.hpp"

#include <charconv>
#include <map>
#include <set>
#include <type_traits>

#include "cli_error.hpp"
#include "decimal.hpp"
#include "truinlag/json.hpp"
#include "resolve.hpp"
#include "truinlag/names.hpp"

namespace truinlag::cli {
namespace {

using nlohmann::json;

// `text` without one pair of surrounding brackets: "[20,61)" -> "20,61".
std::string_view unbracket(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && (text.back() == ']' || text.back() == ')')) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

// The items of a list, separated by commas or blanks; empty items dropped.
std::vector<std::string> list_items(std::string_view text) {
  std::vector<std::string> items;
  std::string item;
  const std::string trimmed = trim(text);  // outlives the view into it
  for (char c : unbracket(trimmed)) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) items.push_back(std::move(item));
  return items;
}

// A number as JSON: an integer if it is one, else a floating-point number
// (a key of type double takes "90" too).
json number_json(std::string_view key, std::string_view text) {
  const std::string trimmed = trim(text);
  if (const auto integer = parse_decimal<std::int64_t>(trimmed)) return json(*integer);
  const char* first = trimmed.data();
  const char* last = first + trimmed.size();
  double number = 0;
  if (auto [end, error] = std::from_chars(first, last, number);
      !trimmed.empty() && error == std::errc{} && end == last) {
    return json(number);
  }
  throw usage_error(std::string(key) + ": expected a number, got \"" + std::string(text) + "\"");
}

// An integer key's value: decimal and in the range of its type, else a
// usage error naming the key (never a double, nor a saturated integer).
template <std::integral T>
json integer_json(std::string_view key, std::string_view text) {
  T value{};
  if (const std::string problem = read_decimal(trim(text), value); !problem.empty()) {
    throw usage_error(std::string(key) + ": " + problem);
  }
  return json(value);
}

// The JSON form of `text` for a key of type T.
template <class T>
json value_json(std::string_view key, std::string_view text,
                const std::vector<ChallengeSet>& sets) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    return integer_json<T>(key, text);
  } else if constexpr (std::is_floating_point_v<T>) {
    return number_json(key, text);
  } else if constexpr (std::is_same_v<T, TimeOfDay>) {
    std::string time = trim(text);
    if (time.size() == 4 && time[1] == ':') time.insert(0, "0");  // 9:00
    return json(time);
  } else if constexpr (std::is_same_v<T, Range>) {
    const std::string inner(unbracket(trim(text)));
    const auto comma = inner.find(',');
    if (comma == std::string::npos) {
      throw usage_error(std::string(key) + ": expected a range START,END, got \"" +
                        std::string(text) + "\"");
    }
    return json::array({number_json(key, std::string_view(inner).substr(0, comma)),
                        number_json(key, std::string_view(inner).substr(comma + 1))});
  } else if constexpr (std::is_same_v<T, std::vector<Colour>>) {
    json colours = json::array();
    for (std::string item : list_items(text)) {
      if (item.front() != '#') item.insert(0, "#");
      colours.push_back(item);
    }
    return colours;
  } else if constexpr (std::is_same_v<T, std::vector<ChallengeSetId>>) {
    json ids = json::array();
    for (const std::string& item : list_items(text)) ids.push_back(resolve_set(sets, item));
    return ids;
  } else {
    static_assert(std::is_same_v<T, std::string>, "config set cannot parse this key's type");
    return json(std::string(text));
  }
}

}  // namespace

ConfigPatch parse_config_assignments(const std::vector<std::string>& assignments,
                                     const std::vector<ChallengeSet>& sets) {
  json object = json::object();
  for (const std::string& assignment : assignments) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
      throw usage_error("expected KEY=VALUE, got \"" + assignment + "\"");
    }
    const std::string key = trim(std::string_view(assignment).substr(0, equals));
    const std::string_view text = std::string_view(assignment).substr(equals + 1);
    if (object.contains(key)) throw usage_error(key + " is given twice");
    bool known = false;
    std::apply(
        [&](const auto&... field) {
          (
              [&] {
                if (field.name != key) return;
                using Stored = std::decay_t<decltype(ConfigPatch{}.*(field.member))>;
                object[key] = value_json<typename Stored::value_type>(key, text, sets);
                known = true;
              }(),
              ...);
        },
        ConfigPatch::kFields);
    if (!known) {
      throw usage_error("unknown config key \"" + key +
                        "\" (`truinlag-cli config get SESSION` lists the keys)");
    }
  }
  try {
    return from_json_value<ConfigPatch>(object);
  } catch (const JsonError& e) {
    // "$.start_time: expected a time ..." reads better without the "$.".
    std::string message = e.what();
    if (message.rfind("$.", 0) == 0) message.erase(0, 2);
    throw usage_error(message);
  }
}

}  // namespace truinlag::cli
