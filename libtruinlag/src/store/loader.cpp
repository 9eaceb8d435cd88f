// Store::load: the whole engine state from the tables.
#include "protocol/value_codec.hpp"
#include "store/bind.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"
#include "store/writer.hpp"

namespace truinlag::store {
namespace {

// Sets the ConfigPatch field called `key` from its encoded value; false if
// no field has that name (a key written by a newer build).
bool set_config_key(ConfigPatch& patch, const std::string& key,
                    std::span<const std::uint8_t> value) {
  bool found = false;
  for_each_field(patch, [&](std::string_view name, auto& field) {
    if (name != key) return;
    using Value = typename std::decay_t<decltype(field)>::value_type;
    field = protocol::decode_value<Value>(value);
    found = true;
  });
  return found;
}

Location location_from(SQLite::Statement& s, int first) {
  return Location{s.getColumn(first).getDouble(),     s.getColumn(first + 1).getDouble(),
                  s.getColumn(first + 2).getDouble(), s.getColumn(first + 3).getDouble(),
                  s.getColumn(first + 4).getDouble(), s.getColumn(first + 5).getInt64()};
}

}  // namespace

engine::State Store::load() {
  engine::State state;
  try {
    SQLite::Statement ids(*db_, "SELECT kind, value FROM next_ids");
    while (ids.executeStep()) {
      const std::string kind = ids.getColumn(0).getString();
      const std::int64_t value = ids.getColumn(1).getInt64();
      auto& n = state.next;
      if (kind == "session")
        n.session = value;
      else if (kind == "player")
        n.player = value;
      else if (kind == "challenge_set")
        n.challenge_set = value;
      else if (kind == "challenge")
        n.challenge = value;
      else if (kind == "zone")
        n.zone = value;
      else if (kind == "team")
        n.team = value;
      else if (kind == "past_game")
        n.past_game = value;
      else if (kind == "picture")
        n.picture = value;
      else if (kind == "token")
        n.token = value;
    }

    SQLite::Statement sessions(*db_,
                               "SELECT id, name, mode, discord_server, "
                               "discord_game_channel, discord_admin_channel FROM sessions");
    while (sessions.executeStep()) {
      engine::SessionData data;
      Session& s = data.session;
      s.id = sessions.getColumn(0).getInt64();
      s.name = sessions.getColumn(1).getString();
      s.mode = static_cast<Mode>(sessions.getColumn(2).getInt());
      s.discord_server = optional_column<std::uint64_t>(sessions.getColumn(3));
      s.discord_game_channel = optional_column<std::uint64_t>(sessions.getColumn(4));
      s.discord_admin_channel = optional_column<std::uint64_t>(sessions.getColumn(5));
      state.sessions.emplace(s.id, std::move(data));
    }
    SQLite::Statement config(*db_, "SELECT session_id, key, value FROM session_config");
    while (config.executeStep()) {
      auto& patch = state.sessions.at(config.getColumn(0).getInt64()).session.config;
      const std::string key = config.getColumn(1).getString();
      if (!set_config_key(patch, key, blob(config.getColumn(2)))) {
        throw StoreError("unknown config key '" + key + "' in " + path_);
      }
    }
    SQLite::Statement games(*db_,
                            "SELECT session_id, name, start, mode, end_alarm, snapshot, "
                            "format FROM games");
    while (games.executeStep()) {
      auto& data = state.sessions.at(games.getColumn(0).getInt64());
      data.session.game =
          GameInfo{games.getColumn(1).getString(), games.getColumn(2).getInt64(),
                   static_cast<Mode>(games.getColumn(3).getInt()), games.getColumn(4).getInt64()};
      data.snapshot = protocol::decode_value<engine::Snapshot>(blob(games.getColumn(5)),
                                                               value_format(games.getColumn(6)));
    }
    SQLite::Statement corrections(*db_,
                                  "SELECT session_id, team_id, points_delta, bounty_delta, "
                                  "reason, time FROM corrections ORDER BY session_id, position");
    while (corrections.executeStep()) {
      state.sessions.at(corrections.getColumn(0).getInt64())
          .corrections.push_back(
              Correction{corrections.getColumn(1).getInt64(), corrections.getColumn(2).getInt64(),
                         corrections.getColumn(3).getInt64(), corrections.getColumn(4).getString(),
                         corrections.getColumn(5).getInt64()});
    }

    SQLite::Statement players(*db_,
                              "SELECT id, name, nickname, passphrase, discord_id, phone, "
                              "session_id, picture_id, locations_sent, locations_accepted "
                              "FROM players");
    while (players.executeStep()) {
      Player p;
      p.id = players.getColumn(0).getInt64();
      p.name = players.getColumn(1).getString();
      p.nickname = optional_column<std::string>(players.getColumn(2));
      p.passphrase = players.getColumn(3).getString();
      p.discord_id = optional_column<std::uint64_t>(players.getColumn(4));
      p.phone = optional_column<std::string>(players.getColumn(5));
      p.session = optional_column<SessionId>(players.getColumn(6));
      p.picture = optional_column<PictureId>(players.getColumn(7));
      p.locations_sent = static_cast<std::uint64_t>(players.getColumn(8).getInt64());
      p.locations_accepted = static_cast<std::uint64_t>(players.getColumn(9).getInt64());
      state.players.emplace(p.id, std::move(p));
    }

    SQLite::Statement sets(*db_, "SELECT id, name FROM challenge_sets");
    while (sets.executeStep()) {
      const ChallengeSetId id = sets.getColumn(0).getInt64();
      state.challenge_sets.emplace(id, ChallengeSet{id, sets.getColumn(1).getString()});
    }

    SQLite::Statement zones(*db_,
                            "SELECT id, number, num_conn_zones, num_connections, "
                            "train_through, mongus, s_bahn_zone FROM zones");
    while (zones.executeStep()) {
      Zone z;
      z.id = zones.getColumn(0).getInt64();
      z.number = zones.getColumn(1).getInt64();
      z.num_conn_zones = zones.getColumn(2).getInt64();
      z.num_connections = zones.getColumn(3).getInt64();
      z.train_through = zones.getColumn(4).getInt() != 0;
      z.mongus = zones.getColumn(5).getInt() != 0;
      z.s_bahn_zone = zones.getColumn(6).getInt() != 0;
      state.zones.emplace(z.id, std::move(z));
    }
    SQLite::Statement minutes(*db_,
                              "SELECT from_zone, to_zone, minutes FROM zone_minutes "
                              "ORDER BY from_zone, position");
    while (minutes.executeStep()) {
      state.zones.at(minutes.getColumn(0).getInt64())
          .minutes_to.push_back({minutes.getColumn(1).getInt64(), minutes.getColumn(2).getInt64()});
    }

    load_challenges(state);
    load_teams(state);

    SQLite::Statement timers(*db_, "SELECT kind, session_id, team_id, deadline FROM timers");
    while (timers.executeStep()) {
      const engine::TimerKey key{static_cast<engine::TimerKind>(timers.getColumn(0).getInt()),
                                 timers.getColumn(1).getInt64(), timers.getColumn(2).getInt64()};
      state.timers[key] = timers.getColumn(3).getInt64();
    }
    SQLite::Statement tokens(*db_, "SELECT id, name, role, created, secret_hash FROM tokens");
    while (tokens.executeStep()) {
      engine::TokenData token;
      token.id = tokens.getColumn(0).getInt64();
      token.info = TokenInfo{tokens.getColumn(1).getString(),
                             static_cast<TokenRole>(tokens.getColumn(2).getInt()),
                             tokens.getColumn(3).getInt64()};
      token.secret_hash = tokens.getColumn(4).getString();
      state.tokens.emplace(token.id, std::move(token));
    }
    SQLite::Statement past(*db_, "SELECT id, game, format FROM past_games");
    while (past.executeStep()) {
      state.past_games.emplace(past.getColumn(0).getInt64(),
                               protocol::decode_value<PastGame>(blob(past.getColumn(1)),
                                                                value_format(past.getColumn(2))));
    }
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot load " + path_ + ": " + e.what());
  } catch (const protocol::DecodeError& e) {
    throw StoreError("corrupt value in " + path_ + ": " + e.what());
  }
  writer_->loaded(state);
  return state;
}

void Store::load_challenges(engine::State& state) {
  SQLite::Statement rows(*db_, R"sql(
    SELECT id, kind, status, title, description, random_place, place, comment, kaffskala, grade,
      bias_sat, bias_sun, walking_minutes, stationary_minutes, additional_points,
      repetitions_start, repetitions_end, points_per_rep, station_distance, minutes_to_hb,
      departures_per_hour, dead_end, no_disembark, fixed, in_perimeter_override, action,
      last_edit FROM challenges)sql");
  while (rows.executeStep()) {
    Challenge c;
    int i = 0;
    auto col = [&] { return rows.getColumn(i++); };
    c.id = col().getInt64();
    c.kind = static_cast<ChallengeKind>(col().getInt());
    c.status = static_cast<ChallengeStatus>(col().getInt());
    c.title = optional_column<std::string>(col());
    c.description = optional_column<std::string>(col());
    if (auto place_type = optional_column<std::int64_t>(col())) {
      c.random_place = static_cast<RandomPlaceType>(*place_type);
    }
    c.place = optional_column<std::string>(col());
    c.comment = col().getString();
    c.kaffskala = optional_column<std::int64_t>(col());
    c.grade = optional_column<std::int64_t>(col());
    c.bias_sat = col().getDouble();
    c.bias_sun = col().getDouble();
    c.walking_minutes = col().getInt64();
    c.stationary_minutes = col().getInt64();
    c.additional_points = col().getInt64();
    c.repetitions.start = col().getInt64();
    c.repetitions.end = col().getInt64();
    c.points_per_rep = col().getInt64();
    c.station_distance = col().getInt64();
    c.minutes_to_hb = col().getInt64();
    c.departures_per_hour = col().getDouble();
    c.dead_end = col().getInt() != 0;
    c.no_disembark = col().getInt() != 0;
    c.fixed = col().getInt() != 0;
    c.in_perimeter_override = optional_column<bool>(col());
    const SQLite::Column action = col();
    if (!action.isNull()) c.action = protocol::decode_value<ChallengeAction>(blob(action));
    c.last_edit = col().getInt64();
    state.challenges.emplace(c.id, std::move(c));
  }
  SQLite::Statement sets(*db_,
                         "SELECT challenge_id, set_id FROM challenge_in_set "
                         "ORDER BY challenge_id, position");
  while (sets.executeStep()) {
    state.challenges.at(sets.getColumn(0).getInt64()).sets.push_back(sets.getColumn(1).getInt64());
  }
  SQLite::Statement zones(*db_,
                          "SELECT challenge_id, zone_id FROM challenge_zones "
                          "ORDER BY challenge_id, position");
  while (zones.executeStep()) {
    state.challenges.at(zones.getColumn(0).getInt64())
        .zones.push_back(zones.getColumn(1).getInt64());
  }
  SQLite::Statement texts(*db_, "SELECT challenge_id, field, language, text FROM challenge_texts");
  while (texts.executeStep()) {
    Challenge& c = state.challenges.at(texts.getColumn(0).getInt64());
    auto& target =
        texts.getColumn(1).getString() == "title" ? c.translated_titles : c.translated_descriptions;
    target.emplace(texts.getColumn(2).getString(), texts.getColumn(3).getString());
  }
}

void Store::load_teams(engine::State& state) {
  SQLite::Statement rows(*db_, R"sql(
    SELECT id, session_id, name, picture_id, discord_channel, role, colour_r, colour_g, colour_b,
      points, bounty, zone_id, grace_period_end, latitude, longitude, accuracy, heading, speed,
      located_at FROM teams)sql");
  while (rows.executeStep()) {
    engine::TeamData data;
    Team& t = data.team;
    t.id = rows.getColumn(0).getInt64();
    t.session = rows.getColumn(1).getInt64();
    t.name = rows.getColumn(2).getString();
    t.picture = optional_column<PictureId>(rows.getColumn(3));
    t.discord_channel = optional_column<std::uint64_t>(rows.getColumn(4));
    t.role = static_cast<Role>(rows.getColumn(5).getInt());
    t.colour = Colour{static_cast<std::uint8_t>(rows.getColumn(6).getInt()),
                      static_cast<std::uint8_t>(rows.getColumn(7).getInt()),
                      static_cast<std::uint8_t>(rows.getColumn(8).getInt())};
    t.points = rows.getColumn(9).getInt64();
    t.bounty = rows.getColumn(10).getInt64();
    t.zone = optional_column<ZoneId>(rows.getColumn(11));
    t.grace_period_end = optional_column<Timestamp>(rows.getColumn(12));
    if (!rows.getColumn(18).isNull()) t.location = location_from(rows, 13);
    state.teams.emplace(t.id, std::move(data));
  }
  SQLite::Statement players(*db_,
                            "SELECT team_id, player_id FROM team_players "
                            "ORDER BY team_id, position");
  while (players.executeStep()) {
    state.teams.at(players.getColumn(0).getInt64())
        .team.players.push_back(players.getColumn(1).getInt64());
  }
  SQLite::Statement completed(*db_, "SELECT team_id, challenge_id FROM team_completed");
  while (completed.executeStep()) {
    state.teams.at(completed.getColumn(0).getInt64())
        .completed.insert(completed.getColumn(1).getInt64());
  }
  SQLite::Statement open(*db_,
                         "SELECT team_id, challenge_id, title, description, zone_id, "
                         "points, locked_until FROM open_challenges "
                         "ORDER BY team_id, position");
  while (open.executeStep()) {
    OpenChallenge o;
    o.challenge = optional_column<ChallengeId>(open.getColumn(1));
    o.title = open.getColumn(2).getString();
    o.description = open.getColumn(3).getString();
    o.zone = optional_column<ZoneId>(open.getColumn(4));
    o.points = open.getColumn(5).getInt64();
    o.locked_until = optional_column<Timestamp>(open.getColumn(6));
    state.teams.at(open.getColumn(0).getInt64()).team.challenges.push_back(std::move(o));
  }
  SQLite::Statement texts(*db_,
                          "SELECT team_id, position, field, language, text "
                          "FROM open_challenge_texts");
  while (texts.executeStep()) {
    auto& challenges = state.teams.at(texts.getColumn(0).getInt64()).team.challenges;
    const auto position = static_cast<std::size_t>(texts.getColumn(1).getInt64());
    if (position >= challenges.size()) {
      throw StoreError("open_challenge_texts names a missing open challenge in " + path_);
    }
    OpenChallenge& o = challenges[position];
    auto& map =
        texts.getColumn(2).getString() == "title" ? o.translated_titles : o.translated_descriptions;
    map[texts.getColumn(3).getString()] = texts.getColumn(4).getString();
  }
  SQLite::Statement periods(*db_,
                            "SELECT team_id, kind, title, description, zone_id, points, "
                            "challenge_id, other_team, bounty, end_time, track_start, "
                            "track_end FROM periods ORDER BY team_id, position");
  while (periods.executeStep()) {
    Period p;
    switch (periods.getColumn(1).getInt()) {
      case 0:
        p.context = CompletedChallenge{
            periods.getColumn(2).getString(), periods.getColumn(3).getString(),
            optional_column<ZoneId>(periods.getColumn(4)), periods.getColumn(5).getInt64(),
            optional_column<ChallengeId>(periods.getColumn(6))};
        break;
      case 1:
        p.context = CaughtSomeone{periods.getColumn(7).getInt64(), periods.getColumn(8).getInt64()};
        break;
      default:
        p.context = WasCaught{periods.getColumn(7).getInt64(), periods.getColumn(8).getInt64()};
        break;
    }
    p.end_time = periods.getColumn(9).getInt64();
    p.track_start = static_cast<std::uint64_t>(periods.getColumn(10).getInt64());
    p.track_end = static_cast<std::uint64_t>(periods.getColumn(11).getInt64());
    state.teams.at(periods.getColumn(0).getInt64()).team.periods.push_back(std::move(p));
  }
  SQLite::Statement pictures(*db_,
                             "SELECT team_id, period_position, picture_id "
                             "FROM period_pictures ORDER BY team_id, period_position, "
                             "position");
  while (pictures.executeStep()) {
    auto& periods_of = state.teams.at(pictures.getColumn(0).getInt64()).team.periods;
    periods_of.at(static_cast<std::size_t>(pictures.getColumn(1).getInt64()))
        .pictures.push_back(pictures.getColumn(2).getInt64());
  }
  SQLite::Statement track(*db_,
                          "SELECT team_id, latitude, longitude, accuracy, heading, speed, "
                          "timestamp FROM track_points ORDER BY team_id, position");
  while (track.executeStep()) {
    state.teams.at(track.getColumn(0).getInt64()).track.push_back(location_from(track, 1));
  }
}

}  // namespace truinlag::store
