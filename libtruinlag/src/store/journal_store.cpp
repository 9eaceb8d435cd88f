// The journal's rows (store/journal.hpp): read at start-up, written by
// every commit beside the state's own rows.
#include <SQLiteCpp/Statement.h>

#include <random>

#include "protocol/value_codec.hpp"
#include "store/bind.hpp"
#include "store/journal_writer.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace truinlag::store {
namespace {

// Epochs are below 2^53, so JavaScript clients hold them exactly.
std::uint64_t new_epoch() {
  std::random_device device;
  std::uint64_t epoch = 0;
  while (epoch == 0) {
    epoch = ((std::uint64_t{device()} << 32) | device()) & ((std::uint64_t{1} << 53) - 1);
  }
  return epoch;
}

}  // namespace

Journal Store::load_journal(JournalWindow window) {
  try {
    std::uint64_t epoch = 0;
    {
      SQLite::Statement read(*db_, "SELECT epoch FROM journal_epoch WHERE id = 1");
      if (read.executeStep()) epoch = static_cast<std::uint64_t>(read.getColumn(0).getInt64());
    }
    if (epoch == 0) {
      epoch = new_epoch();
      SQLite::Statement write(*db_, "INSERT INTO journal_epoch (id, epoch) VALUES (1, ?)");
      write.bind(1, static_cast<std::int64_t>(epoch));
      write.exec();
    }
    std::vector<LoggedBroadcast> log;
    std::uint64_t last_seq = 0;
    SQLite::Statement entries(
        *db_, "SELECT seq, at, session_id, audience, event, format FROM broadcast_log ORDER BY seq");
    while (entries.executeStep()) {
      LoggedBroadcast entry;
      entry.seq = static_cast<std::uint64_t>(entries.getColumn(0).getInt64());
      entry.at = entries.getColumn(1).getInt64();
      entry.session = optional_column<SessionId>(entries.getColumn(2));
      const std::uint32_t format = value_format(entries.getColumn(5));
      if (!entries.getColumn(3).isNull()) {
        entry.audience = protocol::decode_value<std::vector<TeamId>>(blob(entries.getColumn(3)), format);
      }
      entry.event = protocol::decode_value<BroadcastEvent>(blob(entries.getColumn(4)), format);
      last_seq = entry.seq;
      log.push_back(std::move(entry));
    }
    std::vector<StoredAnswer> answers;
    SQLite::Statement stored(*db_,
                             "SELECT principal, key, at, result, format FROM answers ORDER BY at");
    while (stored.executeStep()) {
      answers.push_back(StoredAnswer{
          stored.getColumn(0).getString(), stored.getColumn(1).getString(),
          stored.getColumn(2).getInt64(),
          protocol::decode_value<Result>(blob(stored.getColumn(3)), value_format(stored.getColumn(4)))});
    }
    Journal journal;
    journal.restore(epoch, window, std::move(log), last_seq, std::move(answers));
    return journal;
  } catch (const std::exception& e) {
    throw StoreError("cannot read the broadcast log of " + path_ + ": " + e.what());
  }
}

void Store::write_journal(const Journal& journal) {
  if (!journal_writer_) journal_writer_ = std::make_unique<JournalWriter>(*db_);
  JournalWriter& w = *journal_writer_;
  for (const LoggedBroadcast* entry : journal.pending_entries()) {
    w.insert_entry.reset();
    w.insert_entry.clearBindings();
    bind_all(w.insert_entry, entry->seq, entry->at, entry->session);
    if (entry->audience) {
      bind_blob(w.insert_entry, 4, protocol::encode_value(*entry->audience));
    } else {
      w.insert_entry.bind(4);
    }
    bind_blob(w.insert_entry, 5, protocol::encode_value(entry->event));
    w.insert_entry.bind(6, static_cast<std::int64_t>(kValueFormat));
    w.insert_entry.exec();
  }
  if (journal.trim_pending()) run(w.trim, journal.trimmed_through());
  for (const StoredAnswer& answer : journal.pending_answers()) {
    w.insert_answer.reset();
    w.insert_answer.clearBindings();
    bind_all(w.insert_answer, answer.principal, answer.key, answer.at);
    bind_blob(w.insert_answer, 4, protocol::encode_value(answer.result));
    w.insert_answer.bind(5, static_cast<std::int64_t>(kValueFormat));
    w.insert_answer.exec();
  }
  if (journal.expiry_pending()) run(w.expire, journal.answers_expired_before());
}

}  // namespace truinlag::store
