// Everything the engine owns. Plain data: the engine's handlers mutate it,
// the store (issue "persistence") loads and saves it.
#pragma once

#include <map>

#include "truinlag/player.hpp"
#include "truinlag/session.hpp"

namespace truinlag::engine {

struct State {
  // Ordered maps: GetState lists entities by id, deterministically.
  std::map<SessionId, Session> sessions;
  std::map<PlayerId, Player> players;
};

}  // namespace truinlag::engine
