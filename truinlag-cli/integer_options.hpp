// Every integer option and positional of every verb reads its value as a
// decimal integer in range (decimal.hpp), or the command line is a usage
// error naming the argument (exit 2). CLI11 on its own reads "010" as 8,
// "0x10" as 16, saturates 9223372036854775808 to 2^63-1 and takes -1 for
// an unsigned option as 2^64-1.
#pragma once

#include <CLI/CLI.hpp>

namespace truinlag::cli {

// A validator for an option of CLI11 type INT (`is_unsigned` false: any
// signed 64-bit value) or UINT (`is_unsigned`: 0 to 2^64-1). It rewrites
// an accepted value in canonical decimal ("007" -> "7") so that CLI11's
// own conversion reads the same number.
CLI::Validator decimal_integer(bool is_unsigned);

// Attaches decimal_integer to every option of `app` and of all its
// subcommands, at any depth, whose type is INT or UINT. Call it once,
// after every verb is added. Returns how many options it covered.
std::size_t require_decimal_integers(CLI::App& app);

}  // namespace truinlag::cli
