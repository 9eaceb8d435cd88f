// Test support: a fixed-offset time zone in which it is about noon right
// now, so a 06:00-22:00 game day there is running whatever hour CI runs at.
#pragma once

#include <ctime>
#include <string>

namespace truinlag::testing {

inline std::string midday_zone() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  int offset = 12 - utc.tm_hour;  // local = UTC + offset
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // POSIX-style Etc zones have inverted signs: Etc/GMT-3 is UTC+3.
  if (offset == 0) return "Etc/UTC";
  return offset > 0 ? "Etc/GMT-" + std::to_string(offset) : "Etc/GMT+" + std::to_string(-offset);
}

}  // namespace truinlag::testing
