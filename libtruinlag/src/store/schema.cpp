#include "store/schema.hpp"

namespace truinlag::store {
namespace {

// Version 1: the whole game state, normalised. Names that the rules make
// unique case-insensitively are UNIQUE COLLATE NOCASE (SQLite folds ASCII
// only; the engine's own check is stricter, so the database never refuses
// what the engine accepted). Enums and flags are CHECKed to their ranges.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE next_ids (
  kind  TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 1)
) WITHOUT ROWID;

CREATE TABLE sessions (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE COLLATE NOCASE,
  mode                  INTEGER NOT NULL CHECK (mode IN (0)),
  discord_server        INTEGER,
  discord_game_channel  INTEGER,
  discord_admin_channel INTEGER
);

-- A session's config overrides, one row per overridden key; the value is
-- the key's value in the protocol encoding.
CREATE TABLE session_config (
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  value      BLOB NOT NULL,
  PRIMARY KEY (session_id, key)
) WITHOUT ROWID;

CREATE TABLE players (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  nickname   TEXT UNIQUE COLLATE NOCASE,
  passphrase TEXT NOT NULL UNIQUE COLLATE NOCASE,
  discord_id INTEGER,
  phone      TEXT,
  session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
  picture_id INTEGER
);

CREATE TABLE challenge_sets (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE zones (
  id              INTEGER PRIMARY KEY,
  number          INTEGER NOT NULL UNIQUE CHECK (number > 0),
  num_conn_zones  INTEGER NOT NULL CHECK (num_conn_zones >= 0),
  num_connections INTEGER NOT NULL CHECK (num_connections >= 0),
  train_through   INTEGER NOT NULL CHECK (train_through IN (0, 1)),
  mongus          INTEGER NOT NULL CHECK (mongus IN (0, 1)),
  s_bahn_zone     INTEGER NOT NULL CHECK (s_bahn_zone IN (0, 1))
);

CREATE TABLE zone_minutes (
  from_zone INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  to_zone   INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  minutes   INTEGER NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (from_zone, to_zone)
) WITHOUT ROWID;

CREATE TABLE challenges (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT UNIQUE COLLATE NOCASE,  -- title, or place of a Kaff/ZKaff
  kind                  INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 5),
  status                INTEGER NOT NULL CHECK (status BETWEEN 0 AND 5),
  title                 TEXT,
  description           TEXT,
  random_place          INTEGER CHECK (random_place IN (0, 1)),
  place                 TEXT,
  comment               TEXT NOT NULL,
  kaffskala             INTEGER,
  grade                 INTEGER,
  bias_sat              REAL NOT NULL,
  bias_sun              REAL NOT NULL,
  walking_minutes       INTEGER NOT NULL,
  stationary_minutes    INTEGER NOT NULL,
  additional_points     INTEGER NOT NULL,
  repetitions_start     INTEGER NOT NULL,
  repetitions_end       INTEGER NOT NULL,
  points_per_rep        INTEGER NOT NULL,
  station_distance      INTEGER NOT NULL,
  minutes_to_hb         INTEGER NOT NULL,
  departures_per_hour   REAL NOT NULL,
  dead_end              INTEGER NOT NULL CHECK (dead_end IN (0, 1)),
  no_disembark          INTEGER NOT NULL CHECK (no_disembark IN (0, 1)),
  fixed                 INTEGER NOT NULL CHECK (fixed IN (0, 1)),
  in_perimeter_override INTEGER CHECK (in_perimeter_override IN (0, 1)),
  action                BLOB,  -- the optional action, protocol-encoded
  last_edit             INTEGER NOT NULL
);

CREATE TABLE challenge_in_set (
  challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
  set_id       INTEGER NOT NULL REFERENCES challenge_sets (id),
  position     INTEGER NOT NULL,
  PRIMARY KEY (challenge_id, set_id)
) WITHOUT ROWID;

CREATE TABLE challenge_zones (
  challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
  zone_id      INTEGER NOT NULL REFERENCES zones (id),
  position     INTEGER NOT NULL,
  PRIMARY KEY (challenge_id, zone_id)
) WITHOUT ROWID;

CREATE TABLE challenge_texts (
  challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
  field        TEXT NOT NULL CHECK (field IN ('title', 'description')),
  language     TEXT NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (challenge_id, field, language)
) WITHOUT ROWID;

CREATE TABLE teams (
  id               INTEGER PRIMARY KEY,
  session_id       INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  name             TEXT NOT NULL COLLATE NOCASE,
  picture_id       INTEGER,
  discord_channel  INTEGER,
  role             INTEGER NOT NULL CHECK (role IN (0, 1)),
  colour_r         INTEGER NOT NULL CHECK (colour_r BETWEEN 0 AND 255),
  colour_g         INTEGER NOT NULL CHECK (colour_g BETWEEN 0 AND 255),
  colour_b         INTEGER NOT NULL CHECK (colour_b BETWEEN 0 AND 255),
  points           INTEGER NOT NULL,
  bounty           INTEGER NOT NULL,
  zone_id          INTEGER,
  grace_period_end INTEGER,
  -- The current location: all six or none.
  latitude  REAL, longitude REAL, accuracy REAL, heading REAL, speed REAL, located_at INTEGER,
  CHECK ((latitude IS NULL) = (located_at IS NULL)),
  UNIQUE (session_id, name)
);

CREATE TABLE team_players (
  team_id   INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  player_id INTEGER NOT NULL REFERENCES players (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  PRIMARY KEY (team_id, player_id)
) WITHOUT ROWID;

-- Challenges a team completed in the running game (never drawn again).
CREATE TABLE team_completed (
  team_id      INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  challenge_id INTEGER NOT NULL,
  PRIMARY KEY (team_id, challenge_id)
) WITHOUT ROWID;

CREATE TABLE open_challenges (
  team_id      INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  challenge_id INTEGER,
  title        TEXT NOT NULL,
  description  TEXT NOT NULL,
  zone_id      INTEGER,
  points       INTEGER NOT NULL,
  locked_until INTEGER,
  PRIMARY KEY (team_id, position)
) WITHOUT ROWID;

-- kind 0: completed challenge (title..challenge_id), 1: this team caught
-- other_team, 2: this team was caught by other_team.
CREATE TABLE periods (
  team_id      INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  kind         INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
  title        TEXT,
  description  TEXT,
  zone_id      INTEGER,
  points       INTEGER,
  challenge_id INTEGER,
  other_team   INTEGER,
  bounty       INTEGER,
  end_time     INTEGER NOT NULL,
  track_start  INTEGER NOT NULL CHECK (track_start >= 0),
  track_end    INTEGER NOT NULL CHECK (track_end >= track_start),
  CHECK ((kind = 0) = (title IS NOT NULL)),
  CHECK ((kind = 0) = (other_team IS NULL)),
  PRIMARY KEY (team_id, position)
) WITHOUT ROWID;

CREATE TABLE period_pictures (
  team_id         INTEGER NOT NULL,
  period_position INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  picture_id      INTEGER NOT NULL,
  PRIMARY KEY (team_id, period_position, position),
  FOREIGN KEY (team_id, period_position) REFERENCES periods (team_id, position) ON DELETE CASCADE
) WITHOUT ROWID;

-- Append-only: one row per track point, never rewritten by a new location.
CREATE TABLE track_points (
  team_id   INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position >= 0),
  latitude  REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  accuracy  REAL NOT NULL,
  heading   REAL NOT NULL,
  speed     REAL NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (team_id, position)
) WITHOUT ROWID;

-- A running game; the snapshot is frozen at start and stored as one value.
CREATE TABLE games (
  session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  start      INTEGER NOT NULL,
  mode       INTEGER NOT NULL CHECK (mode IN (0)),
  end_alarm  INTEGER NOT NULL,
  snapshot   BLOB NOT NULL
);

-- kind 0: end alarm (team_id 0), 1: grace period end.
CREATE TABLE timers (
  kind       INTEGER NOT NULL CHECK (kind IN (0, 1)),
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  team_id    INTEGER NOT NULL,
  deadline   INTEGER NOT NULL,
  PRIMARY KEY (kind, session_id, team_id)
) WITHOUT ROWID;

-- Archived games are immutable: one value each, plus who played (for
-- ListPastGames(player)).
CREATE TABLE past_games (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  end_time   INTEGER NOT NULL CHECK (end_time >= start_time),
  game       BLOB NOT NULL
);

CREATE TABLE past_game_players (
  past_game_id INTEGER NOT NULL REFERENCES past_games (id) ON DELETE CASCADE,
  player_id    INTEGER NOT NULL,
  PRIMARY KEY (past_game_id, player_id)
) WITHOUT ROWID;
)sql";

// Version 2: per-player location counters (sent / accepted).
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE players ADD COLUMN locations_sent INTEGER NOT NULL DEFAULT 0
  CHECK (locations_sent >= 0);
ALTER TABLE players ADD COLUMN locations_accepted INTEGER NOT NULL DEFAULT 0
  CHECK (locations_accepted >= 0 AND locations_accepted <= locations_sent);
)sql";

// Version 3: the value format of stored blobs (fields.hpp: kValueFormat;
// rows written before have format 1), and the translated texts of open
// challenges, one row per (challenge, field, language).
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE games ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format >= 1);
ALTER TABLE past_games ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format >= 1);

CREATE TABLE open_challenge_texts (
  team_id  INTEGER NOT NULL,
  position INTEGER NOT NULL,
  field    TEXT NOT NULL CHECK (field IN ('title', 'description')),
  language TEXT NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (team_id, position, field, language),
  FOREIGN KEY (team_id, position) REFERENCES open_challenges (team_id, position)
    ON DELETE CASCADE
) WITHOUT ROWID;
)sql";

// Version 4: the organisers' corrections of a session's game (AdjustTeam,
// game-rules section 10), in the order they were made; kept, like the
// teams' periods, from the game until the next Start (Stop also archives
// them in the past game's value).
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE corrections (
  session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL CHECK (position >= 0),
  team_id      INTEGER NOT NULL,
  points_delta INTEGER NOT NULL,
  bounty_delta INTEGER NOT NULL,
  reason       TEXT NOT NULL CHECK (reason <> ''),
  time         INTEGER NOT NULL,
  PRIMARY KEY (session_id, position)
) WITHOUT ROWID;
)sql";

// Version 5: secrets only as keyed hashes (HMAC-SHA256 under the key file
// beside the database, auth/secret_key.hpp). Existing plaintext
// passphrases become their hashes through secret_hash(), a function the
// Store registers on its connection before migrating; and the gateway's
// login tokens (names, roles, creation times and hashes of their secrets).
constexpr std::string_view kVersion5 = R"sql(
UPDATE players SET passphrase = truinlag_passphrase_hash(passphrase);

CREATE TABLE tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (name <> ''),
  role        INTEGER NOT NULL CHECK (role IN (0, 1)),
  created     INTEGER NOT NULL,
  secret_hash TEXT NOT NULL
);
)sql";

// Version 6: the journal (store/journal.hpp). The broadcast log's epoch
// (one row, filled by the Store at its first start), the log's window of
// broadcasts in the protocol encoding, and the answers of requests with an
// idempotency key, per principal, for 24 hours.
constexpr std::string_view kVersion6 = R"sql(
CREATE TABLE journal_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  epoch INTEGER NOT NULL CHECK (epoch > 0)
);

CREATE TABLE broadcast_log (
  seq        INTEGER PRIMARY KEY CHECK (seq > 0),
  at         INTEGER NOT NULL,
  session_id INTEGER,
  audience   BLOB,
  event      BLOB NOT NULL,
  format     INTEGER NOT NULL CHECK (format >= 1)
);

CREATE TABLE answers (
  principal TEXT NOT NULL,
  key       TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
  at        INTEGER NOT NULL,
  result    BLOB NOT NULL,
  format    INTEGER NOT NULL CHECK (format >= 1),
  PRIMARY KEY (principal, key)
) WITHOUT ROWID;
CREATE INDEX answers_by_age ON answers (at);
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all{kVersion1, kVersion2, kVersion3,
                                                 kVersion4, kVersion5, kVersion6};
  return all;
}

}  // namespace truinlag::store
