// The library's own version (the protocol version is in messages.hpp).
#pragma once

namespace truinlag {

inline constexpr const char* kServerVersion = "truinlag 0.1.0";

}  // namespace truinlag
