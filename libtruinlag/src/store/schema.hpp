// The database schema as a list of forward migrations.
//
// PRAGMA user_version is the number of migrations applied. Start-up runs
// the missing ones in one transaction; a file with a higher version than
// this build knows is refused (it was written by a newer truinlagd).
#pragma once

#include <string_view>
#include <vector>

namespace truinlag::store {

// migrations()[i] takes a database from version i to version i + 1.
const std::vector<std::string_view>& migrations();

inline int current_schema_version() { return static_cast<int>(migrations().size()); }

}  // namespace truinlag::store
