// Writes the rows of changed entities, inside the caller's transaction.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>

#include "store/store.hpp"

namespace truinlag::store {

class Store::Writer {
 public:
  explicit Writer(SQLite::Database& db);

  // Writes every changed entity's rows from `state`.
  void write(const ChangeSet& changes, const engine::State& state);

  // How many track points of each team are on disk (set by the loader).
  std::map<TeamId, std::size_t>& tracked() { return tracked_; }
  // The next ids the file holds (set by the loader, then by every commit):
  // an entity with an id at or past its kind's counter is not on disk yet.
  void set_written_ids(const engine::NextIds& next) { written_ids_ = next; }

 private:
  void write_session(SessionId id, const engine::State& state);
  void write_player(PlayerId id, const engine::State& state);
  void write_player_counts(PlayerId id, const engine::State& state);
  void write_challenge_set(ChallengeSetId id, const engine::State& state);
  void write_challenge(ChallengeId id, const engine::State& state);
  void write_zone(ZoneId id, const engine::State& state);
  void write_team(TeamId id, const engine::State& state);
  void write_team_location(TeamId id, const engine::State& state);
  void write_track(TeamId id, const engine::State& state);
  void write_past_game(PastGameId id, const engine::State& state);
  void write_timer(const engine::TimerKey& key, const engine::State& state);
  void write_next_ids(const engine::NextIds& next);
  // Moves unique names of rows about to be rewritten out of the way, so
  // that two rows swapping names in one batch never collide mid-transaction.
  void release_unique_names(const ChangeSet& changes);
  // False only for an entity created since the last commit (not on disk,
  // so there is nothing to release or delete first).
  bool maybe_on_disk(engine::EntityKind kind, std::int64_t id) const;

  SQLite::Database& db_;
  std::map<TeamId, std::size_t> tracked_;
  std::optional<engine::NextIds> written_ids_;
  SQLite::Statement upsert_player_;
  SQLite::Statement update_player_counts_;
  SQLite::Statement update_location_;
  SQLite::Statement insert_track_point_;
  // Prepared once: an import writes tens of thousands of challenges, and
  // parsing these statements anew per row was most of its commit.
  SQLite::Statement release_challenge_name_;
  SQLite::Statement delete_challenge_sets_;
  SQLite::Statement delete_challenge_zones_;
  SQLite::Statement delete_challenge_texts_;
  SQLite::Statement upsert_challenge_;
  SQLite::Statement insert_challenge_set_;
  SQLite::Statement insert_challenge_zone_;
  SQLite::Statement insert_challenge_text_;
};

}  // namespace truinlag::store
