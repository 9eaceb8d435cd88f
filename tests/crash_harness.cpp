// Crash durability harness (issue 7, items 6 and 8), modelled on SQLite's
// crash tests: for each trial, several clients write into a fresh
// database, the daemon is SIGKILLed at a random moment, restarted on the
// same socket and checked:
//   * every acknowledged write is there (0 lost),
//   * no request is half-applied: each write is one Import that creates a
//     challenge set, a challenge in it and a player; all three exist or
//     none does,
//   * every acknowledged picture upload (issue 16; one more client uploads
//     profile pictures beside the writers) reads back byte for byte, and
//     the player shows the last acknowledged picture or a later one,
//   * PRAGMA integrity_check (truinlag::check_database, which checks the
//     picture file too) is ok,
//   * the restart on the same socket is ready in under 1 s.
// `crash_harness --trials N --writes N --writers N --seed N`; meson runs a
// short version, scripts/crash-harness the full one (100 x 10,000).
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/daemon_process.hpp"
#include "support/jpeg_samples.hpp"
#include "truinlag/client.hpp"
#include "truinlag/server.hpp"

namespace t = truinlag;
using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int trials = 10;
  int writes = 1000;  // per trial, at most
  int writers = 4;
  unsigned seed = 2026;
};

struct TrialResult {
  int sent = 0;
  int acknowledged = 0;
  int lost = 0;
  int half_applied = 0;
  int pictures_acknowledged = 0;
  int pictures_lost = 0;
  bool integrity_ok = false;
  double restart_ms = 0;
};

// Write i: one request creating three rows' worth of entities.
t::Import write_number(int i) {
  const std::string n = std::to_string(i);
  t::Catalogue c;
  c.challenge_sets = {"S" + n};
  t::CatalogueChallenge challenge;
  challenge.challenge.kind = t::ChallengeKind::Unspezifisch;
  challenge.challenge.status = t::ChallengeStatus::Approved;
  challenge.challenge.title = "C" + n;
  challenge.challenge.description = "written by the crash harness";
  challenge.sets = {"S" + n};
  c.challenges = {challenge};
  c.players = {t::CataloguePlayer{"P" + n, std::nullopt, "pw" + n, std::nullopt, std::nullopt,
                                  std::nullopt}};
  return t::Import{std::move(c), false};
}

TrialResult run_trial(const Options& options, std::mt19937& random) {
  TempDir dir;
  const std::string socket = dir.file("h.sock");
  const std::string db = dir.file("h.db");
  TrialResult result;
  std::vector<char> acked(static_cast<std::size_t>(options.writes), 0);
  std::atomic<int> next{0};
  std::atomic<int> acknowledged{0};
  // Acknowledged uploads: the id and the bytes sent.
  static const std::vector<std::string> samples = [] {
    std::vector<std::string> made;
    for (int k = 0; k < 4; ++k) made.push_back(t::testing::banded_jpeg(320 + 16 * k, 240));
    return made;
  }();
  std::mutex uploads_mutex;
  std::vector<std::pair<t::PictureId, const std::string*>> uploads;
  t::PlayerId uploader = 0;
  // Kill after a random number of acknowledged writes: every moment of the
  // run is equally likely to be hit, from the first write to the last.
  const int kill_after = std::uniform_int_distribution<int>(1, options.writes)(random);
  {
    DaemonProcess daemon(socket, db);
    if (!daemon.wait_ready()) throw std::runtime_error("daemon did not start:\n" + daemon.log());
    std::vector<std::thread> writers;
    // The uploader: profile pictures of one player, until the kill.
    {
      auto client = t::Client::connect(socket);
      const t::Result added = client
                                  .send(t::AddPlayer{"Uploader", "uploader-pw", std::nullopt,
                                                     std::nullopt, std::nullopt})
                                  .get();
      uploader = std::get<t::Created>(added).id;
    }
    writers.emplace_back([&] {
      try {
        auto client = t::Client::connect(socket);
        for (std::size_t k = 0;; ++k) {
          const std::string& jpeg = samples[k % samples.size()];
          const t::Result answer = client.send(t::UploadPlayerPicture{uploader, jpeg}).get();
          const auto* ids = std::get_if<t::PictureIds>(&answer);
          if (!ids || ids->ids.size() != 1) {
            std::fprintf(stderr, "upload %zu refused\n", k);
            std::abort();
          }
          const std::lock_guard lock(uploads_mutex);
          uploads.emplace_back(ids->ids[0], &jpeg);
        }
      } catch (const std::exception&) {
        // The daemon died under the uploader: expected.
      }
    });
    for (int w = 0; w < options.writers; ++w) {
      writers.emplace_back([&] {
        try {
          auto client = t::Client::connect(socket);
          for (int i = next++; i < options.writes; i = next++) {
            const t::Result answer = client.send(write_number(i)).get();
            const auto* imported = std::get_if<t::Imported>(&answer);
            if (!imported || imported->imported != 3 || !imported->rejected.empty()) {
              std::fprintf(stderr, "write %d refused\n", i);
              std::abort();  // the harness's own writes are always valid
            }
            acked[static_cast<std::size_t>(i)] = 1;
            ++acknowledged;
          }
        } catch (const std::exception&) {
          // The daemon died under this writer: expected.
        }
      });
    }
    while (acknowledged < kill_after && next < options.writes + options.writers) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    daemon.send_signal(SIGKILL);
    daemon.wait_exit(std::chrono::seconds(10));
    for (auto& writer : writers) writer.join();
  }
  result.sent = std::min(next.load(), options.writes);
  result.acknowledged = acknowledged;
  result.integrity_ok = t::check_database(db).problems.empty();

  const auto start = Clock::now();
  DaemonProcess restarted(socket, db);
  if (!restarted.wait_ready()) throw std::runtime_error("restart failed:\n" + restarted.log());
  result.restart_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

  auto client = t::Client::connect(socket);
  // Each answer is held in a variable: a range-for over a member of a
  // temporary answer would iterate a destroyed object.
  std::set<std::string> sets, challenges, players;
  const t::Result set_answer = client.send(t::GetChallengeSets{}).get();
  for (const auto& s : std::get<t::ChallengeSets>(set_answer).sets) sets.insert(s.name);
  const t::Result challenge_answer = client.send(t::GetChallenges{}).get();
  for (const auto& c : std::get<t::Challenges>(challenge_answer).challenges) {
    challenges.insert(c.title.value_or(""));
  }
  const t::Result state_answer = client.send(t::GetState{}).get();
  std::optional<t::PictureId> shown;
  for (const auto& p : std::get<t::GlobalState>(state_answer).players) {
    players.insert(p.name);
    if (p.id == uploader) shown = p.picture;
  }
  result.pictures_acknowledged = static_cast<int>(uploads.size());
  for (const auto& [id, jpeg] : uploads) {
    const t::Result read = client.send(t::GetPictures{{id}}).get();
    const auto* found = std::get_if<t::Pictures>(&read);
    if (!found || found->pictures.size() != 1 || found->pictures[0].jpeg != *jpeg) {
      ++result.pictures_lost;
    }
  }
  // The reference is committed before the answer too.
  if (!uploads.empty() && (!shown || *shown < uploads.back().first)) ++result.pictures_lost;
  for (int i = 0; i < result.sent; ++i) {
    const std::string n = std::to_string(i);
    const int present =
        static_cast<int>(sets.count("S" + n) + challenges.count("C" + n) + players.count("P" + n));
    if (present != 0 && present != 3) ++result.half_applied;
    if (acked[static_cast<std::size_t>(i)] && present != 3) ++result.lost;
  }
  return result;
}

bool parse(int argc, char** argv, Options& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (value <= 0) return false;
    if (key == "--trials")
      options.trials = value;
    else if (key == "--writes")
      options.writes = value;
    else if (key == "--writers")
      options.writers = value;
    else if (key == "--seed")
      options.seed = static_cast<unsigned>(value);
    else
      return false;
  }
  return argc % 2 == 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: crash_harness [--trials N] [--writes N] [--writers N] [--seed N]\n");
    return 2;
  }
  std::mt19937 random(options.seed);
  int lost = 0, half = 0, corrupt = 0, slow_restarts = 0, pictures = 0, pictures_lost = 0;
  long acknowledged = 0;
  double worst_restart = 0, total_restart = 0;
  for (int trial = 0; trial < options.trials; ++trial) {
    const TrialResult r = run_trial(options, random);
    std::printf(
        "trial %3d: sent %5d, acknowledged %5d, lost %d, half-applied %d, pictures "
        "acknowledged %d, lost %d, integrity %s, restart %.1f ms\n",
        trial + 1, r.sent, r.acknowledged, r.lost, r.half_applied, r.pictures_acknowledged,
        r.pictures_lost, r.integrity_ok ? "ok" : "FAILED", r.restart_ms);
    std::fflush(stdout);
    lost += r.lost;
    pictures += r.pictures_acknowledged;
    pictures_lost += r.pictures_lost;
    half += r.half_applied;
    corrupt += r.integrity_ok ? 0 : 1;
    slow_restarts += r.restart_ms < 1000 ? 0 : 1;
    acknowledged += r.acknowledged;
    worst_restart = std::max(worst_restart, r.restart_ms);
    total_restart += r.restart_ms;
  }
  std::printf(
      "summary: %d trials x %d writes, %d writers: %ld acknowledged writes, %d lost, "
      "%d half-applied, %d acknowledged pictures, %d lost, %d integrity failures, "
      "restarts < 1 s: %d/%d (mean %.1f ms, worst %.1f ms)\n",
      options.trials, options.writes, options.writers, acknowledged, lost, half, pictures,
      pictures_lost, corrupt, options.trials - slow_restarts, options.trials,
      total_restart / options.trials, worst_restart);
  return lost == 0 && half == 0 && pictures_lost == 0 && corrupt == 0 && slow_restarts == 0 ? 0 : 1;
}
