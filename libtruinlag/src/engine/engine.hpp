// The game core: pure, synchronous, deterministic.
//
// No I/O, no sockets, no SQL, no threads. The server feeds it commands in
// order with the current time; the engine answers with an Outcome. The
// random generator is seeded from outside, so a test fixes the seed and
// the time and gets exact results.
#pragma once

#include <cstdint>
#include <random>

#include "engine/outcome.hpp"
#include "engine/state.hpp"
#include "truinlag/commands.hpp"

namespace truinlag::engine {

class Engine {
 public:
  explicit Engine(std::uint64_t seed) : rng_(seed) {}

  // Not copyable: it is the one owner of the game state.
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one command at time `now`. A refused command changes nothing.
  Outcome execute(const Command& command, Timestamp now);

  const State& state() const { return state_; }

 private:
  // Handlers, one per command; the generic checks of the command table have
  // already passed when they run.
  Outcome handle(const Ping& command, Timestamp now);
  Outcome handle(const GetState& command, Timestamp now);
  Outcome handle(const Shutdown& command, Timestamp now);
  // Commands whose rules land with later issues (the engine, pictures).
  template <class C>
  Outcome handle(const C& command, Timestamp now);

  State state_;
  std::mt19937_64 rng_;
};

}  // namespace truinlag::engine
