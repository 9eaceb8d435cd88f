// import-bench: what a large Import costs (issue 14). For each size it
// starts a fresh truinlagd, imports that many challenges in one Import
// through the client library and, unless --no-cli, the same catalogue
// through `truinlag-cli import FILE.json` into another fresh daemon, and
// prints one JSON object per size: wall seconds, microseconds per
// challenge, the daemon's CPU seconds, and how long a Ping sent while the
// import ran waited at most. With --sigterm it also sends SIGTERM during the
// library import and times the daemon's exit, then restarts it on the same
// database and counts the challenges (all or none: 0 or the size).
#include <signal.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_process.hpp"
#include "truinlag/client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using truinlag::bench::DaemonProcess;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One set, one zone and `size` approved challenges with distinct titles
// (their names are what every added challenge is checked against).
truinlag::Catalogue catalogue_of(int size) {
  truinlag::Catalogue catalogue;
  catalogue.challenge_sets = {"Standard"};
  catalogue.zones = {truinlag::CatalogueZone{110, 6, 16, true, false, true}};
  for (int i = 0; i < size; ++i) {
    truinlag::CatalogueChallenge record;
    record.challenge.kind = truinlag::ChallengeKind::Unspezifisch;
    record.challenge.status = truinlag::ChallengeStatus::Approved;
    record.challenge.title = "Challenge " + std::to_string(i);
    record.challenge.description = "Do challenge number " + std::to_string(i) + " at the station";
    record.challenge.additional_points = i % 50;
    record.sets = {"Standard"};
    record.zones = {110};
    catalogue.challenges.push_back(std::move(record));
  }
  return catalogue;
}

// The same catalogue as the CLI's JSON file format (docs/cli.md).
std::string json_file_of(int size) {
  nlohmann::json file;
  file["challenge_sets"] = {"Standard"};
  file["zones"] = {{{"number", 110},
                    {"num_conn_zones", 6},
                    {"num_connections", 16},
                    {"train_through", true},
                    {"mongus", false},
                    {"s_bahn_zone", true}}};
  file["challenges"] = nlohmann::json::array();
  for (int i = 0; i < size; ++i) {
    file["challenges"].push_back(
        {{"kind", "unspezifisch"},
         {"status", "approved"},
         {"title", "Challenge " + std::to_string(i)},
         {"description", "Do challenge number " + std::to_string(i) + " at the station"},
         {"additional_points", i % 50},
         {"sets", {"Standard"}},
         {"zones", {110}}});
  }
  return file.dump();
}

std::uint64_t imported_count(const truinlag::Result& result) {
  if (const auto* failure = std::get_if<truinlag::Failure>(&result)) {
    throw std::runtime_error("the import failed: " + truinlag::describe(failure->error));
  }
  const auto* imported = std::get_if<truinlag::Imported>(&result);
  if (!imported || !imported->rejected.empty()) {
    throw std::runtime_error("the import was refused or answered oddly");
  }
  return imported->imported;
}

// What the other clients see while an import runs: a second client pings
// every 10 ms until the import is answered; the longest wait of those.
struct PingWatch {
  double longest_seconds = 0;
  int pings = 0;
};

PingWatch ping_until(truinlag::Client& pinger, const std::atomic<bool>& done) {
  PingWatch watch;
  while (!done) {
    const auto sent = Clock::now();
    pinger.sender().ping("during import").get();
    watch.longest_seconds = std::max(watch.longest_seconds, seconds_since(sent));
    ++watch.pings;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return watch;
}

// Imports through the library; the time is until the answer arrived.
nlohmann::json library_import(const std::string& daemon_binary, int size) {
  DaemonProcess daemon(daemon_binary, {"--seed", "1"});
  auto importer = truinlag::Client::connect(daemon.socket_path());
  auto pinger = truinlag::Client::connect(daemon.socket_path());
  truinlag::Import import{catalogue_of(size), false};
  const double cpu_before = truinlag::bench::cpu_seconds(daemon.pid());
  std::atomic<bool> done{false};
  double wall = 0;
  const auto start = Clock::now();
  auto answer = importer.send(std::move(import));
  std::thread waiter([&] {
    answer.wait();
    wall = seconds_since(start);
    done = true;
  });
  const PingWatch watch = ping_until(pinger, done);
  waiter.join();
  const std::uint64_t imported = imported_count(answer.get());
  const double cpu = truinlag::bench::cpu_seconds(daemon.pid()) - cpu_before;
  return {{"path", "library"},
          {"challenges", size},
          {"imported", imported},
          {"seconds", wall},
          {"us_per_challenge", wall * 1e6 / size},
          {"daemon_cpu_seconds", cpu},
          {"pings_during_import", watch.pings},
          {"longest_ping_seconds", watch.longest_seconds}};
}

nlohmann::json cli_import(const std::string& daemon_binary, const std::string& cli, int size) {
  DaemonProcess daemon(daemon_binary, {"--seed", "1"});
  const std::string file = daemon.database_path() + ".import.json";
  std::ofstream(file, std::ios::binary) << json_file_of(size);
  const std::string command =
      cli + " --socket " + daemon.socket_path() + " import " + file + " >/dev/null";
  const auto start = Clock::now();
  const int status = std::system(command.c_str());
  const double wall = seconds_since(start);
  std::filesystem::remove(file);
  if (status != 0)
    throw std::runtime_error(command + " failed with status " + std::to_string(status));
  return {{"path", "cli"},
          {"challenges", size},
          {"seconds", wall},
          {"us_per_challenge", wall * 1e6 / size}};
}

// True once `pid` has exited (a zombie until the DaemonProcess reaps it).
bool exited(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

nlohmann::json sigterm_during_import(const std::string& daemon_binary, int size) {
  double exit_seconds = 0;
  std::string answered;
  auto holder = std::make_unique<DaemonProcess>(daemon_binary, std::vector<std::string>{});
  {
    auto importer = truinlag::Client::connect(holder->socket_path());
    auto answer = importer.send(truinlag::Import{catalogue_of(size), false});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto signalled = Clock::now();
    ::kill(holder->pid(), SIGTERM);
    while (!exited(holder->pid()) && seconds_since(signalled) < 60) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    exit_seconds = seconds_since(signalled);
    try {
      answered = std::to_string(imported_count(answer.get())) + " imported";
    } catch (const std::exception& e) {
      answered = e.what();
    }
  }
  // The same database in a fresh daemon (the first one's directory lives
  // until `holder` goes).
  std::size_t after_restart = 0;
  {
    DaemonProcess restarted(daemon_binary, {}, holder->database_path());
    auto client = truinlag::Client::connect(restarted.socket_path());
    after_restart = client.sender().get_challenges().get().size();
  }
  return {{"path", "sigterm"},
          {"challenges", size},
          {"exit_seconds", exit_seconds},
          {"import_answer", answered},
          {"challenges_after_restart", after_restart}};
}

std::string find_cli(const std::string& daemon_binary) {
  const std::filesystem::path beside =
      std::filesystem::path(daemon_binary).parent_path().parent_path() / "truinlag-cli" /
      "truinlag-cli";
  return std::filesystem::exists(beside) ? beside.string() : "truinlag-cli";
}

}  // namespace

int main(int argc, char** argv) {
  std::string daemon;
  std::string cli;
  std::vector<int> sizes{3000, 30000};
  bool no_cli = false;
  bool sigterm = false;
  CLI::App app{"import-bench — the cost of one large Import into a fresh truinlagd"};
  app.add_option("--daemon", daemon, "truinlagd to start (default: the one of this build dir)");
  app.add_option("--cli", cli,
                 "truinlag-cli for the CLI path (default: the one of this build dir)");
  app.add_option("-n,--size", sizes, "Challenges per import (repeatable)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_flag("--no-cli", no_cli, "Only the library path");
  app.add_flag("--sigterm", sigterm,
               "Also SIGTERM the daemon during each library import and time its exit");
  CLI11_PARSE(app, argc, argv);
  if (daemon.empty()) daemon = truinlag::bench::find_daemon_binary();
  if (cli.empty()) cli = find_cli(daemon);
  try {
    std::vector<double> library_seconds;
    for (int size : sizes) {
      const nlohmann::json library = library_import(daemon, size);
      library_seconds.push_back(library["seconds"].get<double>());
      std::cout << library.dump() << std::endl;
      if (!no_cli) std::cout << cli_import(daemon, cli, size).dump() << std::endl;
      if (sigterm) std::cout << sigterm_during_import(daemon, size).dump() << std::endl;
    }
    if (sizes.size() >= 2) {
      // Linear cost gives a time ratio near the size ratio.
      std::cout << nlohmann::json{{"size_ratio", static_cast<double>(sizes.back()) / sizes.front()},
                                  {"time_ratio", library_seconds.back() / library_seconds.front()}}
                       .dump()
                << std::endl;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "import-bench: " << e.what() << "\n";
    return 1;
  }
}
