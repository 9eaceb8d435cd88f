// Session configuration: defaults + overrides, and the range checks of
// SetConfig (game-rules section 9).
#pragma once

#include <optional>
#include <string>

#include "truinlag/config.hpp"

namespace truinlag::engine {

// `base` with every value the patch sets replaced.
Config merged(Config base, const ConfigPatch& patch);

// `base` with every value `changes` sets replaced (overrides on overrides).
ConfigPatch merged(ConfigPatch base, const ConfigPatch& changes);

// Checks a complete config; the error names the offending key, preferring
// a key the caller just changed.
std::optional<std::string> config_problem(const Config& config, const ConfigPatch& changed);

}  // namespace truinlag::engine
