#include "engine/challenge_rules.hpp"

#include "engine/input_rules.hpp"  // number_text

namespace truinlag::engine {
namespace {

bool has_text(const std::optional<std::string>& text) {
  return text && text->find_first_not_of(" \t\r\n") != std::string::npos;
}

bool is_kaff_like(ChallengeKind kind) {
  return kind == ChallengeKind::Kaff || kind == ChallengeKind::ZKaff;
}

bool in_scale(const std::optional<std::int64_t>& value) {
  return value && *value >= 1 && *value <= 6;
}

}  // namespace

std::optional<std::string> challenge_number_problem(const Challenge& c) {
  const auto check = [](const char* field, double value, double min,
                        double max) -> std::optional<std::string> {
    if (value >= min && value <= max) return std::nullopt;
    return std::string(field) + ": must lie in [" + number_text(min) + ", " + number_text(max) +
           "], not " + number_text(value);
  };
  const auto real = [](std::int64_t value) { return static_cast<double>(value); };
  for (auto problem : {
           check("bias_sat", c.bias_sat, 0, kMaxChallengeBias),
           check("bias_sun", c.bias_sun, 0, kMaxChallengeBias),
           check("walking_minutes", real(c.walking_minutes), 0, kMaxChallengeMinutes),
           check("stationary_minutes", real(c.stationary_minutes), 0, kMaxChallengeMinutes),
           check("additional_points", real(c.additional_points), -kMaxChallengePoints,
                 kMaxChallengePoints),
           check("repetitions.start", real(c.repetitions.start), 0, kMaxChallengeRepetitions),
           check("repetitions.end", real(c.repetitions.end), 0, kMaxChallengeRepetitions),
           check("points_per_rep", real(c.points_per_rep), -kMaxChallengePoints,
                 kMaxChallengePoints),
           check("station_distance", real(c.station_distance), 0, kMaxChallengeDistance),
           check("minutes_to_hb", real(c.minutes_to_hb), 0, kMaxChallengeMinutes),
           check("departures_per_hour", c.departures_per_hour, 0, kMaxChallengeDepartures),
           check("kaffskala", real(c.kaffskala.value_or(1)), 0, 6),
           check("grade", real(c.grade.value_or(1)), 0, 6),
       }) {
    if (problem) return problem;
  }
  if (c.sets.size() > kMaxChallengeLists || c.zones.size() > kMaxChallengeLists ||
      c.translated_titles.size() > kMaxChallengeLists ||
      c.translated_descriptions.size() > kMaxChallengeLists) {
    return "at most " + std::to_string(kMaxChallengeLists) +
           " sets, zones and translations per challenge";
  }
  return std::nullopt;
}

std::optional<std::string> challenge_problem(const Challenge& c,
                                             const std::function<bool(ChallengeSetId)>& set_exists,
                                             const std::function<bool(ZoneId)>& zone_exists) {
  // Numbers are in range whatever the status: they reach the points
  // formula, and a challenge is sorted later without being re-entered.
  if (auto problem = challenge_number_problem(c)) return problem;
  if (c.status == ChallengeStatus::ToSort) return std::nullopt;  // not sorted yet: no checks
  if (c.sets.empty()) return "a challenge needs at least one set";
  if (is_kaff_like(c.kind) && !has_text(c.place)) return "Kaff and ZKaff challenges need a place";
  if (c.kind == ChallengeKind::Kaff || c.kind == ChallengeKind::Ortsspezifisch) {
    if (!in_scale(c.kaffskala)) return "Kaff and Ortsspezifisch challenges need a kaffskala 1-6";
    if (!in_scale(c.grade)) return "Kaff and Ortsspezifisch challenges need a grade 1-6";
    if (c.zones.empty()) return "Kaff and Ortsspezifisch challenges need at least one zone";
  }
  if (c.kind == ChallengeKind::ZKaff) {
    if (c.station_distance <= 0) return "ZKaff challenges need a station distance > 0";
    if (c.minutes_to_hb <= 0) return "ZKaff challenges need minutes to HB > 0";
  }
  if (!is_kaff_like(c.kind) && (!has_text(c.title) || !has_text(c.description))) {
    return "challenges other than Kaff and ZKaff need a title and a description";
  }
  if ((is_kaff_like(c.kind) || c.kind == ChallengeKind::Ortsspezifisch) && c.random_place) {
    return "Kaff, ZKaff and Ortsspezifisch challenges must not have a random place type";
  }
  for (ChallengeSetId set : c.sets) {
    if (!set_exists(set)) return "challenge set " + std::to_string(set) + " does not exist";
  }
  for (ZoneId zone : c.zones) {
    if (!zone_exists(zone)) return "zone " + std::to_string(zone) + " does not exist";
  }
  return std::nullopt;
}

std::optional<std::string> challenge_name(const Challenge& c) {
  if (has_text(c.title)) return c.title;
  if (is_kaff_like(c.kind) && has_text(c.place)) return c.place;
  return std::nullopt;
}

}  // namespace truinlag::engine
