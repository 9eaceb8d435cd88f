// Writes the rows of changed entities, inside the caller's transaction.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "store/store.hpp"

namespace truinlag::store {

class Store::Writer {
 public:
  explicit Writer(SQLite::Database& db);

  // Writes every changed entity's rows from `state`.
  void write(const ChangeSet& changes, const engine::State& state);

  // What the file holds, from a state just loaded from it: the rows of
  // every team (diffed against at the next write) and its track counts.
  void loaded(const engine::State& state);

 private:
  void write_session(SessionId id, const engine::State& state);
  void write_player(PlayerId id, const engine::State& state);
  void write_player_counts(PlayerId id, const engine::State& state);
  void write_challenge_set(ChallengeSetId id, const engine::State& state);
  void write_challenge(ChallengeId id, const engine::State& state);
  void write_zone(ZoneId id, const engine::State& state);
  void write_team(TeamId id, const engine::State& state);
  void write_team_row(TeamId id, const Team& t);
  void write_members(TeamId id, const std::vector<PlayerId>& disk, const Team& t);
  void write_completed(TeamId id, const std::set<ChallengeId>& disk,
                       const std::set<ChallengeId>& now);
  void write_open_challenges(TeamId id, const std::vector<OpenChallenge>& disk,
                             const std::vector<OpenChallenge>& now);
  void write_periods(TeamId id, const std::vector<Period>& disk, const std::vector<Period>& now);
  void write_team_location(TeamId id, const engine::State& state);
  void reset_track(TeamId id);
  void write_track(TeamId id, const engine::State& state);
  void write_past_game(PastGameId id, const engine::State& state);
  void write_token(TokenId id, const engine::State& state);
  void write_timer(const engine::TimerKey& key, const engine::State& state);
  void write_next_ids(const engine::NextIds& next);
  // Moves unique names of rows about to be rewritten out of the way, so
  // that two rows swapping names in one batch never collide mid-transaction.
  // Only rows whose unique values are about to change (or go) are moved:
  // the others cannot take part in a swap.
  void release_unique_names(const ChangeSet& changes, const engine::State& state);
  // The unique values of a row on disk, or of the entity in `state` (absent:
  // no such row / entity).
  using UniqueValues = std::vector<std::optional<std::string>>;
  std::optional<UniqueValues> unique_on_disk(engine::EntityKind kind, std::int64_t id);
  static std::optional<UniqueValues> unique_in(engine::EntityKind kind, std::int64_t id,
                                               const engine::State& state);
  // False only for an entity created since the last commit (not on disk,
  // so there is nothing to release or delete first).
  bool maybe_on_disk(engine::EntityKind kind, std::int64_t id) const;

  // What the file holds of a team (its row, members, completed and open
  // challenges, periods; not its track): known for every team loaded or
  // written since, so a write changes only the rows that differ. A team
  // missing here that may be on disk is rewritten whole.
  struct TeamOnDisk {
    Team team;
    std::set<ChallengeId> completed;
  };

  SQLite::Database& db_;
  std::map<TeamId, TeamOnDisk> teams_on_disk_;
  // How many track points of each team are on disk.
  std::map<TeamId, std::size_t> tracked_;
  // The next ids the file holds (loaded, then set by every commit): an
  // entity with an id at or past its kind's counter is not on disk yet.
  std::optional<engine::NextIds> written_ids_;
  std::map<engine::EntityKind, std::unique_ptr<SQLite::Statement>> unique_selects_;
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
