// The points formula of game-rules section 8, steps 1-8, against a table
// computed by hand. Every step leaves an integer (the step's real result
// truncated toward zero; the zonic kaffness is floored; the wiggle is
// rounded). The hand computations are in the comments of each row.
#include "engine/points.hpp"

#include <cmath>

#include "engine_fixture.hpp"

using namespace engine_fixture;
using engine::PointsInput;
using engine::PointsSteps;

namespace {

// Default config (section 9) with the wiggle switched off: sigma = 0.
Config exact_config() {
  Config config;
  config.relative_standard_deviation = 0.0;
  return config;
}

Zone zone(std::int64_t number, std::int64_t conn_zones, std::int64_t connections, bool train,
          bool mongus) {
  Zone z;
  z.id = number;
  z.number = number;
  z.num_conn_zones = conn_zones;
  z.num_connections = connections;
  z.train_through = train;
  z.mongus = mongus;
  return z;
}

// Zonic kaffness with the defaults 15 / 25 / 30 / 50:
// city: (6-5)x15 + (6-sqrt 9)x25 + 0 + 0 = 15 + 75 = 90
const Zone kCity = zone(110, 5, 9, true, false);
// kaff: (6-2)x15 + (6-sqrt 4)x25 + 30 (no train) + 50 (mongus) = 60 + 100 + 30 + 50 = 240
const Zone kKaff = zone(171, 2, 4, false, true);
// hub: (6-8)x15 + (6-sqrt 49)x25 = -30 - 25 = -55 -> max(0, -55) = 0
const Zone kHub = zone(150, 8, 49, true, false);
// odd: 0 + (6-sqrt 5)x25 = 3.7639...x25 = 94.098... -> floor 94
const Zone kOdd = zone(180, 6, 5, true, false);

Challenge challenge(ChallengeKind kind, std::int64_t additional) {
  Challenge c;
  c.kind = kind;
  c.status = ChallengeStatus::Approved;
  c.additional_points = additional;
  return c;
}

PointsInput weekday_input() {
  PointsInput input;
  input.weekday = 3;  // Wednesday: no bias
  input.underdog = false;
  return input;
}

struct Row {
  std::string what;
  Challenge challenge;
  PointsInput input;
  PointsSteps expected;  // P after each step
};

PointsSteps computed(const Row& row, const Config& config = exact_config()) {
  std::mt19937_64 rng(1);
  std::vector<std::string> notes;
  return engine::challenge_points(row.challenge, config, row.input, rng, notes);
}

void check_steps(const PointsSteps& got, const PointsSteps& want) {
  CHECK(got.base == want.base);
  CHECK(got.zone == want.zone);
  CHECK(got.kind == want.kind);
  CHECK(got.weekend == want.weekend);
  CHECK(got.underdog == want.underdog);
  CHECK(got.wiggled == want.wiggled);
  CHECK(got.fixed == want.fixed);
  CHECK(got.points == want.points);
}

// Expected steps where nothing after step `from` changes P.
PointsSteps flat(std::int64_t base, std::int64_t zone_step, std::int64_t kind_step) {
  return PointsSteps{base, zone_step, kind_step, kind_step, kind_step, kind_step, kind_step,
                     std::max<std::int64_t>(0, kind_step)};
}

std::vector<Row> table() {
  std::vector<Row> rows;
  {
    // 1. Step 1 alone: 37 + 2x90 (kaffskala) + 3x20 (grade) + 3x10 (walking)
    //    + 2x10 (stationary) + 4 reps x 15 = 37 + 180 + 60 + 30 + 20 + 60 = 387.
    Challenge c = challenge(ChallengeKind::Unspezifisch, 37);
    c.kaffskala = 2;
    c.grade = 3;
    c.walking_minutes = 3;
    c.stationary_minutes = 2;
    c.points_per_rep = 15;
    PointsInput in = weekday_input();
    in.repetitions = 4;
    rows.push_back({"step 1: every challenge term", c, in, flat(387, 387, 387)});
  }
  {
    // 2. Step 2, the example: Kaff, kaffskala 6, grade 4 -> 540 + 80 = 620;
    //    zone kaff: + 240; 40 minutes away: + 3 x 40^1.4 = 3 x 174.937... = 524.81...
    //    620 + 240 + 524.81 = 1384.81 -> 1384.
    Challenge c = challenge(ChallengeKind::Kaff, 0);
    c.kaffskala = 6;
    c.grade = 4;
    PointsInput in = weekday_input();
    in.zone = &kKaff;
    in.travel_minutes = 40;
    rows.push_back({"step 2: zonic kaffness and travel (the issue's Kaff)", c, in,
                    flat(620, 1384, 1384)});
  }
  {
    // 3. Step 2 in the team's own zone: 0 minutes -> 3 x 0^1.4 = 0; city zonic 90.
    //    100 + 90 = 190.
    PointsInput in = weekday_input();
    in.zone = &kCity;
    in.travel_minutes = 0;
    rows.push_back({"step 2: own zone, no travel", challenge(ChallengeKind::Ortsspezifisch, 100), in,
                    flat(100, 190, 190)});
  }
  {
    // 4. Step 2 with a negative zonic kaffness clamped to 0, 10 minutes:
    //    3 x 10^1.4 = 3 x 25.1188... = 75.356... ; 100 + 0 + 75.356 = 175.356 -> 175.
    PointsInput in = weekday_input();
    in.zone = &kHub;
    in.travel_minutes = 10;
    rows.push_back({"step 2: zonic kaffness clamped at 0", challenge(ChallengeKind::Ortsspezifisch, 100),
                    in, flat(100, 175, 175)});
  }
  {
    // 5. Step 2 with a fractional zonic kaffness (floor 94.098 -> 94) and
    //    unknown travel minutes (no travel term, a note): 10 + 94 = 104.
    PointsInput in = weekday_input();
    in.zone = &kOdd;
    rows.push_back({"step 2: floored zonic kaffness, unknown travel", challenge(ChallengeKind::Ortsspezifisch, 10),
                    in, flat(10, 104, 104)});
  }
  {
    // 6. Step 3, ZKaff: zone city (90, 0 minutes) -> 90; dead end + 50;
    //    450 m / 20 = 22.5; 12 min to HB x 5 = 60; departures 8: (7 - 8^(1/3)) x 32
    //    = (7 - 2) x 32 = 160. 90 + 50 + 22.5 + 60 + 160 = 382.5 -> 382.
    Challenge c = challenge(ChallengeKind::ZKaff, 0);
    c.dead_end = true;
    c.station_distance = 450;
    c.minutes_to_hb = 12;
    c.departures_per_hour = 8;
    PointsInput in = weekday_input();
    in.zone = &kCity;
    in.travel_minutes = 0;
    rows.push_back({"step 3: ZKaff terms", c, in, flat(0, 90, 382)});
  }
  {
    // 7. Step 3, ZKaff with many departures: (7 - 400^(1/3)) x 32 = (7 - 7.368) x 32
    //    = -11.778; 100 m / 20 = 5; 2 min x 5 = 10; no dead end.
    //    90 + 5 + 10 - 11.778 = 93.22 -> 93.
    Challenge c = challenge(ChallengeKind::ZKaff, 0);
    c.station_distance = 100;
    c.minutes_to_hb = 2;
    c.departures_per_hour = 400;
    PointsInput in = weekday_input();
    in.zone = &kCity;
    in.travel_minutes = 0;
    rows.push_back({"step 3: ZKaff, departures above the base", c, in, flat(0, 90, 93)});
  }
  {
    // 8. Step 3, Zoneable pinned to the kaff zone 20 minutes away:
    //    50 + 240 + 3 x 20^1.4 (= 198.867) = 488.867 -> 488; + 100 = 588.
    PointsInput in = weekday_input();
    in.zone = &kKaff;
    in.travel_minutes = 20;
    in.zoned_zoneable = true;
    rows.push_back({"step 3: zoneable bonus", challenge(ChallengeKind::Zoneable, 50), in,
                    flat(50, 488, 588)});
  }
  // 9-11. Step 4 with bias_sat 1.5 and bias_sun 0.7:
  //   Saturday: 200 x 1.5 = 300; Sunday: 333 x 0.7 = 233.1 -> 233;
  //   Wednesday: no bias, 333 stays.
  const auto biased = [](std::int64_t additional) {
    Challenge c = challenge(ChallengeKind::Unspezifisch, additional);
    c.bias_sat = 1.5;
    c.bias_sun = 0.7;
    return c;
  };
  const auto on_day = [](unsigned weekday) {
    PointsInput in = weekday_input();
    in.weekday = weekday;
    return in;
  };
  rows.push_back({"step 4: Saturday bias", biased(200), on_day(6),
                  PointsSteps{200, 200, 200, 300, 300, 300, 300, 300}});
  rows.push_back({"step 4: Sunday bias", biased(333), on_day(0),
                  PointsSteps{333, 333, 333, 233, 233, 233, 233, 233}});
  rows.push_back({"step 4: weekday, no bias", biased(333), on_day(3), flat(333, 333, 333)});
  {
    // 12. Step 5, underdog on: d = (2000 - 200) - 1000 = 800 > 0:
    //     300 x (1 + 800 x 0.25 / 1000) = 300 x 1.2 = 360.
    PointsInput in = weekday_input();
    in.underdog = true;
    in.top_points = 2000;
    in.team_points = 200;
    rows.push_back({"step 5: underdog on", challenge(ChallengeKind::Unspezifisch, 300), in,
                    PointsSteps{300, 300, 300, 300, 360, 360, 360, 360}});
  }
  {
    // 13. Step 5, the same team with the underdog bonus off (first draw): 300.
    PointsInput in = weekday_input();
    in.underdog = false;
    in.top_points = 2000;
    in.team_points = 200;
    rows.push_back({"step 5: underdog off", challenge(ChallengeKind::Unspezifisch, 300), in,
                    flat(300, 300, 300)});
  }
  {
    // 14. Step 5, underdog on but not far enough behind: d = (1100 - 200) - 1000
    //     = -100 <= 0: 300 stays.
    PointsInput in = weekday_input();
    in.underdog = true;
    in.top_points = 1100;
    in.team_points = 200;
    rows.push_back({"step 5: underdog below the starting difference",
                    challenge(ChallengeKind::Unspezifisch, 300), in, flat(300, 300, 300)});
  }
  {
    // 15. Step 7, fixed below the cutoff: F = 100 + 2 reps x 25 = 150;
    //     P = 100 + 5 walking x 10 + 2 x 25 = 200; P - F = 50 <= 150 x 2 -> F = 150.
    Challenge c = challenge(ChallengeKind::Unspezifisch, 100);
    c.fixed = true;
    c.walking_minutes = 5;
    c.points_per_rep = 25;
    PointsInput in = weekday_input();
    in.repetitions = 2;
    rows.push_back({"step 7: fixed below the cutoff", c, in,
                    PointsSteps{200, 200, 200, 200, 200, 200, 150, 150}});
  }
  {
    // 16. Step 7, fixed above the cutoff: F = 100; P = 100 + 620 + 240 + 524.81
    //     = 1484.81 -> 1484; P - F = 1384 > 100 x 2 -> 1384 (and a note).
    Challenge c = challenge(ChallengeKind::Kaff, 100);
    c.fixed = true;
    c.kaffskala = 6;
    c.grade = 4;
    PointsInput in = weekday_input();
    in.zone = &kKaff;
    in.travel_minutes = 40;
    rows.push_back({"step 7: fixed above the cutoff", c, in,
                    PointsSteps{720, 1484, 1484, 1484, 1484, 1484, 1384, 1384}});
  }
  {
    // 17. Step 8, negative clamp: -500 + 10 walking x 10 = -400 -> 0.
    Challenge c = challenge(ChallengeKind::Unspezifisch, -500);
    c.walking_minutes = 10;
    rows.push_back({"step 8: negative becomes 0", c, weekday_input(),
                    PointsSteps{-400, -400, -400, -400, -400, -400, -400, 0}});
  }
  {
    // 18. Truncation toward zero of a negative value: -101 x bias_sat 0.5 = -50.5
    //     -> -50 (not -51), then clamped to 0.
    Challenge c = challenge(ChallengeKind::Unspezifisch, -101);
    c.bias_sat = 0.5;
    PointsInput in = weekday_input();
    in.weekday = 6;
    rows.push_back({"truncation toward zero, then clamp", c, in,
                    PointsSteps{-101, -101, -101, -50, -50, -50, -50, 0}});
  }
  return rows;
}

}  // namespace

TEST_CASE("zonic kaffness by hand") {
  const Config config;
  CHECK(engine::zonic_kaffness(kCity, config) == 90);
  CHECK(engine::zonic_kaffness(kKaff, config) == 240);
  CHECK(engine::zonic_kaffness(kHub, config) == 0);
  CHECK(engine::zonic_kaffness(kOdd, config) == 94);
}

TEST_CASE("points: the hand-computed table, exactly, with sigma = 0") {
  const std::vector<Row> rows = table();
  REQUIRE(rows.size() >= 12);
  for (const Row& row : rows) {
    INFO(row.what);
    check_steps(computed(row), row.expected);
  }
}

TEST_CASE("points: notes for unknown travel minutes and the fixed cutoff") {
  // Row 5 has no travel minutes, row 16 uses the formula over the fixed
  // part; every other row computes silently.
  const std::vector<Row> rows = table();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::mt19937_64 rng(1);
    std::vector<std::string> notes;
    engine::challenge_points(rows[i].challenge, exact_config(), rows[i].input, rng, notes);
    INFO(rows[i].what);
    const std::size_t expected = (i == 4 || i == 15) ? 1 : 0;
    REQUIRE(notes.size() == expected);
    if (i == 4) CHECK_THAT(notes[0], ::Catch::Contains("unknown"));
    if (i == 15) CHECK_THAT(notes[0], ::Catch::Contains("fixed"));
  }
}

TEST_CASE("points: the wiggle with sigma = 0.05, over 10,000 draws") {
  // Row 2 before the wiggle: 1384. Step 6 adds round(Normal(0, 1384 x 0.05
  // = 69.2)). Over n = 10,000 draws the mean's standard error is 0.69 and
  // the sample deviation's about 0.49: 5 standard errors as tolerance.
  const Row row = table().at(1);
  REQUIRE(row.expected.underdog == 1384);
  Config config;  // default sigma 0.05
  std::mt19937_64 rng(2026);
  constexpr int kDraws = 10'000;
  double sum = 0;
  double sum_squares = 0;
  std::int64_t low = 1384;
  std::int64_t high = 1384;
  for (int i = 0; i < kDraws; ++i) {
    std::vector<std::string> notes;
    const PointsSteps steps = engine::challenge_points(row.challenge, config, row.input, rng, notes);
    REQUIRE(steps.underdog == 1384);  // the steps before the wiggle do not move
    REQUIRE(steps.points == steps.wiggled);
    const auto p = static_cast<double>(steps.points);
    sum += p;
    sum_squares += p * p;
    low = std::min(low, steps.points);
    high = std::max(high, steps.points);
  }
  const double mean = sum / kDraws;
  const double deviation = std::sqrt(sum_squares / kDraws - mean * mean);
  CHECK(std::abs(mean - 1384.0) < 5 * 0.69);
  CHECK(std::abs(deviation - 69.2) < 5 * 0.49);
  // A normal spread, not a constant or a uniform one: the extremes of 10,000
  // draws lie about 3.5-4.5 sigma out.
  CHECK(high - 1384 > 3 * 69);
  CHECK(1384 - low > 3 * 69);
  CHECK(high - 1384 < 6 * 70);
  CHECK(1384 - low < 6 * 70);
}

TEST_CASE("points: a fixed challenge ignores the wiggle below the cutoff") {
  const Row row = table().at(14);  // fixed below the cutoff, F = 150
  REQUIRE(row.challenge.fixed);
  Config config;
  config.relative_standard_deviation = 0.05;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; ++i) {
    std::vector<std::string> notes;
    CHECK(engine::challenge_points(row.challenge, config, row.input, rng, notes).points == 150);
  }
}

TEST_CASE("underdog bonus: off for the first draw at game start, on afterwards") {
  // Catchers start with 1000 points, runners with 0, and the bonus starts at
  // a difference of 0: d = 1000 for the runner, x (1 + 1000 x 0.25 / 1000)
  // = x 1.25 when the bonus applies.
  GameWorld w;
  ConfigPatch patch;
  patch.bounty_start_points = 1000;
  patch.underdog_starting_difference = 0.0;
  patch.num_challenges = 1;
  w.ok(SetConfig{w.session, patch});
  w.start();
  const TeamId runner = w.runner();
  const auto raw_points = [&](const OpenChallenge& open) {
    return w.engine.state().challenges.at(*open.challenge).additional_points;
  };
  const OpenChallenge first = w.team(runner).team.challenges.at(0);
  CHECK(first.points == raw_points(first));  // no bonus at start
  w.ok(GenerateTeamChallenges{w.session, runner});
  const OpenChallenge later = w.team(runner).team.challenges.at(0);
  CHECK(later.points == raw_points(later) * 125 / 100);  // 100..500 x 1.25: exact
}
