// Import and Export: the catalogue (sets, zones, minutes, challenges,
// players, teams) in one request, referring by name and number instead of ids.
//
// Import runs every record through the same handler a single command
// would use, so a record is accepted exactly when the command would be.
// An all-or-nothing import that had a record refused is undone: Import only
// creates entities (all with ids from the next-id counters on) and changes
// the travel minutes of zones and the players of teams (each saved before
// its first change), so erasing the new ids, restoring those zones and
// teams and the counters puts the state back
// exactly, at the cost of what the import touched, not of the whole state.
// The outcome then lists no changes, so nothing reaches the database.
#include <algorithm>
#include <map>

#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {
namespace {

// Collects the records' outcomes into the one outcome of the import.
struct ImportRun {
  Engine& engine;
  Timestamp now;
  Imported report;
  Outcome total;

  // Runs one record's command; nullopt (and a rejection) if refused.
  std::optional<std::int64_t> apply(const std::string& part, std::size_t index,
                                    const Command& command) {
    Outcome outcome = engine.execute(command, now);
    if (auto* failure = std::get_if<Failure>(&outcome.result)) {
      reject(part, index, std::move(failure->error));
      return std::nullopt;
    }
    for (const ChangedEntity& changed : outcome.changed) total.touch(changed.kind, changed.id);
    for (auto& note : outcome.notes) total.notes.push_back(std::move(note));
    for (auto& warning : outcome.warnings) total.warnings.push_back(std::move(warning));
    if (const auto* created = std::get_if<Created>(&outcome.result)) return created->id;
    return 0;
  }

  void reject(const std::string& part, std::size_t index, Error error) {
    report.rejected.push_back({part, static_cast<std::uint64_t>(index), std::move(error)});
  }
};

// Erases the entries created since `first_new` (ids only grow).
template <class Map>
void erase_from(Map& map, std::int64_t first_new) {
  map.erase(map.lower_bound(first_new), map.end());
}

// Ids by a key (a normalised name, a zone number), built once per import
// and grown with what it creates: a lookup per record instead of a scan of
// every entity, which made a large import quadratic (issue 14). The first
// (lowest) id of a key wins, as a scan in id order would find it.
template <class Key>
class IdIndex {
 public:
  template <class Map, class KeyOf>
  IdIndex(const Map& map, KeyOf key_of) {
    for (const auto& [id, value] : map) add(key_of(value), id);
  }
  void add(Key key, std::int64_t id) { ids_.emplace(std::move(key), id); }
  std::optional<std::int64_t> find(const Key& key) const {
    const auto found = ids_.find(key);
    if (found == ids_.end()) return std::nullopt;
    return found->second;
  }

 private:
  std::map<Key, std::int64_t> ids_;
};

// Points the engine's AddChallenge at the import's name index while it lives.
class NamesInUse {
 public:
  NamesInUse(ChallengeNames*& slot, ChallengeNames& names) : slot_(slot) { slot_ = &names; }
  ~NamesInUse() { slot_ = nullptr; }
  NamesInUse(const NamesInUse&) = delete;
  NamesInUse& operator=(const NamesInUse&) = delete;

 private:
  ChallengeNames*& slot_;
};

}  // namespace

Outcome Engine::handle(const Import& c, Timestamp now) {
  const NextIds next_before = state_.next;  // for undoing a refused import
  std::map<ZoneId, Zone> zones_before;      // existing zones whose minutes changed
  std::map<TeamId, TeamData> teams_before;  // existing teams that lost a player
  ImportRun run{*this, now, {}, {}};
  const Catalogue& catalogue = c.catalogue;
  std::uint64_t applied = 0;

  IdIndex<std::u32string> set_ids(state_.challenge_sets,
                                  [](const ChallengeSet& s) { return normalise_name(s.name); });
  for (std::size_t i = 0; i < catalogue.challenge_sets.size(); ++i) {
    // An existing set of that name is the one meant: challenges of several
    // files can share "Standard".
    const std::string& name = catalogue.challenge_sets[i];
    if (set_ids.find(normalise_name(name))) continue;
    if (const auto id = run.apply("challenge_sets", i, AddChallengeSet{name})) {
      set_ids.add(normalise_name(name), *id);
      ++applied;
    }
  }
  for (std::size_t i = 0; i < catalogue.zones.size(); ++i) {
    const CatalogueZone& z = catalogue.zones[i];
    if (run.apply("zones", i,
                  AddZone{z.number, z.num_conn_zones, z.num_connections, z.train_through, z.mongus,
                          z.s_bahn_zone})) {
      ++applied;
    }
  }
  const IdIndex<std::int64_t> zone_ids(state_.zones, [](const Zone& z) { return z.number; });
  const auto zone_id = [&](std::int64_t number) { return zone_ids.find(number); };
  for (std::size_t i = 0; i < catalogue.zone_minutes.size(); ++i) {
    const CatalogueMinutes& m = catalogue.zone_minutes[i];
    const auto from = zone_id(m.from);
    const auto to = zone_id(m.to);
    if (!from || !to) {
      run.reject("zone_minutes", i, NotFound{"zone " + std::to_string(from ? m.to : m.from)});
      continue;
    }
    if (*from < next_before.zone && zones_before.count(*from) == 0) {
      zones_before.emplace(*from, state_.zones.at(*from));
    }
    if (run.apply("zone_minutes", i, AddMinutesTo{*from, *to, m.minutes})) ++applied;
  }
  ChallengeNames challenge_names(state_.challenges);
  const NamesInUse names_in_use(import_names_, challenge_names);
  for (std::size_t i = 0; i < catalogue.challenges.size(); ++i) {
    const CatalogueChallenge& record = catalogue.challenges[i];
    Challenge challenge = record.challenge;
    challenge.id = 0;
    challenge.sets.clear();
    challenge.zones.clear();
    std::optional<Error> missing;
    for (const std::string& name : record.sets) {
      const auto set = set_ids.find(normalise_name(name));
      if (!set) missing = NotFound{"challenge set '" + name + "'"};
      if (set) challenge.sets.push_back(*set);
    }
    for (std::int64_t number : record.zones) {
      const auto zone = zone_id(number);
      if (!zone && !missing) missing = NotFound{"zone " + std::to_string(number)};
      if (zone) challenge.zones.push_back(*zone);
    }
    if (missing) {
      run.reject("challenges", i, *missing);
      continue;
    }
    if (run.apply("challenges", i, AddChallenge{challenge})) ++applied;
  }
  IdIndex<std::u32string> session_ids(
      state_.sessions, [](const SessionData& s) { return normalise_name(s.session.name); });
  for (std::size_t i = 0; i < catalogue.players.size(); ++i) {
    const CataloguePlayer& p = catalogue.players[i];
    std::optional<SessionId> session;
    if (p.session) {
      session = session_ids.find(normalise_name(*p.session));
      if (!session) {
        // The file's sessions come with its players; made like AddSession would.
        const auto created = run.apply("players", i, AddSession{*p.session, Mode::Traditional});
        if (!created) continue;
        session = *created;
        session_ids.add(normalise_name(*p.session), *session);
      }
    }
    // A record without a passphrase (what Export writes: the engine keeps
    // only hashes) makes a player who cannot log in until an organiser
    // sets one (SetPlayerPassphrase). Its stored form is a marker unique to
    // the player that no hash (64 hex digits) can equal.
    const bool no_login = trim(p.passphrase).empty();
    const std::string passphrase =
        no_login ? "import without passphrase: " + trim(p.name) : p.passphrase;
    const auto player =
        run.apply("players", i, AddPlayer{p.name, passphrase, p.nickname, p.discord_id, session});
    if (!player) continue;
    if (no_login) state_.players.at(*player).passphrase = "no login:" + std::to_string(*player);
    if (p.phone && !run.apply("players", i, SetPlayerPhone{*player, p.phone})) continue;
    ++applied;
  }
  IdIndex<std::u32string> player_ids(state_.players,
                                     [](const Player& p) { return normalise_name(p.name); });
  for (std::size_t i = 0; i < catalogue.teams.size(); ++i) {
    const CatalogueTeam& t = catalogue.teams[i];
    auto session = session_ids.find(normalise_name(t.session));
    // Every player must exist and be in the session before anything is made,
    // so that a refused team leaves nothing behind, also with skip_invalid.
    std::vector<PlayerId> players;
    std::optional<Error> problem;
    for (const std::string& name : t.players) {
      const auto player = player_ids.find(normalise_name(name));
      if (!player) {
        problem = NotFound{"player '" + name + "'"};
      } else if (!session || state_.players.at(*player).session != session) {
        problem = BadData{"player " + name + " is not in session " + t.session};
      } else {
        players.push_back(*player);
        continue;
      }
      break;
    }
    if (problem) {
      run.reject("teams", i, *problem);
      continue;
    }
    if (!session) {  // (a team without players: the session may be new)
      const auto created = run.apply("teams", i, AddSession{t.session, Mode::Traditional});
      if (!created) continue;
      session = *created;
      session_ids.add(normalise_name(t.session), *session);
    }
    const auto team = run.apply("teams", i, AddTeam{*session, t.name, t.discord_channel, t.colour});
    if (!team) continue;
    bool assigned = true;
    for (PlayerId player : players) {
      // The team the player leaves, if it was there before the import.
      for (const auto& [id, other] : state_.teams) {
        const auto& members = other.team.players;
        if (id < next_before.team && other.team.session == *session &&
            std::find(members.begin(), members.end(), player) != members.end()) {
          teams_before.emplace(id, other);
        }
      }
      assigned = assigned && run.apply("teams", i, AssignPlayerToTeam{*session, player, *team});
    }
    if (assigned) ++applied;
  }

  Imported report = std::move(run.report);
  if (!report.rejected.empty() && !c.skip_invalid) {
    erase_from(state_.challenge_sets, next_before.challenge_set);
    erase_from(state_.zones, next_before.zone);
    erase_from(state_.challenges, next_before.challenge);
    erase_from(state_.sessions, next_before.session);
    erase_from(state_.players, next_before.player);
    erase_from(state_.teams, next_before.team);
    for (auto& [id, zone] : zones_before) state_.zones.at(id) = std::move(zone);
    for (auto& [id, team] : teams_before) state_.teams.at(id) = std::move(team);
    state_.next = next_before;
    const std::size_t refused = report.rejected.size();
    Outcome undone = reply(Imported{0, std::move(report.rejected)});
    undone.notes.push_back("import refused: " + std::to_string(refused) +
                           " record(s) invalid, nothing imported");
    return undone;
  }
  report.imported = applied;
  Outcome outcome = std::move(run.total);
  outcome.notes.push_back("imported " + std::to_string(applied) + " record(s), refused " +
                          std::to_string(report.rejected.size()));
  outcome.result = std::move(report);
  return outcome;
}

Outcome Engine::handle(const Export&, Timestamp) {
  Catalogue catalogue;
  for (const auto& [id, set] : state_.challenge_sets) catalogue.challenge_sets.push_back(set.name);
  for (const auto& [id, zone] : state_.zones) {
    catalogue.zones.push_back({zone.number, zone.num_conn_zones, zone.num_connections,
                               zone.train_through, zone.mongus, zone.s_bahn_zone});
  }
  for (const auto& [id, zone] : state_.zones) {
    for (const ZoneMinutes& m : zone.minutes_to) {
      catalogue.zone_minutes.push_back({zone.number, state_.zones.at(m.to).number, m.minutes});
    }
  }
  for (const auto& [id, raw] : state_.challenges) {
    CatalogueChallenge record;
    record.challenge = raw;
    record.challenge.id = 0;
    record.challenge.last_edit = 0;
    record.challenge.sets.clear();
    record.challenge.zones.clear();
    for (ChallengeSetId set : raw.sets) record.sets.push_back(state_.challenge_sets.at(set).name);
    for (ZoneId zone : raw.zones) record.zones.push_back(state_.zones.at(zone).number);
    catalogue.challenges.push_back(std::move(record));
  }
  for (const auto& [id, p] : state_.players) {
    std::optional<std::string> session;
    if (p.session) session = state_.sessions.at(*p.session).session.name;
    // No passphrase: the engine has only its keyed hash, which is no use in
    // a file (docs/storage.md, "Secrets"). Importing the file elsewhere
    // needs the passphrases filled in again.
    catalogue.players.push_back({p.name, p.nickname, "", p.discord_id, p.phone, session});
  }
  for (const auto& [id, t] : state_.teams) {
    CatalogueTeam team{state_.sessions.at(t.team.session).session.name,
                       t.team.name,
                       t.team.colour,
                       t.team.discord_channel,
                       {}};
    for (PlayerId player : t.team.players) team.players.push_back(state_.players.at(player).name);
    catalogue.teams.push_back(std::move(team));
  }
  return reply(CatalogueResult{std::move(catalogue)});
}

}  // namespace truinlag::engine
