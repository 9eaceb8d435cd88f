// ZVV fare zones and the travel times between them (game-rules section 2).
#pragma once

#include <vector>

#include "truinlag/basics.hpp"

namespace truinlag {

// Travel minutes from one zone to another (directed).
struct ZoneMinutes {
  ZoneId to = 0;
  std::int64_t minutes = 0;

  static constexpr auto kFields =
      std::tuple{Field{"to", &ZoneMinutes::to}, Field{"minutes", &ZoneMinutes::minutes}};
  bool operator==(const ZoneMinutes&) const = default;
};

struct Zone {
  ZoneId id = 0;
  std::int64_t number = 0;  // e.g. 110, the city
  std::int64_t num_conn_zones = 0;
  std::int64_t num_connections = 0;
  bool train_through = false;           // a train passes through to other zones
  bool mongus = false;                  // notoriously hard to reach
  bool s_bahn_zone = false;             // holds a terminus of an S-Bahn line inside the network
  std::vector<ZoneMinutes> minutes_to;  // a missing entry means unknown

  static constexpr auto kFields = std::tuple{Field{"id", &Zone::id},
                                             Field{"number", &Zone::number},
                                             Field{"num_conn_zones", &Zone::num_conn_zones},
                                             Field{"num_connections", &Zone::num_connections},
                                             Field{"train_through", &Zone::train_through},
                                             Field{"mongus", &Zone::mongus},
                                             Field{"s_bahn_zone", &Zone::s_bahn_zone},
                                             Field{"minutes_to", &Zone::minutes_to}};
  bool operator==(const Zone&) const = default;
};

}  // namespace truinlag
