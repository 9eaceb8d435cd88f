#include "store/journal.hpp"

namespace truinlag::store {

const LoggedBroadcast& Journal::append(Timestamp at, std::optional<SessionId> session,
                                       Audience audience, BroadcastEvent event) {
  log_.push_back(
      LoggedBroadcast{next_seq_++, at, session, std::move(audience), std::move(event)});
  return log_.back();
}

bool Journal::covers(std::uint64_t epoch, std::uint64_t after_seq) const {
  if (epoch != epoch_ || after_seq > committed_seq_) return false;
  if (after_seq == committed_seq_) return true;  // nothing missed
  // The first missed one, after_seq + 1, must still be held.
  return !log_.empty() && log_.front().seq <= after_seq + 1;
}

const StoredAnswer* Journal::answer(const std::string& principal, const std::string& key,
                                    Timestamp now) const {
  const auto it = answers_.find({principal, key});
  if (it == answers_.end() || it->second.at + kAnswerLifetimeMs <= now) return nullptr;
  return &it->second;
}

void Journal::remember(StoredAnswer answer) {
  auto id = std::make_pair(answer.principal, answer.key);
  answers_by_age_.emplace_back(answer.at, id);
  pending_answers_.push_back(answer);
  answers_.insert_or_assign(std::move(id), std::move(answer));
}

void Journal::prepare_commit(Timestamp now) {
  // Never drop what is not committed yet, nor the newest entry (whose seq
  // the numbering continues from after a restart).
  const std::uint64_t before = first_seq();
  while (log_.size() > 1 && log_.front().seq <= committed_seq_ &&
         (log_.size() > window_.max_entries || log_.front().at + window_.max_age_ms < now)) {
    trimmed_through_ = log_.front().seq;
    log_.pop_front();
  }
  trim_pending_ = trim_pending_ || first_seq() != before;
  while (!answers_by_age_.empty() && answers_by_age_.front().first + kAnswerLifetimeMs <= now) {
    const auto& [at, id] = answers_by_age_.front();
    // A key answered again later (after it expired) keeps its newer answer.
    if (auto it = answers_.find(id); it != answers_.end() && it->second.at == at) {
      answers_.erase(it);
    }
    answers_expired_before_ = at + 1;
    expiry_pending_ = true;
    answers_by_age_.pop_front();
  }
}

std::vector<const LoggedBroadcast*> Journal::pending_entries() const {
  std::vector<const LoggedBroadcast*> out;
  for (auto it = log_.rbegin(); it != log_.rend() && it->seq > committed_seq_; ++it) {
    out.push_back(&*it);
  }
  return {out.rbegin(), out.rend()};
}

bool Journal::has_pending() const {
  return last_seq() > committed_seq_ || !pending_answers_.empty() || trim_pending_ ||
         expiry_pending_;
}

void Journal::mark_committed() {
  committed_seq_ = last_seq();
  pending_answers_.clear();
  trim_pending_ = false;
  expiry_pending_ = false;
}

void Journal::restore(std::uint64_t epoch, JournalWindow window, std::vector<LoggedBroadcast> log,
                      std::uint64_t last_seq, std::vector<StoredAnswer> answers) {
  epoch_ = epoch;
  window_ = window;
  log_.assign(std::make_move_iterator(log.begin()), std::make_move_iterator(log.end()));
  next_seq_ = last_seq + 1;
  committed_seq_ = last_seq;
  trimmed_through_ = log_.empty() ? last_seq : log_.front().seq - 1;
  answers_.clear();
  answers_by_age_.clear();
  for (StoredAnswer& answer : answers) {
    auto id = std::make_pair(answer.principal, answer.key);
    answers_by_age_.emplace_back(answer.at, id);
    answers_.insert_or_assign(std::move(id), std::move(answer));
  }
  pending_answers_.clear();
}

}  // namespace truinlag::store
