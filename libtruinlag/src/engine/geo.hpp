// Distances on the WGS84 ellipsoid (GeographicLib): the catch radius is a
// rule, and haversine is off by up to 0.5 %.
#pragma once

#include "truinlag/basics.hpp"

namespace truinlag::engine {

// Geodesic distance in metres.
double distance_m(const Location& a, const Location& b);

inline constexpr double kCatchRadiusMetres = 300.0;

}  // namespace truinlag::engine
