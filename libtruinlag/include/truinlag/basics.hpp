// Small value types shared by every entity: ids, times, places, colours.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "truinlag/fields.hpp"

namespace truinlag {

// Ids are engine-assigned and stable across restarts. Plain integers keep
// them cheap on the wire and in SQL; the alias names say what they point at.
using SessionId = std::int64_t;
using PlayerId = std::int64_t;
using TeamId = std::int64_t;
using ChallengeId = std::int64_t;
using ChallengeSetId = std::int64_t;
using ZoneId = std::int64_t;
using PictureId = std::int64_t;
using PastGameId = std::int64_t;
using RequestId = std::uint64_t;

// Milliseconds since the Unix epoch, UTC. Every instant on the wire is one.
using Timestamp = std::int64_t;

// A position report from a phone.
struct Location {
  double latitude = 0;   // degrees, WGS84
  double longitude = 0;  // degrees, WGS84
  double accuracy = 0;   // metres (radius of uncertainty)
  double heading = 0;    // degrees from north
  double speed = 0;      // metres per second
  Timestamp timestamp = 0;

  static constexpr auto kFields =
      std::tuple{Field{"latitude", &Location::latitude}, Field{"longitude", &Location::longitude},
                 Field{"accuracy", &Location::accuracy}, Field{"heading", &Location::heading},
                 Field{"speed", &Location::speed},       Field{"timestamp", &Location::timestamp}};
  bool operator==(const Location&) const = default;
};

struct Colour {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;

  static constexpr auto kFields =
      std::tuple{Field{"r", &Colour::r}, Field{"g", &Colour::g}, Field{"b", &Colour::b}};
  bool operator==(const Colour&) const = default;
};

// A half-open range [start, end) of numbers.
struct Range {
  double start = 0;
  double end = 0;

  static constexpr auto kFields =
      std::tuple{Field{"start", &Range::start}, Field{"end", &Range::end}};
  bool operator==(const Range&) const = default;
};

// A half-open range [start, end) of integers (e.g. repetitions).
struct IntRange {
  std::int64_t start = 0;
  std::int64_t end = 0;

  static constexpr auto kFields =
      std::tuple{Field{"start", &IntRange::start}, Field{"end", &IntRange::end}};
  bool operator==(const IntRange&) const = default;
};

// A local time of day in the session's time zone.
struct TimeOfDay {
  std::uint8_t hour = 0;    // 0..23
  std::uint8_t minute = 0;  // 0..59

  static constexpr auto kFields =
      std::tuple{Field{"hour", &TimeOfDay::hour}, Field{"minute", &TimeOfDay::minute}};
  bool operator==(const TimeOfDay&) const = default;
};

enum class Mode : std::uint8_t { Traditional };
template <>
struct EnumNames<Mode> {
  static constexpr std::array<std::string_view, 1> names{"traditional"};
};

enum class Role : std::uint8_t { Runner, Catcher };
template <>
struct EnumNames<Role> {
  static constexpr std::array<std::string_view, 2> names{"runner", "catcher"};
};

}  // namespace truinlag
