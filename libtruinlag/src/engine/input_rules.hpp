// What every value that enters the engine must be, whatever the client
// (game-rules section 10 "Numbers"; docs/architecture.md "Input limits"):
//
// * text is valid UTF-8 without control characters (line breaks and tabs
//   only in multi-line texts: descriptions, comments, messages), and no
//   longer than its kind's maximum, so that no answer listing it can reach
//   the output limits;
// * every floating-point number is finite;
// * a location lies on the globe, within a day of the engine's clock.
//
// The checks walk a command's field list (kFields), so a new command or
// field is covered without a line here; the problem names the field's path
// ("challenge.translated_titles[en]: ...").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "truinlag/commands.hpp"

namespace truinlag::engine {

// The maxima, in bytes of UTF-8.
inline constexpr std::size_t kMaxLineBytes = 200;   // names, titles, passphrases, ...
inline constexpr std::size_t kMaxTextBytes = 4000;  // descriptions, comments, messages
inline constexpr std::size_t kMaxPathBytes = 4096;  // a file path on the daemon's machine

// How far a location's timestamp may be from the engine's clock, either way.
inline constexpr Timestamp kLocationWindowMillis = 24 * 60 * 60 * 1000;

enum class TextKind {
  Line,    // one line: no control characters at all
  Text,    // multi-line: \n, \r and \t allowed
  Path,    // a file path: one line, up to kMaxPathBytes
  Binary,  // bytes (JPEG data): not text, not checked here
};

// A number as the range messages print it (10 significant digits, "nan"
// and "inf" as such); the config and challenge ranges use it too.
std::string number_text(double value);

// The kind of text a field of this name holds.
TextKind text_kind(std::string_view field);

// Why `text` is not acceptable as a `kind` text, or nullopt.
std::optional<std::string> text_problem(std::string_view text, TextKind kind);

// The first problem of any text or floating-point number in the command
// (its path and why), or nullopt. Import's records are checked one by one
// as they are applied (a bad record is a rejection, not a refusal).
std::optional<std::string> input_problem(const Command& command);

// The first problem of a location reported at `now`: each field in range,
// the timestamp within kLocationWindowMillis of now.
std::optional<std::string> location_problem(const Location& location, Timestamp now);

}  // namespace truinlag::engine
