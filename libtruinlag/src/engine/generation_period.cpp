#include "engine/generation_period.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/local_time.hpp"

namespace truinlag::engine {
namespace {

constexpr double kMinuteMs = 60'000.0;

double lerp(double from, double to, double t) { return from + (to - from) * t; }

// Rules 1 and 2, which need no wiggle; nullopt when rule 3 decides.
std::optional<GenerationPeriod> fixed_period(const Config& config, Timestamp now) {
  const Timestamp start = today_at(now, config.time_zone, config.start_time);
  const Timestamp end = today_at(now, config.time_zone, config.end_time);
  if (static_cast<double>(now) <=
      static_cast<double>(start) + static_cast<double>(config.specific_minutes) * kMinuteMs) {
    return GenerationPeriod{GenerationPeriod::Kind::Specific, 0};
  }
  if (now >= end) return GenerationPeriod{GenerationPeriod::Kind::EndGame, 0};
  return std::nullopt;
}

}  // namespace

std::string describe(const GenerationPeriod& period) {
  char value[32];
  std::snprintf(value, sizeof value, "%.3g", period.value);
  switch (period.kind) {
    case GenerationPeriod::Kind::Specific:
      return "specific";
    case GenerationPeriod::Kind::Normal:
      return "normal";
    case GenerationPeriod::Kind::Perimeter:
      return std::string("perimeter(q=") + value + ")";
    case GenerationPeriod::Kind::ZKaff:
      return std::string("zkaff(r=") + value + ")";
    case GenerationPeriod::Kind::EndGame:
      return "end game";
  }
  return "?";
}

GenerationPeriod generation_period_at(const Config& config, Timestamp now, double wiggle_minutes) {
  if (const auto fixed = fixed_period(config, now)) return *fixed;
  // Rule 3, in minutes since the end time (all boundaries lie before it).
  const Timestamp end = today_at(now, config.time_zone, config.end_time);
  const double t = static_cast<double>(now - end) / kMinuteMs + wiggle_minutes;
  const double e = -static_cast<double>(config.end_game_minutes);
  const double z = e - static_cast<double>(config.zkaff_minutes);
  const double p = z - static_cast<double>(config.perimeter_minutes);
  if (t >= e) return {GenerationPeriod::Kind::EndGame, 0};
  if (t >= z) {
    // zkaff_minutes > 0 here (t >= z and t < e = z + zkaff_minutes).
    const double progress = (t - z) / static_cast<double>(config.zkaff_minutes);
    return {GenerationPeriod::Kind::ZKaff,
            lerp(config.zkaff_ratio_range.start, config.zkaff_ratio_range.end, progress)};
  }
  if (t >= p) {
    return {GenerationPeriod::Kind::Perimeter, (t - p) / static_cast<double>(config.perimeter_minutes)};
  }
  return {GenerationPeriod::Kind::Normal, 0};
}

GenerationPeriod generation_period(const Config& config, Timestamp now, std::mt19937_64& rng) {
  if (const auto fixed = fixed_period(config, now)) return *fixed;
  const auto w = static_cast<double>(config.time_wiggle_minutes);
  double wiggle = 0;
  if (w > 0) wiggle = std::uniform_real_distribution<double>(-w, w)(rng);
  return generation_period_at(config, now, wiggle);
}

}  // namespace truinlag::engine
