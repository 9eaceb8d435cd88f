// Title and description of a drawn challenge (game-rules section 8,
// "Texts"). Every template is a session config value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "truinlag/challenge.hpp"
#include "truinlag/config.hpp"

namespace truinlag::engine {

struct ChallengeTexts {
  std::string title;
  std::string description;
  std::map<std::string, std::string> translated_titles;
  std::map<std::string, std::string> translated_descriptions;
};

// What the placeholders stand for in one drawn challenge.
struct TextValues {
  std::optional<std::string> place;        // %p
  std::optional<std::int64_t> zone_number;  // %z and %s
  std::int64_t repetitions = 0;             // %r
};

// Replaces %p, %z, %s and %r in one pass (an inserted place is never
// scanned again); "%%" is a literal "%". A placeholder without a value
// (%p without a place, %z without a zone) becomes "?". Any other "%x" is
// kept as written.
std::string substitute(std::string_view text, const TextValues& values);

// The texts of a drawn challenge: its own title/description, else the
// place templates (ZKaff or other kinds), else the session defaults; the
// no-disembark prefix on titles; the zoneable note appended to the
// descriptions of a Zoneable pinned to a zone; then substitution. The
// translations get the same prefix, note and substitution.
ChallengeTexts challenge_texts(const Challenge& challenge, const Config& config,
                               const TextValues& values, bool zoned_zoneable);

}  // namespace truinlag::engine
