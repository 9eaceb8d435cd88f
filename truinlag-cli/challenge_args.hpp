// The JSON_OR_FILE argument of `challenge add` and `challenge set`, and the
// challenge JSON (docs/cli.md): the field names of challenge.hpp, enums in
// lowercase, repetitions as [min, max). Pure, so tests need no daemon.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "truinlag/challenge.hpp"

namespace truinlag::cli {

// The JSON an argument holds: inline JSON when it starts with '{' or '[',
// standard input for "-", else the contents of the file it names. Throws
// CliError(kExitUsage) naming the argument when that is no JSON.
nlohmann::json read_json_argument(const std::string& argument);

// The challenge `json` (an object) describes. Keys it leaves out keep the
// value they have in `base`: the defaults of a new Challenge for `add`, the
// stored challenge for `set`, so `{"status": "approved"}` changes just that.
// `add` also requires "kind" and "status": defaulting those would file a
// forgotten status as to_sort, a challenge no game ever draws. Throws
// CliError(kExitUsage) with the path of what is wrong.
Challenge challenge_from_json(const nlohmann::json& json, const Challenge& base,
                              bool require_kind_and_status);

}  // namespace truinlag::cli
