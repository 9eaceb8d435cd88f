// The generation period of a draw (game-rules section 8): which kind of
// challenges a team is offered depends on the time of day in the session's
// time zone. Over the afternoon the map shrinks toward the centre zone.
#pragma once

#include <random>
#include <string>

#include "truinlag/config.hpp"

namespace truinlag::engine {

struct GenerationPeriod {
  enum class Kind { Specific, Normal, Perimeter, ZKaff, EndGame };
  Kind kind = Kind::Specific;
  // Perimeter: q, the progress through the perimeter period (0..1).
  // ZKaff: r, the ZKaff ratio lerped through zkaff_ratio_range.
  double value = 0;
  bool operator==(const GenerationPeriod&) const = default;
};

// "specific", "normal", "perimeter(q=0.25)", "zkaff(r=0.7)", "end game".
std::string describe(const GenerationPeriod& period);

// The period at `now` with a given time wiggle (minutes). Pure: the tests
// walk the boundaries with it. The wiggle only shifts the boundaries
// between Normal, Perimeter, ZKaff and EndGame (rule 3); rules 1 and 2
// (Specific at the start, EndGame after end_time) use the real time.
GenerationPeriod generation_period_at(const Config& config, Timestamp now, double wiggle_minutes);

// The period of a draw at `now`: draws the wiggle, uniform in
// [-time_wiggle_minutes, +time_wiggle_minutes], only when rule 3 applies.
GenerationPeriod generation_period(const Config& config, Timestamp now, std::mt19937_64& rng);

}  // namespace truinlag::engine
