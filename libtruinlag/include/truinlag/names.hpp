// How names compare (game-rules section 1): uniqueness ignores case and
// surrounding blanks. Public so that every client resolves a name typed by
// a person exactly as the engine will compare it (the CLI's "OG" finds the
// session " og ").
#pragma once

#include <string>
#include <string_view>

namespace truinlag {

// The form two names are compared in: surrounding white space removed,
// letters lowercased (ASCII and the Latin letters of German, French and
// Italian names: "ÄPFEL" and "äpfel" are the same name).
std::u32string normalise_name(std::string_view utf8);

// True iff the two names are the same under normalise_name().
bool same_name(std::string_view a, std::string_view b);

// Removes surrounding white space (the stored form of every name).
std::string trim(std::string_view text);

}  // namespace truinlag
