#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace truinlag {
namespace {
std::atomic<LogLevel> g_level{LogLevel::Info};
}

void set_log_level(LogLevel level) { g_level = level; }

namespace log {

bool enabled(LogLevel level) { return level <= g_level.load(std::memory_order_relaxed); }

void write(LogLevel level, const std::string& line) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  // One fprintf per line: lines from several threads never interleave.
  std::fprintf(stderr, "%s.%03dZ %-5s %s\n", stamp, static_cast<int>(millis),
               std::string(enum_name(level)).c_str(), line.c_str());
}

}  // namespace log
}  // namespace truinlag
