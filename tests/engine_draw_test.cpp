// The challenge draw (game-rules section 8): generation period, slots,
// filters and their relaxation, zones, texts, action locks, shuffling and
// determinism, through the engine's pure functions. Points are covered by
// engine_points_test.cpp; here they are checked only where a draw passes
// something to the formula (zone, travel minutes, underdog, weekday).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "engine/challenge_text.hpp"
#include "engine/draw.hpp"
#include "engine/draw_slots.hpp"
#include "engine/generation_period.hpp"
#include "engine/points.hpp"

// No `using namespace truinlag`: its command struct `Catch` would make the
// `Catch::` inside Catch2's macros ambiguous (clang rejects it).
using namespace truinlag::engine;
using truinlag::Challenge, truinlag::ChallengeId, truinlag::ChallengeKind, truinlag::ChallengeSetId,
    truinlag::ChallengeStatus, truinlag::Config, truinlag::Location, truinlag::OpenChallenge,
    truinlag::RandomPlaceType, truinlag::Role, truinlag::Timestamp, truinlag::Trap,
    truinlag::UncompletableMinutes, truinlag::Zone, truinlag::ZoneId, truinlag::ZoneMinutes;

namespace Catch {
template <>
struct StringMaker<Slot> {
  static std::string convert(const Slot& slot) { return describe(slot); }
};
template <>
struct StringMaker<GenerationPeriod> {
  static std::string convert(const GenerationPeriod& period) { return describe(period); }
};
}  // namespace Catch

namespace {

using PK = GenerationPeriod::Kind;
using SK = Slot::Kind;
using Area = Slot::Area;

// engine_fixture's clock: Wednesday 2026-11-25, 10:00 in Zürich (UTC+1
// that day) = 09:00 UTC.
constexpr Timestamp kMorning = 1'795'597'200'000;
constexpr Timestamp kMinute = 60'000;

// Local wall-clock time on that day.
Timestamp local(int hour, int minute, int second = 0) {
  return kMorning + ((hour - 10) * 60 + minute) * kMinute + second * 1000;
}

constexpr ChallengeSetId kSet = 7;
constexpr ChallengeSetId kOtherSet = 8;

// Zones by id; the comment gives number and minutes from the centre zone,
// which is also the start zone and the team's zone.
constexpr ZoneId kCentre = 1;   // 110, 0 min
constexpr ZoneId kNear = 2;     // 120, 10 min: normal-near; perimeter-near for M > 20
constexpr ZoneId kMid = 3;      // 130, 30 min: neither normal-near [0,26) nor far [40,71)
constexpr ZoneId kFar = 4;      // 140, 50 min: normal-far
constexpr ZoneId kUnknown = 5;  // 150, no travel times at all
constexpr ZoneId kSBahn = 6;    // 160, 55 min, S-Bahn zone (kNear is one too)

// A hand-built snapshot and team; default config except the game's set
// and no points wiggle (exact points unless a test turns it on).
struct World {
  Snapshot snapshot;
  TeamData team;

  World() {
    snapshot.config.challenge_sets = {kSet};
    snapshot.config.relative_standard_deviation = 0;
    const std::pair<ZoneId, std::int64_t> numbers[] = {
        {kCentre, 110}, {kNear, 120}, {kMid, 130}, {kFar, 140}, {kUnknown, 150}, {kSBahn, 160}};
    for (const auto& [id, number] : numbers) {
      Zone& z = snapshot.zones[id];
      z.id = id;
      z.number = number;
      z.num_conn_zones = 3;
      z.num_connections = 9;
    }
    snapshot.zones[kNear].s_bahn_zone = true;
    snapshot.zones[kSBahn].s_bahn_zone = true;
    minutes(kCentre, kNear, 10);
    minutes(kCentre, kMid, 30);
    minutes(kCentre, kFar, 50);
    minutes(kCentre, kSBahn, 55);
    snapshot.centre_zone = kCentre;
    snapshot.start_zone = kCentre;
    team.team.name = "Blau";
    team.team.zone = kCentre;
  }

  // Sets the travel time from -> to (directed), replacing an old one.
  void minutes(ZoneId from, ZoneId to, std::int64_t m) {
    auto& list = snapshot.zones.at(from).minutes_to;
    std::erase_if(list, [&](const ZoneMinutes& e) { return e.to == to; });
    list.push_back(ZoneMinutes{to, m});
  }
  void add(Challenge c) { snapshot.challenges[c.id] = std::move(c); }

  DrawResult draw(Timestamp now, std::uint64_t seed, bool underdog = false,
                  std::int64_t top_points = 0) const {
    std::mt19937_64 rng(seed);
    return draw_challenges(DrawRequest{team, snapshot, now, underdog, top_points}, rng);
  }

  bool pass(const Challenge& c, const Slot& slot, Relaxation relaxation = Relaxation::None,
            const std::set<ChallengeId>& drawn = {}) const {
    const DrawContext context{snapshot, team.team.zone, team.completed, drawn};
    return passes(c, slot, relaxation, context, allowed_zones(slot, context));
  }
};

Challenge make(ChallengeId id, ChallengeKind kind) {
  Challenge c;
  c.id = id;
  c.kind = kind;
  c.sets = {kSet};
  c.status = ChallengeStatus::Approved;
  return c;
}
Challenge kaff(ChallengeId id, const std::string& place, std::vector<ZoneId> zones,
               std::int64_t kaffskala = 3) {
  Challenge c = make(id, ChallengeKind::Kaff);
  c.place = place;
  c.zones = std::move(zones);
  c.kaffskala = kaffskala;
  c.grade = 2;
  return c;
}
Challenge orts(ChallengeId id, std::vector<ZoneId> zones) {
  Challenge c = make(id, ChallengeKind::Ortsspezifisch);
  c.title = "Ort " + std::to_string(id);
  c.description = "Mach öppis det";
  c.zones = std::move(zones);
  c.kaffskala = 2;
  c.grade = 2;
  return c;
}
Challenge unspecific(ChallengeId id, std::int64_t points = 100) {
  Challenge c = make(id, ChallengeKind::Unspezifisch);
  c.title = "Unspez " + std::to_string(id);
  c.description = "Mach öppis";
  c.additional_points = points;
  return c;
}
Challenge zoneable(ChallengeId id, std::int64_t points = 100) {
  Challenge c = unspecific(id, points);
  c.kind = ChallengeKind::Zoneable;
  return c;
}
Challenge zkaff(ChallengeId id, const std::string& place) {
  Challenge c = make(id, ChallengeKind::ZKaff);
  c.place = place;
  c.station_distance = 400;
  c.minutes_to_hb = 20;
  c.departures_per_hour = 8;
  return c;
}
Challenge regio(ChallengeId id) {
  Challenge c = unspecific(id);
  c.kind = ChallengeKind::Regionsspezifisch;
  return c;
}

Slot slot(SK kind, Area area = Area::Anywhere, double bound = 0, bool max_kaff = false,
          bool zoned = true) {
  return Slot{kind, area, bound, max_kaff, zoned};
}
const Slot kUnzoned = slot(SK::Unspecific, Area::Anywhere, 0, false, false);

const OpenChallenge& by_id(const DrawResult& result, ChallengeId id) {
  for (const OpenChallenge& open : result.challenges) {
    if (open.challenge == id) return open;
  }
  FAIL("challenge " << id << " was not drawn");
  throw std::logic_error("unreachable");
}

std::set<ChallengeId> ids(const DrawResult& result) {
  std::set<ChallengeId> out;
  for (const OpenChallenge& open : result.challenges) out.insert(open.challenge.value_or(-1));
  return out;
}

bool has_note(const DrawResult& result, const std::string& part) {
  return std::any_of(result.notes.begin(), result.notes.end(),
                     [&](const std::string& note) { return note.find(part) != std::string::npos; });
}

}  // namespace

// ---------------------------------------------------------------------------
// Generation period

TEST_CASE("Generation period: the boundaries of the default day without wiggle") {
  // Defaults 09:00-17:00, specific 15, perimeter 90, zkaff 90, end game 30:
  // Specific <= 09:15 < Normal < 13:30 <= Perimeter < 15:00 <= ZKaff < 16:30 <= EndGame.
  const Config config;
  struct Case {
    int h, m, s;
    PK kind;
    double value;
  };
  // clang-format off
  const Case cases[] = {
      {0, 30, 0, PK::Specific, 0},     {8, 0, 0, PK::Specific, 0},  // before start: rule 1
      {9, 15, 0, PK::Specific, 0},     {9, 15, 1, PK::Normal, 0},
      {13, 29, 59, PK::Normal, 0},     {13, 30, 0, PK::Perimeter, 0},
      {14, 15, 0, PK::Perimeter, 0.5}, {14, 59, 59, PK::Perimeter, (89 + 59 / 60.0) / 90},
      {15, 0, 0, PK::ZKaff, 0.2},      // r = lerp(0.2, 1.2, progress 0)
      {15, 45, 0, PK::ZKaff, 0.7},     // progress 0.5
      {16, 29, 0, PK::ZKaff, 0.2 + 89 / 90.0},
      {16, 30, 0, PK::EndGame, 0},     {16, 59, 59, PK::EndGame, 0},
      {17, 0, 0, PK::EndGame, 0},      {23, 0, 0, PK::EndGame, 0}};
  // clang-format on
  for (const Case& c : cases) {
    INFO(c.h << ":" << c.m << ":" << c.s);
    const GenerationPeriod p = generation_period_at(config, local(c.h, c.m, c.s), 0);
    CHECK(p.kind == c.kind);
    CHECK(p.value == Approx(c.value).margin(1e-12));
  }
}

TEST_CASE("Generation period: the wiggle moves rule 3's boundaries, not rules 1 and 2") {
  const Config config;
  // 13:25 + 7 = 13:32: two minutes into the perimeter period.
  const GenerationPeriod late = generation_period_at(config, local(13, 25), 7);
  CHECK(late.kind == PK::Perimeter);
  CHECK(late.value == Approx(2 / 90.0));
  CHECK(generation_period_at(config, local(13, 35), -7).kind == PK::Normal);  // 13:28
  CHECK(generation_period_at(config, local(15, 3), -7) ==                     // 14:56
        GenerationPeriod{PK::Perimeter, generation_period_at(config, local(14, 56), 0).value});
  CHECK(generation_period_at(config, local(16, 35), -7).kind == PK::ZKaff);   // 16:28
  CHECK(generation_period_at(config, local(16, 25), 7).kind == PK::EndGame);  // 16:32
  // Rule 1 and 2 use the real time: 09:15 stays Specific, 17:00 EndGame...
  CHECK(generation_period_at(config, local(9, 15), 7).kind == PK::Specific);
  CHECK(generation_period_at(config, local(17, 0), -7).kind == PK::EndGame);
  // ...and a wiggle back before 09:15 does not make 09:16 Specific again.
  CHECK(generation_period_at(config, local(9, 16), -7).kind == PK::Normal);
  // Without an end game, only rule 2 makes 17:00 EndGame (rule 3 would say
  // ZKaff at 16:53).
  Config no_end_game;
  no_end_game.end_game_minutes = 0;
  CHECK(generation_period_at(no_end_game, local(16, 59), 0).kind == PK::ZKaff);
  CHECK(generation_period_at(no_end_game, local(17, 0), -7).kind == PK::EndGame);
}

TEST_CASE("Generation period: every boundary comes from the config and its time zone") {
  Config config;
  config.start_time = {8, 0};
  config.end_time = {12, 0};
  config.specific_minutes = 0;
  config.perimeter_minutes = 60;
  config.zkaff_minutes = 30;
  config.end_game_minutes = 10;
  config.zkaff_ratio_range = {0, 1};
  // E = 11:50, Z = 11:20, P = 10:20.
  CHECK(generation_period_at(config, local(8, 0), 0).kind == PK::Specific);  // now <= start + 0
  CHECK(generation_period_at(config, local(8, 0, 1), 0).kind == PK::Normal);
  CHECK(generation_period_at(config, local(10, 19), 0).kind == PK::Normal);
  CHECK(generation_period_at(config, local(10, 50), 0) == GenerationPeriod{PK::Perimeter, 0.5});
  CHECK(generation_period_at(config, local(11, 20), 0) == GenerationPeriod{PK::ZKaff, 0});
  CHECK(generation_period_at(config, local(11, 35), 0) == GenerationPeriod{PK::ZKaff, 0.5});
  CHECK(generation_period_at(config, local(11, 50), 0).kind == PK::EndGame);
  CHECK(generation_period_at(config, local(12, 0), -7).kind == PK::EndGame);  // rule 2

  // The same instant read in UTC is an hour earlier: 10:00 Zürich = 09:00 UTC
  // is Specific there; 16:15 Zürich = 15:15 UTC is ZKaff r = 0.2 + 15/90.
  Config utc;
  utc.time_zone = "UTC";
  CHECK(generation_period_at(Config{}, local(10, 0), 0).kind == PK::Normal);
  CHECK(generation_period_at(utc, local(10, 0), 0).kind == PK::Specific);
  CHECK(generation_period_at(utc, local(16, 15), 0).value == Approx(0.2 + 15 / 90.0));
  CHECK(generation_period_at(Config{}, local(16, 15), 0).value == Approx(0.2 + 75 / 90.0));
}

TEST_CASE("Generation period: the drawn wiggle is uniform in [-7, 7] minutes") {
  const Config config;
  // At 13:27, t = 13:27 + w is in the perimeter period iff w >= 3:
  // p = (7 - 3) / 14 = 2/7, and q = (w - 3) / 90 <= 4/90.
  std::mt19937_64 rng(2026);
  const int n = 10'000;
  int perimeter = 0;
  for (int i = 0; i < n; ++i) {
    const GenerationPeriod p = generation_period(config, local(13, 27), rng);
    REQUIRE((p.kind == PK::Normal || p.kind == PK::Perimeter));
    if (p.kind == PK::Perimeter) {
      ++perimeter;
      CHECK(p.value <= 4 / 90.0);
    }
  }
  // sigma = sqrt(p(1-p)/n) = 0.0045; allow about 4.4 sigma.
  CHECK(static_cast<double>(perimeter) / n == Approx(2 / 7.0).margin(0.02));

  // Rules 1 and 2 draw no wiggle; rule 3 does.
  std::mt19937_64 a(5), untouched(5);
  CHECK(generation_period(config, local(9, 10), a).kind == PK::Specific);
  CHECK(generation_period(config, local(17, 30), a).kind == PK::EndGame);
  CHECK(a == untouched);
  CHECK(generation_period(config, local(12, 0), a).kind == PK::Normal);
  CHECK(a != untouched);

  // Without a wiggle the boundary is sharp.
  Config sharp;
  sharp.time_wiggle_minutes = 0;
  for (int i = 0; i < 100; ++i) {
    CHECK(generation_period(sharp, local(13, 29, 59), rng).kind == PK::Normal);
  }
}

// ---------------------------------------------------------------------------
// Slots

TEST_CASE("Slots: Specific, Perimeter and EndGame are fixed") {
  const Config config;
  std::mt19937_64 rng(1);
  const Slot specific = slot(SK::Specific);
  CHECK(slots_for({PK::Specific, 0}, config, 3, rng) == std::vector{specific, specific, specific});
  // M = lerp(61, 20, q): the area shrinks from 61 to 20 minutes.
  for (const auto& [q, m] : {std::pair{0.0, 61.0}, {0.5, 40.5}, {1.0, 20.0}}) {
    INFO("q = " << q);
    CHECK(slots_for({PK::Perimeter, q}, config, 3, rng) ==
          std::vector{slot(SK::Specific, Area::PerimeterFar, m, true),
                      slot(SK::Specific, Area::PerimeterNear, m, true), kUnzoned});
  }
  CHECK(slots_for({PK::EndGame, 0}, config, 3, rng) ==
        std::vector{kUnzoned, kUnzoned, slot(SK::ZKaff)});
}

TEST_CASE("Slots: Normal draws a regio slot with probability regio_ratio") {
  Config config;
  std::mt19937_64 rng(3);
  const Slot far = slot(SK::Specific, Area::Far);
  config.regio_ratio = 0;
  CHECK(slots_for({PK::Normal, 0}, config, 3, rng) ==
        std::vector{slot(SK::Specific, Area::Near), far, kUnzoned});
  config.regio_ratio = 1;
  CHECK(slots_for({PK::Normal, 0}, config, 3, rng) ==
        std::vector{slot(SK::Regio, Area::Anywhere, 0, false, false), far, kUnzoned});

  config.regio_ratio = 0.4;
  const int n = 10'000;
  int regio_count = 0;
  for (int i = 0; i < n; ++i) {
    const std::vector<Slot> slots = slots_for({PK::Normal, 0}, config, 3, rng);
    REQUIRE(slots.size() == 3);
    if (slots[0].kind == SK::Regio) {
      ++regio_count;
    } else {
      CHECK(slots[0] == slot(SK::Specific, Area::Near));
    }
    CHECK(slots[1] == far);
    CHECK(slots[2] == kUnzoned);
  }
  // sigma = sqrt(0.24 / n) = 0.0049.
  CHECK(static_cast<double>(regio_count) / n == Approx(0.4).margin(0.025));
}

TEST_CASE("Slots: ZKaff turns slot 1 into zkaff with min(1, 2r), slot 2 with clamp(2r-1)") {
  const Config config;
  std::mt19937_64 rng(4);
  // M is perim_distance_range.start = 20 throughout the ZKaff period.
  const Slot far = slot(SK::Specific, Area::PerimeterFar, 20, true);
  const Slot near = slot(SK::Specific, Area::PerimeterNear, 20, true);
  CHECK(slots_for({PK::ZKaff, 0.5}, config, 3, rng) ==
        std::vector{slot(SK::ZKaff), near, kUnzoned});
  CHECK(slots_for({PK::ZKaff, 1.0}, config, 3, rng) ==
        std::vector{slot(SK::ZKaff), slot(SK::ZKaff), kUnzoned});
  CHECK(slots_for({PK::ZKaff, 0.0}, config, 3, rng) == std::vector{far, near, kUnzoned});

  const int n = 10'000;
  int first = 0, second = 0;
  for (int i = 0; i < n; ++i) {  // r = 0.2: first with 0.4, second never
    const auto slots = slots_for({PK::ZKaff, 0.2}, config, 3, rng);
    first += slots[0] == slot(SK::ZKaff);
    CHECK(slots[0] == (slots[0].kind == SK::ZKaff ? slot(SK::ZKaff) : far));
    CHECK(slots[1] == near);
  }
  CHECK(static_cast<double>(first) / n == Approx(0.4).margin(0.025));
  for (int i = 0; i < n; ++i) {  // r = 0.7: first always, second with 0.4
    const auto slots = slots_for({PK::ZKaff, 0.7}, config, 3, rng);
    CHECK(slots[0] == slot(SK::ZKaff));
    second += slots[1] == slot(SK::ZKaff);
  }
  CHECK(static_cast<double>(second) / n == Approx(0.4).margin(0.025));
}

TEST_CASE("Slots: other counts are n-1 specific (zkaff in ZKaff) and one unspecific") {
  const Config config;
  std::mt19937_64 rng(5);
  const Slot s = slot(SK::Specific);
  const Slot z = slot(SK::ZKaff);
  CHECK(slots_for({PK::Normal, 0}, config, 5, rng) == std::vector{s, s, s, s, kUnzoned});
  CHECK(slots_for({PK::EndGame, 0}, config, 2, rng) == std::vector{s, kUnzoned});
  CHECK(slots_for({PK::ZKaff, 0.3}, config, 4, rng) == std::vector{z, z, z, kUnzoned});
  CHECK(slots_for({PK::Perimeter, 0.3}, config, 1, rng) == std::vector{kUnzoned});
}

// ---------------------------------------------------------------------------
// Filters

TEST_CASE("Filters: status, set, completed and already drawn") {
  World w;
  const Slot s = slot(SK::Specific);
  Challenge c = kaff(1, "Hinterdorf", {kNear});
  CHECK(w.pass(c, s));
  // clang-format off
  for (auto [status, ok] : {std::pair{ChallengeStatus::Approved, true}, {ChallengeStatus::Refactor, true},
                            {ChallengeStatus::Edited, false},  {ChallengeStatus::Rejected, false},
                            {ChallengeStatus::Glorious, false}, {ChallengeStatus::ToSort, false}}) {
    // clang-format on
    c.status = status;
    CHECK(w.pass(c, s) == ok);
  }
  c.status = ChallengeStatus::Approved;
  c.sets = {kOtherSet};
  CHECK_FALSE(w.pass(c, s));
  c.sets = {kOtherSet, kSet};  // one of the game's sets is enough
  CHECK(w.pass(c, s));
  CHECK_FALSE(w.pass(c, s, Relaxation::None, {1}));  // drawn in an earlier slot
  w.team.completed = {1};
  CHECK_FALSE(w.pass(c, s));
}

TEST_CASE("Filters: kinds per slot and max-kaff") {
  World w;
  using CK = ChallengeKind;
  // Rows: challenge kind; columns: specific, unspecific, zkaff, regio.
  const std::tuple<CK, bool, bool, bool, bool> table[] = {
      {CK::Kaff, true, false, false, false},    {CK::Ortsspezifisch, true, false, false, false},
      {CK::Zoneable, true, true, false, false}, {CK::Unspezifisch, false, true, false, false},
      {CK::ZKaff, false, false, true, false},   {CK::Regionsspezifisch, false, false, false, true}};
  for (const auto& [kind, specific, unspec, zk, reg] : table) {
    Challenge c = make(1, kind);
    c.zones = {kNear};
    INFO("kind " << static_cast<int>(kind));
    CHECK(w.pass(c, slot(SK::Specific)) == specific);
    CHECK(w.pass(c, kUnzoned) == unspec);
    CHECK(w.pass(c, slot(SK::ZKaff)) == zk);
    CHECK(w.pass(c, slot(SK::Regio)) == reg);
  }
  // max-kaff: kaffskala <= perim_max_kaff (4), or none.
  const Slot max_kaff = slot(SK::Specific, Area::Anywhere, 0, true);
  CHECK(w.pass(kaff(1, "A", {kNear}, 4), max_kaff));
  CHECK_FALSE(w.pass(kaff(1, "A", {kNear}, 5), max_kaff));
  CHECK(w.pass(kaff(1, "A", {kNear}, 5), slot(SK::Specific)));
  CHECK(w.pass(zoneable(1), max_kaff));  // no kaffskala
}

TEST_CASE("Filters: each relaxation step drops the documented filters") {
  World w;
  const Slot near = slot(SK::Specific, Area::Near, 0, true);
  // Out of area, too kaffig, completed and outside the sets: (a) lets it in.
  Challenge c = kaff(1, "Hinterdorf", {kFar}, 6);
  c.sets = {kOtherSet};
  w.team.completed = {1};
  CHECK_FALSE(w.pass(c, near, Relaxation::None));
  CHECK(w.pass(c, near, Relaxation::AreaAndSet));
  // The wrong kind needs (b).
  const Challenge u = unspecific(2);
  CHECK_FALSE(w.pass(u, near, Relaxation::AreaAndSet));
  CHECK(w.pass(u, near, Relaxation::StatusOnly));
  // A status other than Approved/Refactor needs (c).
  c.status = ChallengeStatus::Rejected;
  CHECK_FALSE(w.pass(c, near, Relaxation::StatusOnly));
  CHECK(w.pass(c, near, Relaxation::Anything));
  // Nothing lets a challenge be drawn twice in one draw.
  CHECK_FALSE(w.pass(c, near, Relaxation::Anything, {1}));
}

TEST_CASE("Filters: near/far use the closest own zone, minutes from the team's zone") {
  World w;
  const Slot near = slot(SK::Specific, Area::Near);
  const Slot far = slot(SK::Specific, Area::Far);
  // Ortsspezifisch: its closest zone counts (kNear 10 < kFar 50).
  CHECK(w.pass(orts(1, {kFar, kNear}), near));
  CHECK_FALSE(w.pass(orts(1, {kFar, kNear}), far));
  // Unknown minutes are ignored when finding the closest zone...
  CHECK(w.pass(orts(1, {kUnknown, kFar}), far));
  CHECK_FALSE(w.pass(orts(1, {kUnknown, kFar}), near));
  // ...and a challenge with only unknown zones fits no area.
  CHECK_FALSE(w.pass(orts(1, {kUnknown}), near));
  CHECK_FALSE(w.pass(orts(1, {kUnknown}), far));
  // Kaff: only its first zone counts, although kNear would be near.
  CHECK(w.pass(kaff(1, "A", {kFar, kNear}), far));
  CHECK_FALSE(w.pass(kaff(1, "A", {kFar, kNear}), near));
  // The half-open ranges [0, 26) and [40, 71).
  // clang-format off
  for (auto [m, is_near, is_far] : {std::tuple{25, true, false}, {26, false, false},
                                    {39, false, false}, {40, false, true},
                                    {70, false, true}, {71, false, false}}) {
    // clang-format on
    w.minutes(kCentre, kMid, m);
    INFO(m << " minutes");
    CHECK(w.pass(kaff(1, "A", {kMid}), near) == is_near);
    CHECK(w.pass(kaff(1, "A", {kMid}), far) == is_far);
  }
  // Without a team zone, nothing with own zones is near or far.
  w.team.team.zone.reset();
  CHECK_FALSE(w.pass(kaff(1, "A", {kNear}), near));
}

TEST_CASE("Filters: a challenge whose zone the draw picks fits if any candidate zone does") {
  World w;
  const Slot near = slot(SK::Specific, Area::Near);
  const Slot far = slot(SK::Specific, Area::Far);
  CHECK(w.pass(zoneable(1), near));  // kCentre, kNear
  CHECK(w.pass(zoneable(1), far));   // kFar, kSBahn
  Challenge sbahn = zoneable(1);
  sbahn.random_place = RandomPlaceType::SBahnZone;  // kNear (10) and kSBahn (55)
  CHECK(w.pass(sbahn, near));
  CHECK(w.pass(sbahn, far));
  w.snapshot.zones[kNear].s_bahn_zone = false;  // only kSBahn left
  CHECK_FALSE(w.pass(sbahn, near));
  CHECK(w.pass(sbahn, far));
  // A Zoneable with no zone in the band does not fit.
  w.snapshot.zones.erase(kFar);
  w.snapshot.zones.erase(kSBahn);
  CHECK_FALSE(w.pass(zoneable(1), far));
}

TEST_CASE("Filters: perimeter bands count minutes from the centre zone, override decides") {
  World w;
  const Slot pnear = slot(SK::Specific, Area::PerimeterNear, 40, true);  // [0, 20)
  const Slot pfar = slot(SK::Specific, Area::PerimeterFar, 40, true);    // [20, 40)
  CHECK(w.pass(kaff(1, "A", {kNear}), pnear));
  CHECK_FALSE(w.pass(kaff(1, "A", {kNear}), pfar));
  CHECK(w.pass(kaff(1, "A", {kMid}), pfar));
  CHECK_FALSE(w.pass(kaff(1, "A", {kMid}), pnear));
  CHECK_FALSE(w.pass(kaff(1, "A", {kFar}), pfar));  // 50 >= M
  CHECK_FALSE(w.pass(kaff(1, "A", {kUnknown}), pnear));
  // Any own zone of an Ortsspezifisch counts (not just the closest).
  CHECK(w.pass(orts(1, {kNear, kMid}), pnear));
  CHECK(w.pass(orts(1, {kNear, kMid}), pfar));
  CHECK(w.pass(zoneable(1), pfar));  // via kMid
  // in_perimeter_override decides perimeter bands alone...
  Challenge in = kaff(1, "A", {kFar});
  in.in_perimeter_override = true;
  CHECK(w.pass(in, pnear));
  CHECK(w.pass(in, pfar));
  Challenge out = kaff(1, "A", {kNear});
  out.in_perimeter_override = false;
  CHECK_FALSE(w.pass(out, pnear));
  CHECK_FALSE(w.pass(out, pfar));
  // ...but not the normal period's near/far.
  CHECK(w.pass(out, slot(SK::Specific, Area::Near)));
  // The centre zone, not the team's zone, is the reference: from kFar the
  // team needs 60 minutes to kNear (normal-far), the centre 10 (perimeter-near).
  w.team.team.zone = kFar;
  w.minutes(kFar, kNear, 60);
  CHECK(w.pass(kaff(1, "A", {kNear}), slot(SK::Specific, Area::Far)));
  CHECK_FALSE(w.pass(kaff(1, "A", {kNear}), slot(SK::Specific, Area::Near)));
  CHECK(w.pass(kaff(1, "A", {kNear}), pnear));
  // Band edges: 20 is far, 19 near, 40 outside.
  for (auto [m, is_near, is_far] :
       {std::tuple{19, true, false}, {20, false, true}, {40, false, false}}) {
    w.minutes(kCentre, kMid, m);
    CHECK(w.pass(kaff(1, "A", {kMid}), pnear) == is_near);
    CHECK(w.pass(kaff(1, "A", {kMid}), pfar) == is_far);
  }
}

TEST_CASE("candidate_zones per kind") {
  World w;
  const Snapshot& s = w.snapshot;
  CHECK(candidate_zones(kaff(1, "A", {kFar, kNear}), s) == std::vector<ZoneId>{kFar});
  CHECK(candidate_zones(kaff(1, "A", {}), s).empty());
  CHECK(candidate_zones(orts(1, {kFar, kNear}), s) == std::vector<ZoneId>{kFar, kNear});
  CHECK(candidate_zones(zkaff(1, "Rehalp"), s) == std::vector<ZoneId>{kCentre});
  CHECK(candidate_zones(zoneable(1), s) ==
        std::vector<ZoneId>{kCentre, kNear, kMid, kFar, kUnknown, kSBahn});
  Challenge random = unspecific(1);
  random.random_place = RandomPlaceType::SBahnZone;
  CHECK(candidate_zones(random, s) == std::vector<ZoneId>{kNear, kSBahn});
  CHECK(candidate_zones(unspecific(1), s).empty());
}

// ---------------------------------------------------------------------------
// The draw: relaxation and empty pools

TEST_CASE("Draw: a completed challenge is not drawn again while another fits") {
  World w;
  for (ChallengeId id = 1; id <= 4; ++id) w.add(kaff(id, "Kaff " + std::to_string(id), {kNear}));
  w.team.completed = {2};
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const DrawResult r = w.draw(local(9, 5), seed);  // Specific: 3 specific slots
    CHECK(r.drawn);
    CHECK(r.period == GenerationPeriod{PK::Specific, 0});
    CHECK(ids(r) == std::set<ChallengeId>{1, 3, 4});
    CHECK(r.notes.empty());  // no relaxation needed
  }
}

TEST_CASE("Draw: relaxation (a) when only completed or out-of-area challenges remain") {
  SECTION("all completed") {
    World w;
    for (ChallengeId id = 1; id <= 3; ++id) w.add(kaff(id, "K" + std::to_string(id), {kNear}));
    w.team.completed = {1, 2, 3};
    const DrawResult r = w.draw(local(9, 5), 1);
    CHECK(ids(r) == std::set<ChallengeId>{1, 2, 3});
    REQUIRE(r.notes.size() == 3);
    CHECK(r.notes[0] ==
          "draw for team Blau (specific), slot 1 specific: no challenge passes, relaxed to "
          "(a) without set, not-completed and area filters");
  }
  SECTION("nothing near or far in the normal period") {
    World w;
    w.snapshot.config.regio_ratio = 0;
    w.add(kaff(1, "A", {kMid}));  // 30 minutes: neither near nor far
    w.add(kaff(2, "B", {kMid}));
    w.add(unspecific(3));
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const DrawResult r = w.draw(local(10, 0), seed);
      CHECK(r.period.kind == PK::Normal);
      CHECK(ids(r) == std::set<ChallengeId>{1, 2, 3});
      REQUIRE(r.notes.size() == 2);  // slots 1 and 2; the unspecific slot fits
      CHECK_THAT(r.notes[0], ::Catch::Contains("slot 1 specific+near") && ::Catch::Contains("(a)"));
      CHECK_THAT(r.notes[1], ::Catch::Contains("slot 2 specific+far") && ::Catch::Contains("(a)"));
      CHECK(by_id(r, 1).zone == kMid);  // a Kaff keeps its first zone
    }
  }
}

TEST_CASE("Draw: relaxation (b) without the kind, (c) without the status") {
  World w;
  for (ChallengeId id = 1; id <= 3; ++id) w.add(unspecific(id));
  DrawResult r = w.draw(local(9, 5), 1);  // 3 specific slots, only Unspezifisch
  CHECK(ids(r) == std::set<ChallengeId>{1, 2, 3});
  REQUIRE(r.notes.size() == 3);
  CHECK(r.notes[1] ==
        "draw for team Blau (specific), slot 2 specific: no challenge passes, relaxed to (b) "
        "status only");

  World bad;
  const ChallengeStatus statuses[] = {ChallengeStatus::ToSort, ChallengeStatus::Rejected,
                                      ChallengeStatus::Glorious};
  for (ChallengeId id = 1; id <= 3; ++id) {
    Challenge c = kaff(id, "K" + std::to_string(id), {kNear});
    c.status = statuses[id - 1];
    bad.add(c);
  }
  r = bad.draw(local(9, 5), 1);
  CHECK(r.drawn);
  CHECK(ids(r) == std::set<ChallengeId>{1, 2, 3});
  REQUIRE(r.notes.size() == 3);
  for (const std::string& note : r.notes)
    CHECK_THAT(note, ::Catch::EndsWith("relaxed to (c) anything"));
}

TEST_CASE("Draw: a small pool leaves slots empty; an empty pool fails (warnings, not notes)") {
  World w;
  w.add(kaff(1, "A", {kNear}));
  w.add(kaff(2, "B", {kNear}));
  DrawResult r = w.draw(local(9, 5), 1);
  CHECK(r.drawn);
  CHECK(ids(r) == std::set<ChallengeId>{1, 2});
  CHECK(r.warnings ==
        std::vector<std::string>{"draw for team Blau (specific), slot 3 specific: the pool has no "
                                 "challenge left; slot stays empty"});
  CHECK(r.notes.empty());

  w.snapshot.challenges.clear();
  r = w.draw(local(9, 5), 1);
  CHECK_FALSE(r.drawn);
  CHECK(r.challenges.empty());
  REQUIRE(r.warnings.size() == 4);  // one per slot, then the failure
  CHECK(r.notes.empty());
  CHECK(r.warnings.back() ==
        "draw for team Blau failed: the game's pool is empty; keeping the old challenges");
}

// ---------------------------------------------------------------------------
// The draw: zones

TEST_CASE("Draw: zones of Kaff, Ortsspezifisch and ZKaff") {
  World w;
  w.add(kaff(1, "A", {kFar, kNear}));   // first zone, not the closest
  w.add(orts(2, {kFar, kMid, kNear}));  // closest to the team: kNear
  w.add(orts(3, {kUnknown, kFar}));     // unknown minutes last: kFar
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const DrawResult r = w.draw(local(9, 5), seed);
    CHECK(by_id(r, 1).zone == kFar);
    CHECK(by_id(r, 2).zone == kNear);
    CHECK(by_id(r, 3).zone == kFar);
  }
  World end;
  end.add(zkaff(1, "Rehalp"));
  end.add(unspecific(2));
  end.add(unspecific(3));
  const DrawResult r = end.draw(local(16, 45), 1);  // EndGame: 2 unspecific + zkaff
  CHECK(r.period.kind == PK::EndGame);
  CHECK(r.notes.empty());
  CHECK(by_id(r, 1).zone == kCentre);
  CHECK_FALSE(by_id(r, 2).zone.has_value());
  CHECK_FALSE(by_id(r, 3).zone.has_value());
}

TEST_CASE("Draw: random places pick among all zones or the S-Bahn zones") {
  World w;
  for (ChallengeId id = 1; id <= 2; ++id) {
    Challenge c = unspecific(id);
    c.random_place = RandomPlaceType::Zone;
    w.add(c);
  }
  Challenge sbahn = unspecific(3);
  sbahn.random_place = RandomPlaceType::SBahnZone;
  w.add(sbahn);
  std::set<ZoneId> any_seen, sbahn_seen;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const DrawResult r = w.draw(local(16, 45), seed);  // unspecific slots: no limit
    REQUIRE(r.challenges.size() == 3);
    for (ChallengeId id : {1, 2}) any_seen.insert(by_id(r, id).zone.value_or(-1));
    sbahn_seen.insert(by_id(r, 3).zone.value_or(-1));
  }
  CHECK(any_seen == std::set<ZoneId>{kCentre, kNear, kMid, kFar, kUnknown, kSBahn});
  CHECK(sbahn_seen == std::set<ZoneId>{kNear, kSBahn});
}

TEST_CASE("Draw: a Zoneable gets a zone of its slot's area, none in the unspecific slot") {
  World w;
  w.snapshot.config.regio_ratio = 0;  // near, far, unspecific
  for (ChallengeId id = 1; id <= 3; ++id) w.add(zoneable(id, 100 * id));
  std::set<ZoneId> near_seen, far_seen;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const DrawResult r = w.draw(local(10, 0), seed);
    REQUIRE(r.challenges.size() == 3);
    CHECK(r.notes.empty());
    int unzoned = 0;
    for (const OpenChallenge& open : r.challenges) {
      const Challenge& raw = w.snapshot.challenges.at(*open.challenge);
      if (!open.zone) {
        ++unzoned;
        CHECK(open.description == "Mach öppis");
        CHECK(open.points == raw.additional_points);  // no zone, no zoneable bonus
        continue;
      }
      const Zone& zone = w.snapshot.zones.at(*open.zone);
      const std::int64_t m = *minutes_between(w.snapshot, kCentre, zone.id);
      (m < 26 ? near_seen : far_seen).insert(zone.id);
      CHECK(open.description ==
            "Mach öppis ⚠️ Damit ihr Pünkt überchömed, mached das i de Zone " +
                std::to_string(zone.number) + ".");
      // Step 2 with the team's travel minutes to the drawn zone, step 3's +100.
      const auto travel = static_cast<std::int64_t>(3.0 * std::pow(static_cast<double>(m), 1.4));
      CHECK(open.points ==
            raw.additional_points + zonic_kaffness(zone, w.snapshot.config) + travel + 100);
    }
    CHECK(unzoned == 1);
  }
  // Near zones [0, 26) and far zones [40, 71) from the team in kCentre.
  CHECK(near_seen == std::set<ZoneId>{kCentre, kNear});
  CHECK(far_seen == std::set<ZoneId>{kFar, kSBahn});
}

TEST_CASE("Draw: a slot's area limits the drawn zone, unless the slot was relaxed") {
  SECTION("limited") {
    World w;
    w.add(orts(1, {kNear, kMid}));
    w.add(orts(2, {kNear, kMid}));
    w.add(unspecific(3));
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      // 14:15 +- 7: q in [0.42, 0.58], M in [37, 44]: kNear (10) near, kMid (30) far.
      const DrawResult r = w.draw(local(14, 15), seed);
      CHECK(r.period.kind == PK::Perimeter);
      CHECK(r.notes.empty());
      // Without the limit both would get kNear, the closer one.
      CHECK(std::set<std::optional<ZoneId>>{by_id(r, 1).zone, by_id(r, 2).zone} ==
            std::set<std::optional<ZoneId>>{kNear, kMid});
    }
  }
  SECTION("relaxed") {
    // All completed: the near and far slots relax to (a), and then their
    // zone limits no longer apply, so zones outside both bands (kMid at 30
    // minutes, kUnknown) show up too. The unspecific slot stays unzoned.
    World w;
    w.snapshot.config.regio_ratio = 0;
    for (ChallengeId id = 1; id <= 3; ++id) w.add(zoneable(id));
    w.team.completed = {1, 2, 3};
    std::set<ZoneId> seen;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
      const DrawResult r = w.draw(local(10, 0), seed);
      CHECK(has_note(r, "slot 1 specific+near: no challenge passes, relaxed to (a)"));
      CHECK(has_note(r, "slot 2 specific+far: no challenge passes, relaxed to (a)"));
      int unzoned = 0;
      for (const OpenChallenge& open : r.challenges) {
        if (open.zone)
          seen.insert(*open.zone);
        else
          ++unzoned;
      }
      CHECK(unzoned == 1);
    }
    CHECK(seen == std::set<ZoneId>{kCentre, kNear, kMid, kFar, kUnknown, kSBahn});
  }
}

// ---------------------------------------------------------------------------
// The draw: texts, locks, weekday and underdog, shuffle, determinism

TEST_CASE("Draw: texts from places, own texts, prefix, placeholders and translations") {
  World w;
  w.add(kaff(1, "Hinterdorf", {kFar}));
  Challenge own = kaff(2, "Oberwil", {kNear});
  own.title = "Bergtour %p";
  own.description = "Zone %z (%s), %r Mal, 100%% sicher, %x";
  own.repetitions = {2, 3};
  w.add(own);
  Challenge rail = kaff(3, "Gibswil", {kMid});
  rail.no_disembark = true;
  rail.translated_titles = {{"en", "Trip to %p"}};
  rail.translated_descriptions = {{"en", "Go to zone %z."}};
  w.add(rail);
  const DrawResult r = w.draw(local(9, 5), 1);
  CHECK(by_id(r, 1).title == "Usflug uf Hinterdorf");
  CHECK(by_id(r, 1).description == "Gönd nach Hinterdorf.");
  CHECK(by_id(r, 2).title == "Bergtour Oberwil");
  CHECK(by_id(r, 2).description == "Zone 120 (120), 2 Mal, 100% sicher, %x");
  CHECK(by_id(r, 3).title == "🛤️ Usflug uf Gibswil");
  CHECK(by_id(r, 3).description == "Gönd nach Gibswil.");
  CHECK(by_id(r, 3).translated_titles ==
        std::map<std::string, std::string>{{"en", "🛤️ Trip to Gibswil"}});
  CHECK(by_id(r, 3).translated_descriptions ==
        std::map<std::string, std::string>{{"en", "Go to zone 130."}});

  World end;
  end.add(zkaff(1, "Rehalp"));
  Challenge plain = make(2, ChallengeKind::Unspezifisch);  // no place, no texts
  end.add(plain);
  Challenge reps = unspecific(3);
  reps.title = "Zone %z";
  reps.description = "Mach %r Liegestütz";
  reps.repetitions = {5, 6};
  end.add(reps);
  const DrawResult e = end.draw(local(16, 45), 1);
  CHECK(by_id(e, 1).title == "Züridrift nach Rehalp");
  CHECK(by_id(e, 1).description == "Gönd zu de Station Rehalp in Züri.");
  CHECK(by_id(e, 2).title == "[Kreative Titel]");
  CHECK(by_id(e, 2).description ==
        "Ihr hend Päch, die Challenge isch unlösbar. Ihr müend e anderi uswähle.");
  CHECK(by_id(e, 3).title == "Zone ?");  // not zoned
  CHECK(by_id(e, 3).description == "Mach 5 Liegestütz");
}

TEST_CASE("Draw: the session's text templates are used") {
  World w;
  Config& c = w.snapshot.config;
  c.num_challenges = 4;  // 3 specific slots and one unspecific
  c.place_title_template = "Ab uf %p (%z)";
  c.place_description_template = "Nach %p!";
  c.zkaff_title_template = "ZD %p";
  c.zkaff_description_template = "Station %p";
  c.no_disembark_prefix = "[nd] ";
  c.default_challenge_title = "Titel?";
  c.zoneable_note = " Zone %z!";
  Challenge k = kaff(1, "Hinterdorf", {kFar});
  k.no_disembark = true;
  w.add(k);
  Challenge z = zoneable(2);
  z.translated_descriptions = {{"en", "Dance"}};
  w.add(z);
  Challenge u = make(3, ChallengeKind::Unspezifisch);
  u.description = "Eifach";
  w.add(u);
  w.add(zkaff(4, "Rehalp"));
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const DrawResult r = w.draw(local(9, 5), seed);
    CHECK(by_id(r, 1).title == "[nd] Ab uf Hinterdorf (140)");
    CHECK(by_id(r, 1).description == "Nach Hinterdorf!");
    // The Zoneable always fills a specific (zoned) slot: only it and the Kaff pass them.
    const OpenChallenge& zo = by_id(r, 2);
    REQUIRE(zo.zone.has_value());
    const std::string number = std::to_string(w.snapshot.zones.at(*zo.zone).number);
    CHECK(zo.description == "Mach öppis Zone " + number + "!");
    CHECK(zo.translated_descriptions.at("en") == "Dance Zone " + number + "!");
    CHECK(by_id(r, 3).title == "Titel?");
    CHECK(by_id(r, 3).description == "Eifach");
    CHECK(by_id(r, 4).title == "ZD Rehalp");
    CHECK(by_id(r, 4).description == "Station Rehalp");
  }
}

TEST_CASE("substitute: placeholders in one pass") {
  const TextValues all{std::string("Uster"), 130, 3};
  CHECK(substitute("%p in %z/%s, %rx, 100%%", all) == "Uster in 130/130, 3x, 100%");
  CHECK(substitute("%p in %z/%s, %rx", TextValues{}) == "? in ?/?, 0x");
  CHECK(substitute("%x and a trailing %", all) == "%x and a trailing %");
  // An inserted place is not scanned again.
  CHECK(substitute("%p", TextValues{std::string("50%z"), 130, 0}) == "50%z");
}

TEST_CASE("Draw: action locks") {
  World w;
  w.snapshot.config.num_challenges = 5;  // all five get drawn
  Challenge a = kaff(1, "A", {kNear});
  a.action = UncompletableMinutes{30};
  Challenge b = kaff(2, "B", {kNear});
  b.action = UncompletableMinutes{};  // reps minutes
  b.repetitions = {2, 9};
  b.description = "%r";
  Challenge c = kaff(3, "C", {kNear});
  c.action = Trap{15, "Achtung"};
  Challenge d = kaff(4, "D", {kNear});
  d.action = Trap{};
  d.repetitions = {7, 8};
  for (const Challenge& x : {a, b, c, d, kaff(5, "E", {kNear})}) w.add(x);
  std::set<std::int64_t> reps_seen;
  const Timestamp now = local(9, 5);
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const DrawResult r = w.draw(now, seed);
    REQUIRE(r.challenges.size() == 5);
    CHECK(by_id(r, 1).locked_until == now + 30 * kMinute);
    const std::int64_t reps = std::stoll(by_id(r, 2).description);
    reps_seen.insert(reps);
    CHECK(by_id(r, 2).locked_until == now + reps * kMinute);  // the drawn repetitions
    CHECK(by_id(r, 3).locked_until == now + 15 * kMinute);
    CHECK(by_id(r, 4).locked_until == now + 7 * kMinute);
    CHECK_FALSE(by_id(r, 5).locked_until.has_value());
  }
  CHECK(reps_seen.size() > 3);  // reps really vary in [2, 9)
  CHECK(*reps_seen.begin() >= 2);
  CHECK(*reps_seen.rbegin() <= 8);
}

TEST_CASE("Draw: travel minutes count from the team's zone, not the centre") {
  // The team stands in kFar, 60 minutes from kNear (the centre: 10). Step 1:
  // 3 x 90 + 2 x 20 = 310; step 2: + zonic + trunc(3 x 60^1.4); no wiggle.
  World w;
  w.team.team.zone = kFar;
  w.minutes(kFar, kNear, 60);
  w.add(kaff(1, "Hinterdorf", {kNear}));
  const DrawResult r = w.draw(local(9, 5), 1);
  const auto travel = static_cast<std::int64_t>(3.0 * std::pow(60.0, 1.4));
  CHECK(by_id(r, 1).points ==
        310 + zonic_kaffness(w.snapshot.zones.at(kNear), w.snapshot.config) + travel);
}

TEST_CASE("Draw: underdog and the local weekday reach the points") {
  World w;
  for (ChallengeId id = 1; id <= 3; ++id) {
    Challenge c = unspecific(id, 200);
    c.bias_sat = 1.5;
    w.add(c);
  }
  const auto points_of = [](const DrawResult& r) {
    std::set<std::int64_t> out;
    for (const OpenChallenge& open : r.challenges) out.insert(open.points);
    return out;
  };
  const Timestamp wednesday = local(16, 45);
  CHECK(points_of(w.draw(wednesday, 1)) == std::set<std::int64_t>{200});
  // d = 5000 - 0 - 1000 = 4000: x (1 + 4000 x 0.25 / 1000) = x 2.
  CHECK(points_of(w.draw(wednesday, 1, true, 5000)) == std::set<std::int64_t>{400});
  CHECK(points_of(w.draw(wednesday, 1, false, 5000)) == std::set<std::int64_t>{200});
  w.team.team.points = 4500;  // d < 0
  CHECK(points_of(w.draw(wednesday, 1, true, 5000)) == std::set<std::int64_t>{200});
  // Friday 23:30 UTC is Saturday 00:30 in Zürich: bias_sat applies; not in UTC.
  const Timestamp friday_night_utc = kMorning + 2 * 24 * 60 * kMinute + 870 * kMinute;
  CHECK(points_of(w.draw(friday_night_utc, 1)) == std::set<std::int64_t>{300});
  w.snapshot.config.time_zone = "UTC";
  CHECK(points_of(w.draw(friday_night_utc, 1)) == std::set<std::int64_t>{200});
}

TEST_CASE("Draw: the drawn challenges are shuffled") {
  World w;
  w.snapshot.config.regio_ratio = 0;
  w.add(kaff(1, "Near", {kNear}));
  w.add(kaff(2, "Far", {kFar}));
  w.add(unspecific(3));  // always from the last slot
  std::set<std::size_t> positions;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const DrawResult r = w.draw(local(10, 0), seed);
    REQUIRE(r.challenges.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      if (r.challenges[i].challenge == 3) positions.insert(i);
    }
  }
  CHECK(positions == std::set<std::size_t>{0, 1, 2});
}

TEST_CASE("Draw: deterministic given the seed; reads only snapshot, team and clock") {
  World w;
  w.snapshot.config.relative_standard_deviation = 0.05;
  w.add(kaff(1, "A", {kNear}));
  w.add(kaff(2, "B", {kFar}));
  w.add(orts(3, {kMid, kNear}));
  w.add(zoneable(4));
  w.add(unspecific(5));
  w.add(zkaff(6, "Rehalp"));
  w.add(regio(7));
  const auto same = [](const DrawResult& x, const DrawResult& y) {
    return x.drawn == y.drawn && x.period == y.period && x.challenges == y.challenges &&
           x.notes == y.notes && x.warnings == y.warnings;
  };
  int differs = 0;
  for (const Timestamp now :
       {local(9, 5), local(10, 0), local(14, 15), local(15, 50), local(16, 45)}) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      const DrawResult first = w.draw(now, seed);
      CHECK(same(first, w.draw(now, seed)));
      // A copy of the snapshot, and a team differing only in what the draw
      // must not read (track, old challenges, bounty, role), give the same.
      World copy = w;
      copy.team.track.push_back(Location{47.4, 8.5, 5, 0, 0, now});
      copy.team.team.challenges = first.challenges;
      copy.team.team.bounty = 999;
      copy.team.team.role = Role::Catcher;
      CHECK(same(first, copy.draw(now, seed)));
      differs += !same(first, w.draw(now, seed + 100));
    }
  }
  CHECK(differs > 40);  // another seed gives another draw (so `same` can fail)
}

// ---------------------------------------------------------------------------
// Acceptance

TEST_CASE("Acceptance: Kaff-only pool, every period: Usflug titles, points around 1384") {
  // Five Kaff challenges (kaffskala 6, grade 4) in zone Z (2 connected
  // zones, 4 connections, no train through, mongus), 40 minutes from the
  // start zone, where the team is. Default config (sigma = 5 %), first draw.
  // Step 1: 6 x 90 + 4 x 20 = 620. Step 2: zonic = floor(4 x 15 + (6 - 2) x 25
  // + 30 + 50) = 240, travel = 3 x 40^1.4 = 524.55, trunc(1384.55) = 1384.
  // No further step applies on a Wednesday without underdog: mean 1384,
  // sd 1384 x 0.05 = 69.2.
  World w;
  w.snapshot.config = Config{};
  w.snapshot.config.challenge_sets = {kSet};
  Zone& z = w.snapshot.zones[kMid];
  z.num_conn_zones = 2;
  z.num_connections = 4;
  z.train_through = false;
  z.mongus = true;
  w.minutes(kCentre, kMid, 40);
  const char* places[] = {"Sternenberg", "Hinterrüti", "Wila", "Gibswil", "Bauma"};
  for (ChallengeId id = 1; id <= 5; ++id) {
    Challenge c = kaff(id, places[id - 1], {kMid}, 6);
    c.grade = 4;
    w.add(c);
  }
  const std::pair<Timestamp, PK> times[] = {{local(9, 5), PK::Specific},
                                            {local(10, 0), PK::Normal},
                                            {local(14, 0), PK::Perimeter},
                                            {local(15, 50), PK::ZKaff},
                                            {local(16, 45), PK::EndGame}};
  double sum = 0, sum_sq = 0;
  int count = 0;
  std::uint64_t seed = 0;
  for (const auto& [now, kind] : times) {
    double period_sum = 0;
    int period_count = 0;
    for (int i = 0; i < 2000; ++i) {
      const DrawResult r = w.draw(now, ++seed);
      REQUIRE(r.period.kind == kind);
      REQUIRE(r.challenges.size() == 3);
      for (const OpenChallenge& open : r.challenges) {
        const std::string& place = *w.snapshot.challenges.at(*open.challenge).place;
        REQUIRE(open.title == "Usflug uf " + place);
        REQUIRE(open.zone == kMid);
        REQUIRE(open.points >= 1038);  // 1384 - 25 % (5 sigma)
        REQUIRE(open.points <= 1730);  // 1384 + 25 %
        const auto p = static_cast<double>(open.points);
        period_sum += p;
        sum += p;
        sum_sq += p * p;
        ++period_count;
        ++count;
      }
    }
    INFO("period " << static_cast<int>(kind));
    CHECK(period_sum / period_count == Approx(1384).epsilon(0.01));
  }
  // 30,000 points: the mean's standard error is 0.4, the sd's 0.3.
  const double mean = sum / count;
  CHECK(mean == Approx(1384).epsilon(0.01));
  CHECK(mean == Approx(1384).margin(2));
  CHECK(std::sqrt(sum_sq / count - mean * mean) == Approx(69.2).epsilon(0.05));
}
