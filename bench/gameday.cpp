// gameday: a whole simulated game day against the engine and its store,
// in one process, on the engine's injected clock.
//
// 3 sessions x 10 teams x 3 players; every player sends a location every
// 2 simulated seconds for 8 hours; runner teams complete a challenge about
// every 25 minutes and each session sees a catch about every 20 minutes.
// The changes of each 2-second tick are committed in one transaction, as
// the server's group commit does for the requests of one loop turn. The 20
// watchers per session are in-process subscribers: each broadcast is
// encoded once into its frame, queued to every watcher of its session and
// drained at the end of the tick, as the server does for connections —
// without sockets, so the figure is the engine's and the store's, not the
// kernel's. The engine's timers (grace periods) fire when the simulated
// clock passes their deadlines, as the server's uv timers would.
//
// Prints one JSON object: wall time, RSS, database size, GetState latency
// at the end, and hourly samples that show what grows.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>

#include "daemon_process.hpp"
#include "gameday_world.hpp"
#include "protocol/codec.hpp"
#include "protocol/frame.hpp"

namespace {

using namespace truinlag;
using bench::SimSession;
using bench::SimTeam;
namespace fs = std::filesystem;

// Wednesday 2026-11-25, 09:00 in Zürich (08:00 UTC).
constexpr Timestamp kNineOClock = 1'795'593'600'000;
constexpr Timestamp kTick = 2000;  // ms between two locations of a player
constexpr double kMetresPerDegree = 111'320;

struct Settings {
  double hours = 8;
  int watchers = 20;
  std::string sync = "full";
  double complete_minutes = 25;  // mean time between completions of a runner team
  double catch_minutes = 20;     // mean time between catches in a session
  std::uint64_t seed = 7;
};

// One in-process subscriber: frames queue up during a tick and are read
// at its end, like a connection's output queue and a reading client.
struct Watcher {
  std::deque<std::shared_ptr<const std::string>> queue;
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
  void drain() {
    for (const auto& frame : queue) bytes += frame->size();
    frames += queue.size();
    queue.clear();
  }
};

struct Counters {
  std::uint64_t commands = 0;
  std::uint64_t locations = 0;
  std::uint64_t catches = 0;
  std::uint64_t completions = 0;
  std::uint64_t refused = 0;
  std::uint64_t broadcasts = 0;
  std::uint64_t commits = 0;
  std::uint64_t rows_written = 0;  // SQLite rows inserted, updated or deleted
};

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// CPU seconds this process used (user + system): the wall time minus
// this is mostly waiting for fsync, which depends on the disk, not on us.
double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::uint64_t database_bytes(const std::string& path) {
  std::uint64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code error;
    const auto size = fs::file_size(path + suffix, error);
    if (!error) total += size;
  }
  return total;
}

class Simulation {
 public:
  Simulation(const Settings& settings, const std::string& database)
      : settings_(settings),
        store_(database, settings.sync == "full" ? store::Sync::Full : store::Sync::Normal),
        engine_(store_.load(), settings.seed),
        rng_(settings.seed),
        database_(database) {
    sessions_ = bench::build_world(engine_, store_, bench::WorldShape{}, kNineOClock);
    for (const SimSession& s : sessions_) watchers_[s.id].resize(settings.watchers);
  }

  nlohmann::json run() {
    const Timestamp end = kNineOClock + static_cast<Timestamp>(settings_.hours * 3'600'000);
    const double started = now_seconds();
    const double cpu_started = cpu_seconds();
    nlohmann::json hourly = nlohmann::json::array();
    Timestamp next_sample = kNineOClock + 3'600'000;
    for (Timestamp now = kNineOClock; now < end; now += kTick) {
      tick(now);
      if (now + kTick >= next_sample) {
        hourly.push_back(sample(next_sample));
        next_sample += 3'600'000;
      }
    }
    const double wall = now_seconds() - started;
    const double cpu = cpu_seconds() - cpu_started;
    nlohmann::json report = {
        {"program", "gameday"},
        {"simulated_hours", settings_.hours},
        {"sessions", sessions_.size()},
        {"watchers_per_session", settings_.watchers},
        {"sync", settings_.sync},
        {"wall_seconds", wall},
        {"cpu_seconds", cpu},
        {"rss_mib", static_cast<double>(bench::resident_bytes(::getpid())) / (1 << 20)},
        {"database_mib", static_cast<double>(database_bytes(database_)) / (1 << 20)},
        {"commands", counters_.commands},
        {"locations", counters_.locations},
        {"catches", counters_.catches},
        {"completions", counters_.completions},
        {"refused", counters_.refused},
        {"broadcasts", counters_.broadcasts},
        {"commits", counters_.commits},
        {"rows_written", counters_.rows_written},
        {"frames_to_watchers", watcher_frames()},
        {"get_state_ms", get_state_latency(end)},
        {"growth_per_hour", growth_per_hour(hourly)},
        {"hourly", hourly}};
    return report;
  }

 private:
  void tick(Timestamp now) {
    fire_due_timers(now);
    std::uniform_real_distribution<double> unit(0, 1);
    const double p_complete = static_cast<double>(kTick) / (settings_.complete_minutes * 60'000);
    const double p_catch = static_cast<double>(kTick) / (settings_.catch_minutes * 60'000);
    for (SimSession& session : sessions_) {
      for (SimTeam& team : session.teams) {
        move(team);
        for (PlayerId player : team.players) send_location(session.id, team, player, now, false);
      }
      for (SimTeam& team : session.teams) {
        const Team& state = engine_.state().teams.at(team.id).team;
        if (state.role == Role::Runner && unit(rng_) < p_complete) {
          counters_.completions +=
              execute(Complete{session.id, team.id, 0, state.periods.size()}, now);
        }
      }
      if (unit(rng_) < p_catch) attempt_catch(session, now);
    }
    commit();
    for (auto& [id, watchers] : watchers_) {
      for (Watcher& w : watchers) w.drain();
    }
  }

  // A team rides on at about 30 km/h, turning now and then.
  void move(SimTeam& team) {
    std::normal_distribution<double> turn(0, 0.15);
    team.heading += turn(rng_);
    const double metres = 8.0 * static_cast<double>(kTick) / 1000;
    team.latitude += std::cos(team.heading) * metres / kMetresPerDegree;
    team.longitude += std::sin(team.heading) * metres /
                      (kMetresPerDegree * std::cos(team.latitude * std::numbers::pi / 180));
    // Stay in the canton: turn back towards the centre when far out.
    if (std::abs(team.latitude - 47.3769) > 0.1 || std::abs(team.longitude - 8.5417) > 0.15) {
      team.heading = std::atan2(8.5417 - team.longitude, 47.3769 - team.latitude);
    }
  }

  void send_location(SessionId session, const SimTeam& team, PlayerId player, Timestamp now,
                     bool precise) {
    std::uniform_real_distribution<double> jitter(-8, 8);
    std::uniform_real_distribution<double> accuracy(4, 30);
    Location l;
    l.latitude = team.latitude + jitter(rng_) / kMetresPerDegree;
    l.longitude = team.longitude + jitter(rng_) / kMetresPerDegree;
    l.accuracy = precise ? 5 : accuracy(rng_);
    l.heading = team.heading * 180 / std::numbers::pi;
    l.speed = 8;
    l.timestamp = now;
    ++counters_.locations;
    execute(SendLocation{session, player, l}, now);
  }

  // A catcher team closes in on a visible runner and catches it.
  void attempt_catch(SimSession& session, Timestamp now) {
    std::vector<SimTeam*> catchers, runners;
    for (SimTeam& team : session.teams) {
      const Team& state = engine_.state().teams.at(team.id).team;
      if (state.role == Role::Catcher) catchers.push_back(&team);
      if (state.role == Role::Runner && !state.grace_period_end) runners.push_back(&team);
    }
    if (catchers.empty() || runners.empty()) return;
    SimTeam& catcher = *catchers[rng_() % catchers.size()];
    SimTeam& caught = *runners[rng_() % runners.size()];
    catcher.latitude = caught.latitude;
    catcher.longitude = caught.longitude;
    send_location(session.id, catcher, catcher.players.front(), now, true);
    const std::uint64_t period = engine_.state().teams.at(catcher.id).team.periods.size();
    counters_.catches += execute(Catch{session.id, catcher.id, caught.id, period}, now);
  }

  void fire_due_timers(Timestamp now) {
    std::vector<engine::TimerKey> due;
    for (const auto& [key, deadline] : engine_.state().timers) {
      if (deadline <= now) due.push_back(key);
    }
    for (const auto& key : due) absorb(engine_.fire(key, now));
  }

  // Returns 1 if the engine accepted the command.
  int execute(const Command& command, Timestamp now) {
    ++counters_.commands;
    engine::Outcome outcome = engine_.execute(command, now);
    const bool refused = std::holds_alternative<Failure>(outcome.result);
    counters_.refused += refused;
    // The response frame is encoded, as the server would, then dropped.
    std::string response;
    protocol::append_frame(response, protocol::encode(ServerMessage{Response{1, outcome.result}}));
    absorb(std::move(outcome));
    return refused ? 0 : 1;
  }

  void absorb(engine::Outcome outcome) {
    batch_.add(outcome);
    if (!outcome.broadcast) return;
    ++counters_.broadcasts;
    std::string frame;
    protocol::append_frame(
        frame, protocol::encode(ServerMessage{Broadcast{
                   counters_.broadcasts, outcome.broadcast->session, outcome.broadcast->event}}));
    const auto shared = std::make_shared<const std::string>(std::move(frame));
    for (auto& [id, watchers] : watchers_) {
      if (outcome.broadcast->session && *outcome.broadcast->session != id) continue;
      for (Watcher& w : watchers) w.queue.push_back(shared);
    }
  }

  void commit() {
    if (batch_.empty()) return;
    store_.commit(batch_, engine_.state());
    batch_ = {};
    ++counters_.commits;
    counters_.rows_written += static_cast<std::uint64_t>(store_.last_commit_rows());
  }

  std::uint64_t watcher_frames() const {
    std::uint64_t total = 0;
    for (const auto& [id, watchers] : watchers_) {
      for (const Watcher& w : watchers) total += w.frames;
    }
    return total;
  }

  // What grows, per simulated hour, over the second half of the day (the
  // first hour includes set-up). Steady growth of the engine's memory is
  // only acceptable where the rules bound it: track points (thinned to one
  // per 10 s per team, so at most 360 per team-hour) and periods.
  nlohmann::json growth_per_hour(const nlohmann::json& hourly) const {
    if (hourly.size() < 2) return nullptr;
    const nlohmann::json& last = hourly.back();
    const nlohmann::json& mid = hourly[hourly.size() / 2];
    const double hours = last["hour"].get<double>() - mid["hour"].get<double>();
    if (hours <= 0) return nullptr;
    const auto per_hour = [&](const char* key) {
      return (last[key].get<double>() - mid[key].get<double>()) / hours;
    };
    const double teams = static_cast<double>(engine_.state().teams.size());
    return {{"rss_mib", per_hour("rss_mib")},
            {"database_mib", per_hour("database_mib")},
            {"track_points_in_memory", per_hour("track_points_in_memory")},
            {"track_points_per_team", per_hour("track_points_in_memory") / teams},
            {"track_points_per_team_bound", 360},
            {"periods", per_hour("periods")}};
  }

  nlohmann::json sample(Timestamp at) const {
    std::uint64_t track_points = 0, periods = 0;
    for (const auto& [id, team] : engine_.state().teams) {
      track_points += team.track.size();
      periods += team.team.periods.size();
    }
    return {{"hour", static_cast<double>(at - kNineOClock) / 3'600'000},
            {"rss_mib", static_cast<double>(bench::resident_bytes(::getpid())) / (1 << 20)},
            {"database_mib", static_cast<double>(database_bytes(database_)) / (1 << 20)},
            {"track_points_in_memory", track_points},
            {"periods", periods}};
  }

  // GetState(S) of every session as the server serves it: executed and
  // its response encoded. The median and worst of 50 runs, in ms.
  nlohmann::json get_state_latency(Timestamp now) {
    std::vector<double> times;
    std::size_t bytes = 0;
    for (int i = 0; i < 50; ++i) {
      for (const SimSession& s : sessions_) {
        const double t0 = now_seconds();
        engine::Outcome outcome = engine_.execute(GetSessionState{s.id}, now);
        const std::string payload = protocol::encode(ServerMessage{Response{1, outcome.result}});
        times.push_back((now_seconds() - t0) * 1000);
        bytes = payload.size();
      }
    }
    std::sort(times.begin(), times.end());
    return {{"median", times[times.size() / 2]}, {"max", times.back()}, {"response_bytes", bytes}};
  }

  Settings settings_;
  store::Store store_;
  engine::Engine engine_;
  std::mt19937_64 rng_;
  std::string database_;
  std::vector<SimSession> sessions_;
  std::map<SessionId, std::vector<Watcher>> watchers_;
  store::ChangeSet batch_;
  Counters counters_;
};

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  std::string database;
  bool keep = false;
  CLI::App app{"gameday — a simulated game day against the engine and its store"};
  app.add_option("--hours", settings.hours, "Simulated hours")
      ->check(CLI::Range(0.01, 24.0))
      ->capture_default_str();
  app.add_option("--watchers", settings.watchers, "In-process subscribers per session")
      ->capture_default_str();
  app.add_option("--sync", settings.sync, "full (fsync per commit) or normal")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  app.add_option("--seed", settings.seed, "Random seed of engine and simulation")
      ->capture_default_str();
  app.add_option("--db", database, "Database file (default: a temporary one, removed after)");
  app.add_flag("--keep", keep, "Keep the temporary database");
  CLI11_PARSE(app, argc, argv);

  std::string directory;
  if (database.empty()) {
    std::string pattern = "/tmp/truinlag-gameday-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "gameday: cannot create a temporary directory\n";
      return 1;
    }
    directory = pattern;
    database = directory + "/gameday.db";
  }
  int status = 0;
  try {
    Simulation simulation(settings, database);
    std::cout << simulation.run().dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "gameday: " << e.what() << "\n";
    status = 1;
  }
  if (!directory.empty() && !keep) fs::remove_all(directory);
  return status;
}
