// Minimal leveled logging to stderr, one line per call.
#pragma once

#include <sstream>
#include <string>

#include "truinlag/server.hpp"

namespace truinlag::log {

bool enabled(LogLevel level);
void write(LogLevel level, const std::string& line);

// log::info("listening on ", path) streams its arguments into one line.
template <class... Args>
void emit(LogLevel level, const Args&... args) {
  if (!enabled(level)) return;
  std::ostringstream line;
  (line << ... << args);
  write(level, line.str());
}
template <class... Args>
void error(const Args&... args) {
  emit(LogLevel::Error, args...);
}
template <class... Args>
void warn(const Args&... args) {
  emit(LogLevel::Warn, args...);
}
template <class... Args>
void info(const Args&... args) {
  emit(LogLevel::Info, args...);
}
template <class... Args>
void debug(const Args&... args) {
  emit(LogLevel::Debug, args...);
}

}  // namespace truinlag::log
