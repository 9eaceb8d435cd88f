// The timer helpers (engine/timers.hpp): the engine's armed timers and the
// changes an outcome reports for the server and the store stay in step.
#include <catch2/catch.hpp>

#include "engine/timers.hpp"

using namespace truinlag;
using engine::TimerChange;
using engine::TimerKey;
using engine::TimerKind;
using engine::Timers;

namespace {

const TimerKey kAlarm1{TimerKind::EndAlarm, 1, 0};
const TimerKey kGrace1{TimerKind::GracePeriodEnd, 1, 7};
const TimerKey kGrace2{TimerKind::GracePeriodEnd, 2, 9};

// What the server does with an outcome's changes, in their order.
Timers applied(Timers timers, const std::vector<TimerChange>& changes) {
  for (const TimerChange& change : changes) {
    if (change.deadline) {
      timers[change.key] = *change.deadline;
    } else {
      timers.erase(change.key);
    }
  }
  return timers;
}

}  // namespace

TEST_CASE("arm_timer arms a key and reports its deadline") {
  Timers timers;
  engine::Outcome outcome;
  engine::arm_timer(timers, outcome, kGrace1, 1'000);
  CHECK(timers == Timers{{kGrace1, 1'000}});
  CHECK(outcome.timers == std::vector<TimerChange>{{kGrace1, 1'000}});
}

TEST_CASE("arm_timer on an armed key replaces its deadline, never adds a second") {
  Timers timers{{kGrace1, 1'000}};
  const Timers before = timers;
  engine::Outcome outcome;
  engine::arm_timer(timers, outcome, kGrace1, 5'000);
  CHECK(timers == Timers{{kGrace1, 5'000}});
  CHECK(outcome.timers == std::vector<TimerChange>{{kGrace1, 5'000}});
  CHECK(applied(before, outcome.timers) == timers);
}

TEST_CASE("cancel_timer removes an armed key and reports the cancel") {
  Timers timers{{kGrace1, 1'000}, {kGrace2, 2'000}};
  const Timers before = timers;
  engine::Outcome outcome;
  engine::cancel_timer(timers, outcome, kGrace1);
  CHECK(timers == Timers{{kGrace2, 2'000}});
  CHECK(outcome.timers == std::vector<TimerChange>{{kGrace1, std::nullopt}});
  CHECK(applied(before, outcome.timers) == timers);
}

TEST_CASE("cancel_timer of a key that is not armed changes and reports nothing") {
  Timers timers{{kGrace2, 2'000}};
  engine::Outcome outcome;
  engine::cancel_timer(timers, outcome, kGrace1);
  CHECK(timers == Timers{{kGrace2, 2'000}});
  CHECK(outcome.timers.empty());
}

TEST_CASE("cancel_session_timers cancels every timer of one session and only those") {
  Timers timers{{kAlarm1, 9'000}, {kGrace1, 1'000}, {kGrace2, 2'000}};
  const Timers before = timers;
  engine::Outcome outcome;
  engine::cancel_session_timers(timers, outcome, 1);
  CHECK(timers == Timers{{kGrace2, 2'000}});
  CHECK(outcome.timers ==
        std::vector<TimerChange>{{kAlarm1, std::nullopt}, {kGrace1, std::nullopt}});
  CHECK(applied(before, outcome.timers) == timers);
}

TEST_CASE("a mix of arms and cancels: the reported changes replay to the same timers") {
  Timers timers{{kAlarm1, 9'000}};
  const Timers before = timers;
  engine::Outcome outcome;
  engine::arm_timer(timers, outcome, kGrace1, 1'000);
  engine::cancel_timer(timers, outcome, kGrace2);  // not armed
  engine::arm_timer(timers, outcome, kGrace2, 2'000);
  engine::cancel_timer(timers, outcome, kGrace1);
  engine::arm_timer(timers, outcome, kAlarm1, 8'000);
  CHECK(timers == Timers{{kAlarm1, 8'000}, {kGrace2, 2'000}});
  CHECK(outcome.timers.size() == 4);
  CHECK(applied(before, outcome.timers) == timers);
}
