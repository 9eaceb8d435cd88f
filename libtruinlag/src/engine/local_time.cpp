#include "engine/local_time.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace truinlag::engine {
namespace {

using Millis = std::chrono::milliseconds;
using SysMillis = std::chrono::time_point<std::chrono::system_clock, Millis>;

const date::time_zone* zone_of(const std::string& name) { return date::locate_zone(name); }

SysMillis sys_of(Timestamp t) { return SysMillis(Millis(t)); }

}  // namespace

bool is_time_zone(const std::string& name) {
  try {
    zone_of(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

Timestamp today_at(Timestamp now, const std::string& zone, TimeOfDay time) {
  const auto* tz = zone_of(zone);
  const auto local_now = tz->to_local(sys_of(now));
  const auto day = date::floor<date::days>(local_now);
  const auto local = day + std::chrono::hours(time.hour) + std::chrono::minutes(time.minute);
  // choose::earliest: the earlier of two instants when ambiguous, and the
  // transition instant (first after the gap) when the time does not exist.
  const auto instant = tz->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<Millis>(instant.time_since_epoch()).count();
}

std::string local_date(Timestamp now, const std::string& zone) {
  const auto local = zone_of(zone)->to_local(sys_of(now));
  return date::format("%F", date::floor<date::days>(local));
}

unsigned local_weekday(Timestamp now, const std::string& zone) {
  const auto local = zone_of(zone)->to_local(sys_of(now));
  return date::weekday(date::floor<date::days>(local)).c_encoding();
}

double local_minutes_of_day(Timestamp now, const std::string& zone) {
  const auto local = zone_of(zone)->to_local(sys_of(now));
  const auto since_midnight = local - date::floor<date::days>(local);
  return std::chrono::duration<double, std::ratio<60>>(since_midnight).count();
}

}  // namespace truinlag::engine
