// Wall-clock time in a session's time zone (IANA names, the system's
// tzdata through Howard Hinnant's date/tz: DST-correct).
#pragma once

#include <string>

#include "truinlag/basics.hpp"

namespace truinlag::engine {

bool is_time_zone(const std::string& name);

// The instant of `time` on the local day of `now` in `zone`. A local time
// that does not exist (spring forward) means the first instant after the
// gap; an ambiguous one (fall back) the earlier instant.
Timestamp today_at(Timestamp now, const std::string& zone, TimeOfDay time);

// The local date of `now`, "YYYY-MM-DD".
std::string local_date(Timestamp now, const std::string& zone);

// The local day of the week of `now`: 0 Sunday .. 6 Saturday.
unsigned local_weekday(Timestamp now, const std::string& zone);

// Minutes since local midnight of `now` (fractional).
double local_minutes_of_day(Timestamp now, const std::string& zone);

}  // namespace truinlag::engine
