#include "challenge_args.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include "cli_error.hpp"
#include "truinlag/json.hpp"

namespace truinlag::cli {

nlohmann::json read_json_argument(const std::string& argument) {
  const auto first = argument.find_first_not_of(" \t\r\n");
  const bool inline_json =
      first != std::string::npos && (argument[first] == '{' || argument[first] == '[');
  std::string text;
  std::string source = "the JSON argument";
  if (inline_json) {
    text = argument;
  } else if (argument == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    source = "standard input";
  } else {
    std::ifstream file(argument, std::ios::binary);
    if (!file) {
      throw usage_error("cannot read \"" + argument +
                        "\" (inline JSON starts with '{' or '[', \"-\" reads standard input)");
    }
    text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    source = argument;
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw usage_error(source + " is not valid JSON: " + e.what());
  }
}

Challenge challenge_from_json(const nlohmann::json& json, const Challenge& base,
                              bool require_kind_and_status) {
  if (!json.is_object()) {
    throw usage_error(std::string("a challenge is a JSON object, got ") + json.type_name());
  }
  if (require_kind_and_status) {
    for (const char* key : {"kind", "status"}) {
      if (!json.contains(key))
        throw usage_error(std::string("a new challenge needs \"") + key + "\"");
    }
  }
  nlohmann::json merged = to_json_value(base);
  for (const auto& [key, value] : json.items()) merged[key] = value;
  try {
    return from_json_value<Challenge>(merged);
  } catch (const JsonError& e) {
    // "$.kind: ..." reads as "challenge.kind: ...".
    std::string message = e.what();
    if (message.rfind("$", 0) == 0) message.replace(0, 1, "challenge");
    throw usage_error(message);
  }
}

}  // namespace truinlag::cli
