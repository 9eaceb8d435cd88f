#include "store/writer.hpp"

#include "engine/challenge_rules.hpp"
#include "protocol/value_codec.hpp"
#include "store/bind.hpp"

namespace truinlag::store {
namespace {

using engine::EntityKind;

// One-shot statements: prepared, bound, run.
template <class... Args>
void exec(SQLite::Database& db, const char* sql, const Args&... args) {
  SQLite::Statement statement(db, sql);
  bind_all(statement, args...);
  statement.exec();
}

std::int64_t as_int(Role role) { return static_cast<std::int64_t>(role); }

}  // namespace

Store::Writer::Writer(SQLite::Database& db)
    : db_(db),
      upsert_player_(db, R"sql(
        INSERT INTO players (id, name, nickname, passphrase, discord_id, phone, session_id,
                             picture_id, locations_sent, locations_accepted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
          name = excluded.name, nickname = excluded.nickname, passphrase = excluded.passphrase,
          discord_id = excluded.discord_id, phone = excluded.phone,
          session_id = excluded.session_id, picture_id = excluded.picture_id,
          locations_sent = excluded.locations_sent,
          locations_accepted = excluded.locations_accepted)sql"),
      update_player_counts_(db, R"sql(
        UPDATE players SET locations_sent = ?, locations_accepted = ? WHERE id = ?)sql"),
      update_location_(db, R"sql(
        UPDATE teams SET latitude = ?, longitude = ?, accuracy = ?, heading = ?, speed = ?,
                         located_at = ? WHERE id = ?)sql"),
      insert_track_point_(db, R"sql(
        INSERT INTO track_points (team_id, position, latitude, longitude, accuracy, heading,
                                  speed, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql"),
      release_challenge_name_(db, "UPDATE challenges SET name = NULL WHERE id = ?"),
      delete_challenge_sets_(db, "DELETE FROM challenge_in_set WHERE challenge_id = ?"),
      delete_challenge_zones_(db, "DELETE FROM challenge_zones WHERE challenge_id = ?"),
      delete_challenge_texts_(db, "DELETE FROM challenge_texts WHERE challenge_id = ?"),
      upsert_challenge_(db, R"sql(
    INSERT INTO challenges (id, name, kind, status, title, description, random_place, place,
      comment, kaffskala, grade, bias_sat, bias_sun, walking_minutes, stationary_minutes,
      additional_points, repetitions_start, repetitions_end, points_per_rep, station_distance,
      minutes_to_hb, departures_per_hour, dead_end, no_disembark, fixed, in_perimeter_override,
      action, last_edit)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
      status = excluded.status, title = excluded.title, description = excluded.description,
      random_place = excluded.random_place, place = excluded.place, comment = excluded.comment,
      kaffskala = excluded.kaffskala, grade = excluded.grade, bias_sat = excluded.bias_sat,
      bias_sun = excluded.bias_sun, walking_minutes = excluded.walking_minutes,
      stationary_minutes = excluded.stationary_minutes,
      additional_points = excluded.additional_points,
      repetitions_start = excluded.repetitions_start,
      repetitions_end = excluded.repetitions_end, points_per_rep = excluded.points_per_rep,
      station_distance = excluded.station_distance, minutes_to_hb = excluded.minutes_to_hb,
      departures_per_hour = excluded.departures_per_hour, dead_end = excluded.dead_end,
      no_disembark = excluded.no_disembark, fixed = excluded.fixed,
      in_perimeter_override = excluded.in_perimeter_override, action = excluded.action,
      last_edit = excluded.last_edit)sql"),
      insert_challenge_set_(db, "INSERT OR IGNORE INTO challenge_in_set VALUES (?, ?, ?)"),
      insert_challenge_zone_(db, "INSERT OR IGNORE INTO challenge_zones VALUES (?, ?, ?)"),
      insert_challenge_text_(db, "INSERT INTO challenge_texts VALUES (?, ?, ?, ?)") {}

bool Store::Writer::maybe_on_disk(EntityKind kind, std::int64_t id) const {
  if (!written_ids_) return true;  // not known: assume it is
  switch (kind) {
    case EntityKind::Session:
      return id < written_ids_->session;
    case EntityKind::Player:
      return id < written_ids_->player;
    case EntityKind::ChallengeSet:
      return id < written_ids_->challenge_set;
    case EntityKind::Challenge:
      return id < written_ids_->challenge;
    case EntityKind::Team:
      return id < written_ids_->team;
    default:
      return true;
  }
}

void Store::Writer::loaded(const engine::State& state) {
  teams_on_disk_.clear();
  tracked_.clear();
  for (const auto& [id, team] : state.teams) {
    teams_on_disk_[id] = TeamOnDisk{team.team, team.completed};
    tracked_[id] = team.track.size();
  }
  written_ids_ = state.next;
}

void Store::Writer::write(const ChangeSet& changes, const engine::State& state) {
  // Entities created and linked in the same batch may be written in any
  // order; foreign keys are checked once, at COMMIT.
  db_.exec("PRAGMA defer_foreign_keys = ON");
  release_unique_names(changes, state);
  for (const auto& [kind, id] : changes.entities) {
    switch (kind) {
      case EntityKind::Session:
        write_session(id, state);
        break;
      case EntityKind::Player:
        write_player(id, state);
        break;
      case EntityKind::ChallengeSet:
        write_challenge_set(id, state);
        break;
      case EntityKind::Challenge:
        write_challenge(id, state);
        break;
      case EntityKind::Zone:
        write_zone(id, state);
        break;
      case EntityKind::Team:
        write_team(id, state);
        break;
      case EntityKind::PlayerCounts:
        write_player_counts(id, state);
        break;
      case EntityKind::TeamLocation:
        write_team_location(id, state);
        break;
      case EntityKind::Track:
      case EntityKind::TrackReset:
        break;  // after the teams, below
      case EntityKind::PastGame:
        write_past_game(id, state);
        break;
      case EntityKind::Picture:
        break;  // pictures are not stored yet
      case EntityKind::Token:
        write_token(id, state);
        break;
    }
  }
  // Every reset before any append: a track cleared and grown back in one
  // batch loses all its old rows, however long it grew.
  for (const auto& [kind, id] : changes.entities) {
    if (kind == EntityKind::TrackReset) reset_track(id);
  }
  for (const auto& [kind, id] : changes.entities) {
    if (kind == EntityKind::Track) write_track(id, state);
  }
  for (const auto& key : changes.timers) write_timer(key, state);
  write_next_ids(state.next);
}

std::optional<Store::Writer::UniqueValues> Store::Writer::unique_on_disk(EntityKind kind,
                                                                         std::int64_t id) {
  const char* sql = nullptr;
  switch (kind) {
    case EntityKind::Player:
      sql = "SELECT name, nickname, passphrase FROM players WHERE id = ?";
      break;
    case EntityKind::Team:
      sql = "SELECT CAST(session_id AS TEXT), name FROM teams WHERE id = ?";
      break;
    case EntityKind::Challenge:
      sql = "SELECT name FROM challenges WHERE id = ?";
      break;
    case EntityKind::Session:
      sql = "SELECT name FROM sessions WHERE id = ?";
      break;
    case EntityKind::ChallengeSet:
      sql = "SELECT name FROM challenge_sets WHERE id = ?";
      break;
    default:
      return std::nullopt;
  }
  // Prepared once per kind: an import checks tens of thousands of names.
  std::unique_ptr<SQLite::Statement>& select = unique_selects_[kind];
  if (!select) select = std::make_unique<SQLite::Statement>(db_, sql);
  select->reset();
  select->clearBindings();
  bind_value(*select, 1, id);
  std::optional<UniqueValues> values;
  if (select->executeStep()) {
    values.emplace();
    for (int i = 0; i < select->getColumnCount(); ++i) {
      values->push_back(optional_column<std::string>(select->getColumn(i)));
    }
  }
  // Reset at once: a statement left on its row keeps a read open, which
  // stops every WAL checkpoint (the file grew by 40 MiB an hour).
  select->reset();
  return values;
}

std::optional<Store::Writer::UniqueValues> Store::Writer::unique_in(EntityKind kind,
                                                                    std::int64_t id,
                                                                    const engine::State& state) {
  switch (kind) {
    case EntityKind::Player:
      if (auto p = state.players.find(id); p != state.players.end()) {
        return UniqueValues{p->second.name, p->second.nickname, p->second.passphrase};
      }
      break;
    case EntityKind::Team:
      if (auto t = state.teams.find(id); t != state.teams.end()) {
        return UniqueValues{std::to_string(t->second.team.session), t->second.team.name};
      }
      break;
    case EntityKind::Challenge:
      if (auto c = state.challenges.find(id); c != state.challenges.end()) {
        return UniqueValues{engine::challenge_name(c->second)};
      }
      break;
    case EntityKind::Session:
      if (auto s = state.sessions.find(id); s != state.sessions.end()) {
        return UniqueValues{s->second.session.name};
      }
      break;
    case EntityKind::ChallengeSet:
      if (auto s = state.challenge_sets.find(id); s != state.challenge_sets.end()) {
        return UniqueValues{s->second.name};
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

void Store::Writer::release_unique_names(const ChangeSet& changes, const engine::State& state) {
  // A single changed row cannot collide: every other row already holds its
  // final, engine-checked value. Two or more of a kind might swap names,
  // but only rows whose names change (or go) can take part in a swap: a
  // row keeping its names is written back with the same ones.
  std::map<EntityKind, int> count;
  for (const auto& entity : changes.entities) ++count[entity.kind];
  for (const auto& [kind, id] : changes.entities) {
    if (count[kind] < 2) continue;
    if (!maybe_on_disk(kind, id)) continue;  // a new row holds no name yet
    const std::optional<UniqueValues> on_disk = unique_on_disk(kind, id);
    if (!on_disk || on_disk == unique_in(kind, id, state)) continue;
    const std::string placeholder = "\x01released " + std::to_string(id);
    switch (kind) {
      case EntityKind::Player:
        exec(db_, "UPDATE players SET name = ?, nickname = NULL, passphrase = ? WHERE id = ?",
             placeholder, placeholder, id);
        break;
      case EntityKind::Team:
        exec(db_, "UPDATE teams SET name = ? WHERE id = ?", placeholder, id);
        break;
      case EntityKind::Challenge:
        run(release_challenge_name_, id);
        break;
      case EntityKind::Session:
        exec(db_, "UPDATE sessions SET name = ? WHERE id = ?", placeholder, id);
        break;
      case EntityKind::ChallengeSet:
        exec(db_, "UPDATE challenge_sets SET name = ? WHERE id = ?", placeholder, id);
        break;
      default:
        break;
    }
  }
}

void Store::Writer::write_session(SessionId id, const engine::State& state) {
  const auto found = state.sessions.find(id);
  if (found == state.sessions.end()) {
    exec(db_, "DELETE FROM sessions WHERE id = ?", id);
    return;
  }
  const Session& s = found->second.session;
  exec(db_, R"sql(
    INSERT INTO sessions (id, name, mode, discord_server, discord_game_channel,
                          discord_admin_channel) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, mode = excluded.mode,
      discord_server = excluded.discord_server,
      discord_game_channel = excluded.discord_game_channel,
      discord_admin_channel = excluded.discord_admin_channel)sql",
       id, s.name, static_cast<std::int64_t>(s.mode), s.discord_server, s.discord_game_channel,
       s.discord_admin_channel);
  exec(db_, "DELETE FROM session_config WHERE session_id = ?", id);
  SQLite::Statement insert_key(db_, "INSERT INTO session_config VALUES (?, ?, ?)");
  for_each_field(s.config, [&](std::string_view key, const auto& value) {
    if (!value) return;
    insert_key.reset();
    insert_key.clearBindings();
    bind_value(insert_key, 1, id);
    bind_value(insert_key, 2, std::string(key));
    bind_blob(insert_key, 3, protocol::encode_value(*value));
    insert_key.exec();
  });
  if (s.game) {
    SQLite::Statement game(db_, R"sql(
      INSERT INTO games (session_id, name, start, mode, end_alarm, snapshot, format)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (session_id) DO UPDATE SET name = excluded.name, start = excluded.start,
        mode = excluded.mode, end_alarm = excluded.end_alarm, snapshot = excluded.snapshot,
        format = excluded.format)sql");
    bind_all(game, id, s.game->name, s.game->start, static_cast<std::int64_t>(s.game->mode),
             s.game->end_alarm);
    bind_blob(game, 6, protocol::encode_value(*found->second.snapshot));
    bind_value(game, 7, static_cast<std::int64_t>(kValueFormat));
    game.exec();
  } else {
    exec(db_, "DELETE FROM games WHERE session_id = ?", id);
  }
  // A game has a handful of corrections: rewriting them all is simpler
  // than tracking which are on disk, and costs nothing.
  exec(db_, "DELETE FROM corrections WHERE session_id = ?", id);
  const auto& corrections = found->second.corrections;
  if (corrections.empty()) return;
  SQLite::Statement insert_correction(db_,
                                      "INSERT INTO corrections (session_id, position, team_id, "
                                      "points_delta, bounty_delta, reason, time) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < corrections.size(); ++i) {
    const Correction& k = corrections[i];
    run(insert_correction, id, static_cast<std::int64_t>(i), k.team, k.points_delta, k.bounty_delta,
        k.reason, k.time);
  }
}

void Store::Writer::write_player(PlayerId id, const engine::State& state) {
  const auto found = state.players.find(id);
  if (found == state.players.end()) {
    exec(db_, "DELETE FROM players WHERE id = ?", id);
    return;
  }
  const Player& p = found->second;
  run(upsert_player_, id, p.name, p.nickname, p.passphrase, p.discord_id, p.phone, p.session,
      p.picture, p.locations_sent, p.locations_accepted);
}

void Store::Writer::write_player_counts(PlayerId id, const engine::State& state) {
  const auto found = state.players.find(id);
  if (found == state.players.end()) return;  // deleted: the Player entry handles it
  run(update_player_counts_, found->second.locations_sent, found->second.locations_accepted, id);
}

void Store::Writer::write_challenge_set(ChallengeSetId id, const engine::State& state) {
  const auto found = state.challenge_sets.find(id);
  if (found == state.challenge_sets.end()) {
    exec(db_, "DELETE FROM challenge_sets WHERE id = ?", id);
    return;
  }
  exec(db_, R"sql(INSERT INTO challenge_sets (id, name) VALUES (?, ?)
                  ON CONFLICT (id) DO UPDATE SET name = excluded.name)sql",
       id, found->second.name);
}

void Store::Writer::write_challenge(ChallengeId id, const engine::State& state) {
  if (maybe_on_disk(EntityKind::Challenge, id)) {
    run(delete_challenge_sets_, id);
    run(delete_challenge_zones_, id);
    run(delete_challenge_texts_, id);
  }
  const auto found = state.challenges.find(id);
  if (found == state.challenges.end()) {
    exec(db_, "DELETE FROM challenges WHERE id = ?", id);
    return;
  }
  const Challenge& c = found->second;
  std::optional<std::string> name = engine::challenge_name(c);
  std::optional<std::int64_t> random_place;
  if (c.random_place) random_place = static_cast<std::int64_t>(*c.random_place);
  SQLite::Statement& upsert = upsert_challenge_;
  upsert.reset();
  upsert.clearBindings();
  bind_all(upsert, id, name, static_cast<std::int64_t>(c.kind), static_cast<std::int64_t>(c.status),
           c.title, c.description, random_place, c.place, c.comment, c.kaffskala, c.grade,
           c.bias_sat, c.bias_sun, c.walking_minutes, c.stationary_minutes, c.additional_points,
           c.repetitions.start, c.repetitions.end, c.points_per_rep, c.station_distance,
           c.minutes_to_hb, c.departures_per_hour, c.dead_end, c.no_disembark, c.fixed,
           c.in_perimeter_override);
  if (c.action) {
    bind_blob(upsert, 27, protocol::encode_value(*c.action));
  } else {
    upsert.bind(27);
  }
  bind_value(upsert, 28, c.last_edit);
  upsert.exec();
  for (std::size_t i = 0; i < c.sets.size(); ++i) {
    run(insert_challenge_set_, id, c.sets[i], static_cast<std::int64_t>(i));
  }
  for (std::size_t i = 0; i < c.zones.size(); ++i) {
    run(insert_challenge_zone_, id, c.zones[i], static_cast<std::int64_t>(i));
  }
  for (const auto& [language, text] : c.translated_titles) {
    run(insert_challenge_text_, id, std::string("title"), language, text);
  }
  for (const auto& [language, text] : c.translated_descriptions) {
    run(insert_challenge_text_, id, std::string("description"), language, text);
  }
}

void Store::Writer::write_zone(ZoneId id, const engine::State& state) {
  const auto found = state.zones.find(id);
  if (found == state.zones.end()) {
    exec(db_, "DELETE FROM zones WHERE id = ?", id);
    return;
  }
  const Zone& z = found->second;
  exec(db_, R"sql(
    INSERT INTO zones (id, number, num_conn_zones, num_connections, train_through, mongus,
                       s_bahn_zone) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET number = excluded.number,
      num_conn_zones = excluded.num_conn_zones, num_connections = excluded.num_connections,
      train_through = excluded.train_through, mongus = excluded.mongus,
      s_bahn_zone = excluded.s_bahn_zone)sql",
       id, z.number, z.num_conn_zones, z.num_connections, z.train_through, z.mongus, z.s_bahn_zone);
  exec(db_, "DELETE FROM zone_minutes WHERE from_zone = ?", id);
  for (std::size_t i = 0; i < z.minutes_to.size(); ++i) {
    exec(db_, "INSERT INTO zone_minutes VALUES (?, ?, ?, ?)", id, z.minutes_to[i].to,
         static_cast<std::int64_t>(i), z.minutes_to[i].minutes);
  }
}

void Store::Writer::write_team(TeamId id, const engine::State& state) {
  const auto found = state.teams.find(id);
  if (found == state.teams.end()) {
    exec(db_, "DELETE FROM teams WHERE id = ?", id);  // cascades to its rows
    teams_on_disk_.erase(id);
    tracked_.erase(id);
    return;
  }
  const engine::TeamData& data = found->second;
  const Team& t = data.team;
  // Diffed against what the file holds, so a Catch late in a game day
  // writes its two new periods, not every period of both teams again.
  const TeamOnDisk empty;
  const TeamOnDisk* disk = &empty;
  bool row_on_disk = false;
  if (const auto known = teams_on_disk_.find(id); known != teams_on_disk_.end()) {
    disk = &known->second;
    row_on_disk = true;
  } else if (maybe_on_disk(EntityKind::Team, id)) {
    // Not known (never loaded): whatever the file holds goes.
    exec(db_, "DELETE FROM team_players WHERE team_id = ?", id);
    exec(db_, "DELETE FROM team_completed WHERE team_id = ?", id);
    exec(db_, "DELETE FROM open_challenges WHERE team_id = ?", id);  // cascades to texts
    exec(db_, "DELETE FROM periods WHERE team_id = ?", id);          // cascades to period_pictures
  }
  const Team& before = disk->team;
  const bool same_row = row_on_disk && before.session == t.session && before.name == t.name &&
                        before.picture == t.picture &&
                        before.discord_channel == t.discord_channel && before.role == t.role &&
                        before.colour == t.colour && before.points == t.points &&
                        before.bounty == t.bounty && before.zone == t.zone &&
                        before.grace_period_end == t.grace_period_end;
  if (!same_row) write_team_row(id, t);
  if (!row_on_disk || before.location != t.location) write_team_location(id, state);
  if (before.players != t.players) write_members(id, before.players, t);
  write_completed(id, disk->completed, data.completed);
  write_open_challenges(id, before.challenges, t.challenges);
  write_periods(id, before.periods, t.periods);
  teams_on_disk_[id] = TeamOnDisk{t, data.completed};
}

void Store::Writer::write_team_row(TeamId id, const Team& t) {
  exec(db_, R"sql(
    INSERT INTO teams (id, session_id, name, picture_id, discord_channel, role, colour_r,
                       colour_g, colour_b, points, bounty, zone_id, grace_period_end)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, name = excluded.name,
      picture_id = excluded.picture_id, discord_channel = excluded.discord_channel,
      role = excluded.role, colour_r = excluded.colour_r, colour_g = excluded.colour_g,
      colour_b = excluded.colour_b, points = excluded.points, bounty = excluded.bounty,
      zone_id = excluded.zone_id, grace_period_end = excluded.grace_period_end)sql",
       id, t.session, t.name, t.picture, t.discord_channel, as_int(t.role),
       static_cast<std::int64_t>(t.colour.r), static_cast<std::int64_t>(t.colour.g),
       static_cast<std::int64_t>(t.colour.b), t.points, t.bounty, t.zone, t.grace_period_end);
}

void Store::Writer::write_members(TeamId id, const std::vector<PlayerId>& disk, const Team& t) {
  // Joins and leaves are rare and renumber the positions: all of them anew.
  if (!disk.empty()) exec(db_, "DELETE FROM team_players WHERE team_id = ?", id);
  for (std::size_t i = 0; i < t.players.size(); ++i) {
    exec(db_, "INSERT INTO team_players VALUES (?, ?, ?)", id, t.players[i],
         static_cast<std::int64_t>(i));
  }
}

void Store::Writer::write_completed(TeamId id, const std::set<ChallengeId>& disk,
                                    const std::set<ChallengeId>& now) {
  if (disk == now) return;
  if (now.empty()) {
    exec(db_, "DELETE FROM team_completed WHERE team_id = ?", id);  // a new game
    return;
  }
  for (ChallengeId challenge : disk) {
    if (!now.count(challenge)) {
      exec(db_, "DELETE FROM team_completed WHERE team_id = ? AND challenge_id = ?", id, challenge);
    }
  }
  for (ChallengeId challenge : now) {
    if (!disk.count(challenge))
      exec(db_, "INSERT INTO team_completed VALUES (?, ?)", id, challenge);
  }
}

void Store::Writer::write_open_challenges(TeamId id, const std::vector<OpenChallenge>& disk,
                                          const std::vector<OpenChallenge>& now) {
  // Position by position: one that differs from the file's is replaced,
  // positions past the new end go.
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (i < disk.size() && disk[i] == now[i]) continue;
    const auto position = static_cast<std::int64_t>(i);
    if (i < disk.size()) {
      exec(db_, "DELETE FROM open_challenges WHERE team_id = ? AND position = ?", id, position);
    }
    const OpenChallenge& o = now[i];
    exec(db_, "INSERT INTO open_challenges VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, position,
         o.challenge, o.title, o.description, o.zone, o.points, o.locked_until);
    for (const auto& [language, text] : o.translated_titles) {
      exec(db_, "INSERT INTO open_challenge_texts VALUES (?, ?, 'title', ?, ?)", id, position,
           language, text);
    }
    for (const auto& [language, text] : o.translated_descriptions) {
      exec(db_, "INSERT INTO open_challenge_texts VALUES (?, ?, 'description', ?, ?)", id, position,
           language, text);
    }
  }
  if (disk.size() > now.size()) {
    exec(db_, "DELETE FROM open_challenges WHERE team_id = ? AND position >= ?", id,
         static_cast<std::int64_t>(now.size()));  // cascades to their texts
  }
}

void Store::Writer::write_periods(TeamId id, const std::vector<Period>& disk,
                                  const std::vector<Period>& now) {
  // Periods are appended (a catch, a completion) and cleared by Start;
  // like open challenges, compared position by position with the file's,
  // so a period that was edited (its pictures) is replaced too, and a
  // Start followed by new periods in the same batch replaces the old game's.
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (i < disk.size() && disk[i] == now[i]) continue;
    const auto position = static_cast<std::int64_t>(i);
    if (i < disk.size()) {
      // cascades to period_pictures
      exec(db_, "DELETE FROM periods WHERE team_id = ? AND position = ?", id, position);
    }
    const Period& p = now[i];
    std::int64_t kind = 0;
    std::optional<std::string> title, description;
    std::optional<ZoneId> zone;
    std::optional<std::int64_t> points, other_team, bounty;
    std::optional<ChallengeId> challenge;
    if (const auto* done = std::get_if<CompletedChallenge>(&p.context)) {
      title = done->title;
      description = done->description;
      zone = done->zone;
      points = done->points;
      challenge = done->challenge;
    } else if (const auto* caught = std::get_if<CaughtSomeone>(&p.context)) {
      kind = 1;
      other_team = caught->caught;
      bounty = caught->bounty;
    } else if (const auto* was = std::get_if<WasCaught>(&p.context)) {
      kind = 2;
      other_team = was->catcher;
      bounty = was->bounty;
    }
    exec(db_, "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, position,
         kind, title, description, zone, points, challenge, other_team, bounty, p.end_time,
         p.track_start, p.track_end);
    for (std::size_t k = 0; k < p.pictures.size(); ++k) {
      exec(db_, "INSERT INTO period_pictures VALUES (?, ?, ?, ?)", id, position,
           static_cast<std::int64_t>(k), p.pictures[k]);
    }
  }
  if (disk.size() > now.size()) {
    exec(db_, "DELETE FROM periods WHERE team_id = ? AND position >= ?", id,
         static_cast<std::int64_t>(now.size()));  // cascades to period_pictures
  }
}

void Store::Writer::write_team_location(TeamId id, const engine::State& state) {
  const auto found = state.teams.find(id);
  if (found == state.teams.end()) return;  // deleted: the Team entry handles it
  const auto& location = found->second.team.location;
  if (location) {
    run(update_location_, location->latitude, location->longitude, location->accuracy,
        location->heading, location->speed, location->timestamp, id);
  } else {
    run(update_location_, std::optional<double>{}, std::optional<double>{}, std::optional<double>{},
        std::optional<double>{}, std::optional<double>{}, std::optional<std::int64_t>{}, id);
  }
  if (auto known = teams_on_disk_.find(id); known != teams_on_disk_.end()) {
    known->second.team.location = location;
  }
}

void Store::Writer::reset_track(TeamId id) {
  exec(db_, "DELETE FROM track_points WHERE team_id = ?", id);
  tracked_[id] = 0;
}

void Store::Writer::write_track(TeamId id, const engine::State& state) {
  const auto found = state.teams.find(id);
  if (found == state.teams.end()) return;
  const auto& track = found->second.track;
  std::size_t& on_disk = tracked_[id];
  if (track.size() < on_disk) {
    // Cleared without a TrackReset: never by the engine, but cheap to be
    // safe against.
    exec(db_, "DELETE FROM track_points WHERE team_id = ?", id);
    on_disk = 0;
  }
  for (std::size_t i = on_disk; i < track.size(); ++i) {
    const Location& p = track[i];
    run(insert_track_point_, id, static_cast<std::int64_t>(i), p.latitude, p.longitude, p.accuracy,
        p.heading, p.speed, p.timestamp);
  }
  on_disk = track.size();
}

void Store::Writer::write_past_game(PastGameId id, const engine::State& state) {
  const auto found = state.past_games.find(id);
  if (found == state.past_games.end()) {
    exec(db_, "DELETE FROM past_games WHERE id = ?", id);
    return;
  }
  const PastGame& game = found->second;
  SQLite::Statement insert(db_,
                           "INSERT OR REPLACE INTO past_games (id, name, start_time, end_time, "
                           "game, format) VALUES (?, ?, ?, ?, ?, ?)");
  bind_all(insert, id, game.name, game.start, game.end);
  bind_blob(insert, 5, protocol::encode_value(game));
  bind_value(insert, 6, static_cast<std::int64_t>(kValueFormat));
  insert.exec();
  for (const PastTeam& team : game.teams) {
    for (PlayerId player : team.player_ids) {
      exec(db_, "INSERT OR IGNORE INTO past_game_players VALUES (?, ?)", id, player);
    }
  }
}

void Store::Writer::write_token(TokenId id, const engine::State& state) {
  const auto found = state.tokens.find(id);
  if (found == state.tokens.end()) {
    exec(db_, "DELETE FROM tokens WHERE id = ?", id);
    return;
  }
  const engine::TokenData& token = found->second;
  exec(
      db_,
      "INSERT OR REPLACE INTO tokens (id, name, role, created, secret_hash) VALUES (?, ?, ?, ?, ?)",
      id, token.info.name, static_cast<std::int64_t>(token.info.role), token.info.created,
      token.secret_hash);
}

void Store::Writer::write_timer(const engine::TimerKey& key, const engine::State& state) {
  const auto found = state.timers.find(key);
  if (found == state.timers.end()) {
    exec(db_, "DELETE FROM timers WHERE kind = ? AND session_id = ? AND team_id = ?",
         static_cast<std::int64_t>(key.kind), key.session, key.team);
    return;
  }
  exec(db_, R"sql(INSERT INTO timers VALUES (?, ?, ?, ?)
                  ON CONFLICT (kind, session_id, team_id) DO UPDATE SET
                  deadline = excluded.deadline)sql",
       static_cast<std::int64_t>(key.kind), key.session, key.team, found->second);
}

void Store::Writer::write_next_ids(const engine::NextIds& next) {
  if (written_ids_ == next) return;
  const std::pair<const char*, std::int64_t> ids[] = {{"session", next.session},
                                                      {"player", next.player},
                                                      {"challenge_set", next.challenge_set},
                                                      {"challenge", next.challenge},
                                                      {"zone", next.zone},
                                                      {"team", next.team},
                                                      {"past_game", next.past_game},
                                                      {"picture", next.picture},
                                                      {"token", next.token}};
  for (const auto& [kind, value] : ids) {
    exec(db_, R"sql(INSERT INTO next_ids VALUES (?, ?)
                    ON CONFLICT (kind) DO UPDATE SET value = excluded.value)sql",
         std::string(kind), value);
  }
  written_ids_ = next;
}

}  // namespace truinlag::store
