// The engine's input rules (issue 14; game-rules section 10 "Numbers"):
// text, lengths, finite numbers, location ranges and the window around the
// clock, config and challenge ranges, and the errors that say why.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "engine/challenge_rules.hpp"
#include "engine/config_rules.hpp"
#include "engine/input_rules.hpp"
#include "engine_fixture.hpp"

using namespace truinlag;
using namespace truinlag::engine;
using engine_fixture::EngineFixture;
using engine_fixture::kMorning;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool mentions(const std::optional<std::string>& problem, const std::string& part) {
  INFO(problem.value_or("(no problem)"));
  return problem && problem->find(part) != std::string::npos;
}

Location good_location() { return Location{47.37, 8.54, 10, 90, 1.5, kMorning}; }

}  // namespace

TEST_CASE("text: valid UTF-8 of any script passes, malformed bytes are named") {
  CHECK_FALSE(text_problem("Chällenge 🎉 Zürich – ÄÖÜ", TextKind::Line));
  CHECK(mentions(text_problem("\xff\xfe bad", TextKind::Line), "byte 0xff at offset 0"));
  CHECK(mentions(text_problem("ok\xc3", TextKind::Line), "offset 2"));               // truncated
  CHECK(mentions(text_problem("\xc0\x80", TextKind::Line), "not valid UTF-8"));      // overlong NUL
  CHECK(mentions(text_problem("\xe0\x80\xaf", TextKind::Line), "not valid UTF-8"));  // overlong
  CHECK(mentions(text_problem("\xed\xa0\x80", TextKind::Line), "not valid UTF-8"));  // surrogate
  CHECK(mentions(text_problem("\xf4\x90\x80\x80", TextKind::Line), "not valid UTF-8"));  // >10FFFF
  CHECK_FALSE(text_problem("\xf4\x8f\xbf\xbf", TextKind::Line));  // U+10FFFF itself
}

TEST_CASE("text: control characters; line breaks only in multi-line texts") {
  CHECK(mentions(text_problem("a\x01"
                              "b",
                              TextKind::Line),
                 "control character U+0001 at offset 1"));
  CHECK(mentions(text_problem("a\nb", TextKind::Line), "U+000A"));
  CHECK(mentions(text_problem("a\tb", TextKind::Line), "U+0009"));
  CHECK(mentions(text_problem("a\x7f", TextKind::Line), "U+007F"));
  CHECK(mentions(text_problem("a\xc2\x85", TextKind::Text), "U+0085"));  // C1 NEL
  CHECK_FALSE(text_problem("first\nsecond\r\n\tthird", TextKind::Text));
  CHECK(mentions(text_problem(std::string("a\0b", 3), TextKind::Text), "U+0000"));
  CHECK_FALSE(text_problem("\xff\x00", TextKind::Binary));
}

TEST_CASE("text: each kind has its maximum, exactly") {
  CHECK_FALSE(text_problem(std::string(kMaxLineBytes, 'x'), TextKind::Line));
  CHECK(mentions(text_problem(std::string(kMaxLineBytes + 1, 'x'), TextKind::Line),
                 "201 bytes, the limit is 200"));
  CHECK_FALSE(text_problem(std::string(kMaxTextBytes, 'x'), TextKind::Text));
  CHECK(mentions(text_problem(std::string(kMaxTextBytes + 1, 'x'), TextKind::Text), "limit"));
  CHECK_FALSE(text_problem(std::string(kMaxPathBytes, 'x'), TextKind::Path));
  CHECK(text_kind("description") == TextKind::Text);
  CHECK(text_kind("translated_descriptions") == TextKind::Text);
  CHECK(text_kind("zkaff_description_template") == TextKind::Text);
  CHECK(text_kind("comment") == TextKind::Text);
  CHECK(text_kind("catcher_message") == TextKind::Text);
  CHECK(text_kind("title") == TextKind::Line);
  CHECK(text_kind("name") == TextKind::Line);
  CHECK(text_kind("passphrase") == TextKind::Line);
  CHECK(text_kind("jpeg") == TextKind::Binary);
  CHECK(text_kind("path") == TextKind::Path);
}

TEST_CASE("input_problem walks every field and names its path") {
  CHECK_FALSE(input_problem(AddSession{"OG", Mode::Traditional}));
  CHECK(mentions(input_problem(AddSession{"\xff", Mode::Traditional}), "name: not valid UTF-8"));
  CHECK(
      mentions(input_problem(AddPlayer{"Ann", "pass\n", std::nullopt, std::nullopt, std::nullopt}),
               "passphrase: control character"));
  CHECK(mentions(input_problem(SetPlayerNickname{1, std::string("a\x02")}), "nickname:"));

  Challenge c;
  c.title = "T";
  c.description = "two\nlines are fine";
  CHECK_FALSE(input_problem(AddChallenge{c}));
  c.translated_titles["en"] = "bad\x01";
  CHECK(mentions(input_problem(AddChallenge{c}), "challenge.translated_titles[en]: control"));
  c.translated_titles.clear();
  c.action = Trap{5, std::string("\xff")};
  CHECK(mentions(input_problem(AddChallenge{c}), "challenge.action.catcher_message"));
  c.action.reset();
  c.departures_per_hour = kNaN;
  CHECK(
      mentions(input_problem(AddChallenge{c}), "challenge.departures_per_hour: must be a finite"));

  ConfigPatch patch;
  patch.relative_standard_deviation = kInf;
  CHECK(mentions(input_problem(SetConfig{1, patch}), "config.relative_standard_deviation"));
  patch = {};
  patch.zkaff_ratio_range = Range{0.2, kNaN};
  CHECK(mentions(input_problem(SetConfig{1, patch}), "config.zkaff_ratio_range.end"));
  patch = {};
  patch.team_colours = std::vector<Colour>{{1, 2, 3}};
  patch.default_challenge_title = "x\n";
  CHECK(mentions(input_problem(SetConfig{1, patch}), "config.default_challenge_title"));

  CHECK_FALSE(input_problem(Backup{""}));  // an empty path is the server's to word
  CHECK(mentions(input_problem(Backup{std::string(kMaxPathBytes + 1, 'p')}), "path:"));
  // Picture bytes are not text.
  CHECK_FALSE(input_problem(UploadPlayerPicture{1, std::string("\xff\xd8\xff\x00", 4)}));
  // Import's records are checked one by one when applied.
  Import import;
  import.catalogue.challenge_sets = {"\xff"};
  CHECK_FALSE(input_problem(import));
}

TEST_CASE("locations: every field in range, named; the timestamp within a day of the clock") {
  CHECK_FALSE(location_problem(good_location(), kMorning));
  const auto with = [](auto change) {
    Location l = good_location();
    change(l);
    return location_problem(l, kMorning);
  };
  CHECK(mentions(with([](Location& l) { l.latitude = 200; }), "location.latitude: 200"));
  CHECK(mentions(with([](Location& l) { l.latitude = kNaN; }), "location.latitude"));
  CHECK(mentions(with([](Location& l) { l.longitude = kInf; }), "location.longitude: inf"));
  CHECK(mentions(with([](Location& l) { l.longitude = -180.5; }), "location.longitude"));
  CHECK(mentions(with([](Location& l) { l.accuracy = -1; }), "location.accuracy: -1"));
  CHECK(mentions(with([](Location& l) { l.speed = -0.5; }), "location.speed"));
  CHECK(mentions(with([](Location& l) { l.heading = 360; }), "location.heading: 360"));
  CHECK(mentions(with([](Location& l) { l.heading = -1; }), "location.heading"));
  CHECK_FALSE(with([](Location& l) { l.latitude = -90, l.longitude = 180, l.heading = 359.9; }));
  CHECK_FALSE(with([](Location& l) { l.timestamp = kMorning - kLocationWindowMillis; }));
  CHECK_FALSE(with([](Location& l) { l.timestamp = kMorning + kLocationWindowMillis; }));
  CHECK(mentions(with([](Location& l) { l.timestamp = kMorning - kLocationWindowMillis - 1; }),
                 "more than a day before"));
  CHECK(mentions(with([](Location& l) { l.timestamp = kMorning + kLocationWindowMillis + 1; }),
                 "more than a day after"));
  CHECK(mentions(with([](Location& l) { l.timestamp = std::numeric_limits<Timestamp>::min(); }),
                 "location.timestamp"));
}

TEST_CASE("every numeric config key has a range; its ends pass, beyond them is refused") {
  CHECK_FALSE(config_problem(Config{}, ConfigPatch{}));  // the defaults lie in their ranges
  std::size_t numeric = 0;
  std::apply(
      [&](const auto&... field) {
        (
            [&] {
              using V = std::decay_t<decltype(Config{}.*(field.member))>;
              if constexpr (std::is_arithmetic_v<V> || std::is_same_v<V, Range>) {
                ++numeric;
                INFO(field.name);
                const auto range = config_range(field.name);
                REQUIRE(range);
                const auto problem_with = [&](double number) {
                  Config c;
                  if constexpr (std::is_same_v<V, Range>) {
                    // An end at the bound with a start below it, or the reverse.
                    c.*(field.member) = number <= range->min ? Range{number, range->min + 1}
                                                             : Range{range->max - 1, number};
                  } else {
                    c.*(field.member) = static_cast<V>(number);
                  }
                  return config_problem(c, ConfigPatch{});
                };
                CHECK_FALSE(problem_with(range->min));
                CHECK_FALSE(problem_with(range->max));
                if constexpr (std::is_integral_v<V>) {
                  CHECK(mentions(problem_with(range->min - 1), std::string(field.name)));
                  CHECK(mentions(problem_with(range->max + 1), std::string(field.name)));
                } else {
                  CHECK(mentions(problem_with(range->min - 0.001 - std::abs(range->min) * 1e-6),
                                 std::string(field.name)));
                  CHECK(
                      mentions(problem_with(range->max * 1.001 + 0.001), std::string(field.name)));
                }
              }
            }(),
            ...);
      },
      Config::kFields);
  CHECK(numeric == std::size(kConfigRanges));
}

TEST_CASE("config: the values of the issue are refused, naming the key") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  ConfigPatch patch;
  patch.grace_period_duration = std::numeric_limits<std::int64_t>::max();
  const Error grace = f.refused(SetConfig{s, patch});
  CHECK(describe(grace) ==
        "bad_data: grace_period_duration: must lie in [0, 1440], not 9.223372037e+18");
  patch = {};
  patch.relative_standard_deviation = kNaN;
  CHECK(describe(f.refused(SetConfig{s, patch})).find("config.relative_standard_deviation") !=
        std::string::npos);
  patch = {};
  patch.travel_minutes_exponent = -kInf;
  CHECK(describe(f.refused(SetConfig{s, patch})).find("travel_minutes_exponent") !=
        std::string::npos);
}

TEST_CASE("challenges: numbers in range whatever the status, named") {
  Challenge c;
  c.status = ChallengeStatus::ToSort;
  CHECK_FALSE(challenge_number_problem(c));
  c.walking_minutes = std::numeric_limits<std::int64_t>::max();
  CHECK(mentions(challenge_number_problem(c), "walking_minutes: must lie in [0, 1440]"));
  c.walking_minutes = 0;
  c.additional_points = -2'000'000;
  CHECK(mentions(challenge_number_problem(c), "additional_points"));
  c.additional_points = 0;
  c.repetitions = IntRange{0, 5000};
  CHECK(mentions(challenge_number_problem(c), "repetitions.end"));
  c.repetitions = {};
  c.bias_sun = 1000;
  CHECK(mentions(challenge_number_problem(c), "bias_sun"));
  EngineFixture f;
  c.bias_sun = 1;
  c.points_per_rep = 9'000'000'000;
  CHECK(describe(f.refused(AddChallenge{c})).find("points_per_rep") != std::string::npos);
}

TEST_CASE("zones and travel minutes have ranges") {
  EngineFixture f;
  AddZone zone;
  zone.number = std::numeric_limits<std::int64_t>::max();
  CHECK(describe(f.refused(zone)).find("number: a zone number lies in") != std::string::npos);
  zone.number = 110;
  zone.num_connections = 2'000'000;
  CHECK(describe(f.refused(zone)).find("connection counts") != std::string::npos);
  zone.num_connections = 16;
  const ZoneId a = f.create(zone);
  zone.number = 120;
  const ZoneId b = f.create(zone);
  CHECK(describe(f.refused(AddMinutesTo{a, b, 100'000})).find("[0, 1440]") != std::string::npos);
}

TEST_CASE("bad text and numbers change nothing, through the whole dispatcher") {
  EngineFixture f;
  CHECK(std::holds_alternative<BadData>(f.refused(AddSession{"a\x01", Mode::Traditional})));
  CHECK(std::holds_alternative<BadData>(f.refused(AddChallengeSet{std::string(300, 's')})));
  CHECK(std::holds_alternative<BadData>(f.refused(SetPlayerPhone{1, std::string("\xff")})));
  CHECK(text_kind("payload") == TextKind::Binary);  // Ping echoes bytes, stores nothing
  CHECK(f.engine.state().sessions.empty());
}
