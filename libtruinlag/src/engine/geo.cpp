#include "engine/geo.hpp"

#include <GeographicLib/Geodesic.hpp>

namespace truinlag::engine {

double distance_m(const Location& a, const Location& b) {
  double metres = 0;
  GeographicLib::Geodesic::WGS84().Inverse(a.latitude, a.longitude, b.latitude, b.longitude,
                                           metres);
  return metres;
}

}  // namespace truinlag::engine
