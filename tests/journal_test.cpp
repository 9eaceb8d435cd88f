// The journal (store/journal.hpp): the broadcast log's window and what a
// resume may replay, the stored answers of keyed requests, and both across
// a reopened database.
#include <catch2/catch.hpp>

#include "store/journal.hpp"
#include "store/store.hpp"
#include "support/daemon_process.hpp"

using namespace truinlag;
using truinlag::testing::TempDir;

namespace {

std::vector<std::uint64_t> replayed(const store::Journal& journal, std::uint64_t after) {
  std::vector<std::uint64_t> seqs;
  journal.replay(after, [&](const store::LoggedBroadcast& b) { seqs.push_back(b.seq); });
  return seqs;
}

void commit(store::Journal& journal, Timestamp now) {
  journal.prepare_commit(now);
  journal.mark_committed();
}

}  // namespace

TEST_CASE("the log: dense seqs, only committed entries replayed, the window by count") {
  store::Journal journal(42, store::JournalWindow{3, 1'000'000});
  for (int i = 0; i < 5; ++i) journal.append(1000 + i, SessionId{1}, std::nullopt, Pinged{});
  CHECK(journal.last_seq() == 5);
  CHECK(journal.committed_seq() == 0);
  CHECK(replayed(journal, 0).empty());  // nothing is durable yet
  CHECK(journal.covers(42, 0));          // and nothing was missed
  commit(journal, 2000);
  // Trimmed at the next commit: entries leave the window only once durable.
  CHECK(journal.first_seq() == 1);
  journal.prepare_commit(2001);
  CHECK(journal.trim_pending());
  CHECK(journal.trimmed_through() == 2);
  journal.mark_committed();
  CHECK(journal.first_seq() == 3);  // the last 3
  CHECK(replayed(journal, 2) == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(replayed(journal, 4) == std::vector<std::uint64_t>{5});
  CHECK(journal.covers(42, 2));
  CHECK_FALSE(journal.covers(42, 1));  // seq 2 is gone
  CHECK_FALSE(journal.covers(41, 5));  // another epoch
  CHECK_FALSE(journal.covers(42, 6));  // ahead of the daemon
  CHECK(journal.covers(42, 5));
}

TEST_CASE("the log: the window by age keeps the newest entry") {
  store::Journal journal(7, store::JournalWindow{100, 60'000});
  journal.append(0, std::nullopt, std::nullopt, Pinged{});
  journal.append(10'000, std::nullopt, std::nullopt, Pinged{});
  commit(journal, 10'000);
  CHECK(journal.first_seq() == 1);
  commit(journal, 65'000);  // seq 1 is older than a minute
  CHECK(journal.first_seq() == 2);
  commit(journal, 10'000'000);  // both are, but the newest stays
  CHECK(journal.first_seq() == 2);
  CHECK(journal.covers(7, 1));
}

TEST_CASE("answers: found by principal and key, for 24 hours") {
  store::Journal journal(1, {});
  journal.remember({"player:3", "k1", 1000, PeriodIndex{2}});
  REQUIRE(journal.answer("player:3", "k1", 2000) != nullptr);
  CHECK(journal.answer("player:3", "k1", 2000)->result == Result{PeriodIndex{2}});
  CHECK(journal.answer("player:4", "k1", 2000) == nullptr);  // another principal
  CHECK(journal.answer("player:3", "k2", 2000) == nullptr);
  CHECK(journal.pending_answers().size() == 1);
  commit(journal, 2000);
  CHECK(journal.pending_answers().empty());
  CHECK(journal.answer("player:3", "k1", 1000 + store::kAnswerLifetimeMs) == nullptr);
  commit(journal, 1000 + store::kAnswerLifetimeMs);
  CHECK(journal.expiry_pending() == false);  // committed
}

TEST_CASE("the journal survives a reopened database: epoch, log and answers") {
  TempDir dir;
  std::uint64_t epoch = 0;
  {
    store::Store db(dir.file("j.db"), store::Sync::Normal);
    engine::State state = db.load();
    store::Journal journal = db.load_journal({});
    epoch = journal.epoch();
    CHECK(epoch > 0);
    CHECK(epoch < (std::uint64_t{1} << 53));
    journal.append(5, SessionId{1}, std::vector<TeamId>{4}, LocationSent{4, {}});
    journal.append(6, std::nullopt, std::nullopt, Pinged{"p"});
    journal.remember({"unix:1000", "key", 6, PeriodIndex{1}});
    journal.prepare_commit(7);
    db.commit({}, state, &journal);
    journal.mark_committed();
  }
  store::Store db(dir.file("j.db"), store::Sync::Normal);
  db.load();
  store::Journal journal = db.load_journal({});
  CHECK(journal.epoch() == epoch);
  CHECK(journal.committed_seq() == 2);
  std::vector<store::LoggedBroadcast> entries;
  journal.replay(0, [&](const store::LoggedBroadcast& b) { entries.push_back(b); });
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].session == SessionId{1});
  CHECK(entries[0].audience == std::vector<TeamId>{4});
  CHECK(entries[0].event == BroadcastEvent{LocationSent{4, {}}});
  CHECK_FALSE(entries[1].audience.has_value());
  CHECK(entries[1].event == BroadcastEvent{Pinged{"p"}});
  REQUIRE(journal.answer("unix:1000", "key", 10) != nullptr);
  CHECK(journal.answer("unix:1000", "key", 10)->result == Result{PeriodIndex{1}});
  // The next seq continues, not restarts.
  CHECK(journal.append(8, std::nullopt, std::nullopt, Pinged{}).seq == 3);
}
