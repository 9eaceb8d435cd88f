// The journal: what a client needs to survive a dropped connection or a
// restart of the daemon, kept beside the game state and written in the
// same SQLite commit as the changes that caused it.
//
// * The broadcast log: every broadcast with its seq, for Resume. Seqs are
//   dense (1, 2, 3, ...) within an epoch, a random number the database got
//   when its log began; a client holding seqs of another epoch must read
//   the state afresh. Only a window is kept (JournalWindow).
// * The stored answers of requests that carried an idempotency key: a
//   retry with the same key by the same principal gets the same answer
//   without running again, for 24 hours.
//
// This class is the in-memory side (what Resume and retries read, without
// touching the disk); Store::commit writes what changed since the last
// commit (pending_*), Store::load_journal reads it back at start-up.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "truinlag/messages.hpp"

namespace truinlag::store {

// Who may receive a broadcast besides admins, decided when it was made
// (so a replay shows exactly what the live stream showed, whatever
// happened since): nullopt, whoever it reaches; else only players of these
// teams (a team's location in its grace period: that team; TrapSet: the
// catcher teams of that moment).
using Audience = std::optional<std::vector<TeamId>>;

struct LoggedBroadcast {
  std::uint64_t seq = 0;
  Timestamp at = 0;
  std::optional<SessionId> session;  // absent: global
  Audience audience;
  BroadcastEvent event;
};

struct StoredAnswer {
  std::string principal;  // "admin", "player:7", "token:3", ...
  std::string key;
  Timestamp at = 0;
  Result result;
};

// How much of the log is kept: an entry goes once more than `max_entries`
// newer ones exist or once it is older than `max_age_ms`, whichever comes
// first (both bound the replay a client can ask for, and the file). The
// newest entry always stays: its seq is where the next epoch's numbering
// continues after a restart.
struct JournalWindow {
  std::size_t max_entries = 10'000;
  std::int64_t max_age_ms = 2 * 60 * 60 * 1000;
};

// Answers are kept this long.
inline constexpr std::int64_t kAnswerLifetimeMs = 24 * 60 * 60 * 1000;

class Journal {
 public:
  Journal() = default;
  Journal(std::uint64_t epoch, JournalWindow window) : epoch_(epoch), window_(window) {}

  std::uint64_t epoch() const { return epoch_; }
  const JournalWindow& window() const { return window_; }

  // ---- The broadcast log ----
  // Takes the next seq. The entry is pending until the next commit: not
  // replayed before it is durable.
  const LoggedBroadcast& append(Timestamp at, std::optional<SessionId> session, Audience audience,
                                BroadcastEvent event);
  std::uint64_t last_seq() const { return next_seq_ - 1; }
  std::uint64_t committed_seq() const { return committed_seq_; }
  // The oldest entry held (0: none).
  std::uint64_t first_seq() const { return log_.empty() ? 0 : log_.front().seq; }
  // Whether every committed broadcast after `after_seq` of `epoch` is held.
  bool covers(std::uint64_t epoch, std::uint64_t after_seq) const;
  // Calls visit(entry) for every committed entry after `after_seq`
  // (covers() first), in order.
  template <class Visit>
  void replay(std::uint64_t after_seq, Visit&& visit) const {
    auto it = log_.begin();
    if (!log_.empty() && after_seq >= log_.front().seq) {
      it += static_cast<std::ptrdiff_t>(after_seq - log_.front().seq + 1);
    }
    for (; it != log_.end() && it->seq <= committed_seq_; ++it) visit(*it);
  }

  // ---- Stored answers ----
  // The answer stored for this principal and key, if younger than 24 h.
  const StoredAnswer* answer(const std::string& principal, const std::string& key,
                             Timestamp now) const;
  // Stores an answer (pending until the next commit, like the log).
  void remember(StoredAnswer answer);

  // ---- For Store::commit ----
  // Drops what fell out of the window and the expired answers; then what
  // the next commit writes is below.
  void prepare_commit(Timestamp now);
  std::vector<const LoggedBroadcast*> pending_entries() const;
  const std::vector<StoredAnswer>& pending_answers() const { return pending_answers_; }
  // The log rows with seq at or below this are deleted, when trim_pending().
  std::uint64_t trimmed_through() const { return trimmed_through_; }
  bool trim_pending() const { return trim_pending_; }
  // The answers stored before this are deleted, when expiry_pending().
  Timestamp answers_expired_before() const { return answers_expired_before_; }
  bool expiry_pending() const { return expiry_pending_; }
  bool has_pending() const;
  void mark_committed();

  // ---- For Store::load_journal ----
  void restore(std::uint64_t epoch, JournalWindow window, std::vector<LoggedBroadcast> log,
               std::uint64_t last_seq, std::vector<StoredAnswer> answers);

 private:
  std::uint64_t epoch_ = 0;
  JournalWindow window_;
  std::deque<LoggedBroadcast> log_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t committed_seq_ = 0;
  std::uint64_t trimmed_through_ = 0;
  std::map<std::pair<std::string, std::string>, StoredAnswer> answers_;
  std::deque<std::pair<Timestamp, std::pair<std::string, std::string>>> answers_by_age_;
  std::vector<StoredAnswer> pending_answers_;
  Timestamp answers_expired_before_ = 0;
  bool trim_pending_ = false;
  bool expiry_pending_ = false;
};

}  // namespace truinlag::store
