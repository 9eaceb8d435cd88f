// Import and Export in the engine: all or nothing, --skip-invalid,
// references by name and number, and Export as Import's inverse.
#include "engine_fixture.hpp"

using namespace engine_fixture;

namespace {

CatalogueChallenge record(const std::string& title, std::vector<std::string> sets,
                          std::vector<std::int64_t> zones = {}) {
  CatalogueChallenge r;
  r.challenge.kind = ChallengeKind::Unspezifisch;
  r.challenge.status = ChallengeStatus::Approved;
  r.challenge.title = title;
  r.challenge.description = "Do " + title;
  r.sets = std::move(sets);
  r.zones = std::move(zones);
  return r;
}

Catalogue day() {
  Catalogue c;
  c.challenge_sets = {"Standard", "Neu"};  // "Standard" exists in the GameWorld
  c.zones = {CatalogueZone{130, 3, 4, false, false, false}};
  c.zone_minutes = {CatalogueMinutes{110, 130, 25}, CatalogueMinutes{130, 120, 15}};
  c.challenges = {record("Eis", {"Neu"}, {130}), record("Zwei", {"standard", "Neu"})};
  c.players = {CataloguePlayer{"Eva", std::nullopt, "pass-eva", std::nullopt, "+41", "Neui Session"}};
  return c;
}

}  // namespace

TEST_CASE("Import: records by name and number, existing sets reused, sessions made") {
  GameWorld w;
  const Result result = w.ok(Import{day(), false});
  REQUIRE(std::holds_alternative<Imported>(result));
  const Imported& imported = std::get<Imported>(result);
  // 1 new set ("Standard" reused), 1 zone, 2 minutes, 2 challenges, 1 player.
  CHECK(imported.imported == 7);
  CHECK(imported.rejected.empty());
  const engine::State& s = w.engine.state();
  CHECK(s.challenge_sets.size() == 2);
  ZoneId z130 = 0;
  for (const auto& [id, zone] : s.zones) {
    if (zone.number == 130) z130 = id;
  }
  REQUIRE(z130 != 0);
  CHECK(s.zones.at(z130).minutes_to == std::vector<ZoneMinutes>{{w.zone120, 15}});
  const Challenge& zwei = std::prev(s.challenges.end())->second;
  CHECK(zwei.title == "Zwei");
  CHECK(zwei.sets.size() == 2);
  CHECK(zwei.sets.front() == w.set);  // "standard" is the existing "Standard"
  const Player& eva = std::prev(s.players.end())->second;
  CHECK(eva.phone == std::optional<std::string>("+41"));
  REQUIRE(eva.session.has_value());
  CHECK(s.sessions.at(*eva.session).session.name == "Neui Session");
}

TEST_CASE("Import: one refused record undoes all; --skip-invalid keeps the rest") {
  Catalogue c = day();
  c.challenges.push_back(record("eis", {"Neu"}));             // a duplicate name
  c.challenges.push_back(record("Drü", {"Gibts nöd"}));       // an unknown set
  c.zone_minutes.push_back(CatalogueMinutes{110, 999, 5});   // an unknown zone
  SECTION("all or nothing") {
    GameWorld w;
    const engine::State before = w.engine.state();
    const engine::Outcome outcome = w.run(Import{c, false});
    REQUIRE(std::holds_alternative<Imported>(outcome.result));
    const Imported& imported = std::get<Imported>(outcome.result);
    CHECK(imported.imported == 0);
    REQUIRE(imported.rejected.size() == 3);
    CHECK(imported.rejected[0] == ImportRejection{"zone_minutes", 2, NotFound{"zone 999"}});
    CHECK(imported.rejected[1].part == "challenges");
    CHECK(imported.rejected[1].index == 2);
    CHECK(std::holds_alternative<AlreadyExists>(imported.rejected[1].error));
    CHECK(imported.rejected[2] ==
          ImportRejection{"challenges", 3, NotFound{"challenge set 'Gibts nöd'"}});
    CHECK(w.engine.state() == before);  // ids included: nothing was used up
    CHECK(outcome.changed.empty());
  }
  SECTION("skip invalid") {
    GameWorld w;
    const Imported imported = std::get<Imported>(w.ok(Import{c, true}));
    CHECK(imported.imported == 7);
    CHECK(imported.rejected.size() == 3);
    CHECK(w.engine.state().challenges.size() == 5 + 2);
  }
}

TEST_CASE("Export is what Import takes: into an empty engine and out again, equal") {
  GameWorld w;
  w.ok(Import{day(), false});
  const Catalogue exported = std::get<CatalogueResult>(w.ok(Export{})).catalogue;
  CHECK(exported.challenge_sets == std::vector<std::string>{"Standard", "Neu"});
  CHECK(exported.challenges.size() == 7);
  CHECK(exported.challenges.back().sets == std::vector<std::string>{"Standard", "Neu"});
  CHECK(exported.challenges.back().challenge.id == 0);
  CHECK(exported.challenges.back().challenge.last_edit == 0);
  // No passphrases in the export (issue 17: only their hashes exist).
  for (const CataloguePlayer& p : exported.players) CHECK(p.passphrase.empty());
  EngineFixture empty;
  const Imported imported = std::get<Imported>(empty.ok(Import{exported, false}));
  CHECK(imported.rejected.empty());
  CHECK(std::get<CatalogueResult>(empty.ok(Export{})).catalogue == exported);
  // Players imported without a passphrase cannot log in, until one is set;
  // they do not clash with each other.
  CHECK(empty.engine.state().players.size() == exported.players.size());
  CHECK(empty.refused(GetPlayerByPassphrase{""}) ==
        Error{NotFound{"player with this passphrase"}});
  const PlayerId eva = empty.engine.state().players.rbegin()->first;
  CHECK_FALSE(empty.engine.player_by_passphrase("pass-eva").has_value());
  empty.ok(SetPlayerPassphrase{eva, "pass-eva"});
  CHECK(empty.engine.player_by_passphrase("pass-eva") == eva);
}

TEST_CASE("Import: duplicate challenge names, existing and inside one file, refused as AddChallenge does") {
  // GameWorld holds "Challenge 0" .. "Challenge 4". Names compare without
  // case and surrounding blanks; a Kaff's name is its place. A refused
  // record's name stays free; challenges without a name never clash.
  Catalogue c;
  c.challenge_sets = {"Neu"};
  c.challenges.push_back(record("  challenge 2 ", {"Standard"}));  // 0: an existing name
  c.challenges.push_back(record("Äpfel", {"Neu"}));                // 1
  c.challenges.push_back(record("ÄPFEL", {"Neu"}));                // 2: 1 in this file
  CatalogueChallenge kaff;
  kaff.challenge.kind = ChallengeKind::ZKaff;
  kaff.challenge.status = ChallengeStatus::Approved;
  kaff.challenge.place = "Sternenberg";
  kaff.challenge.station_distance = 500;
  kaff.challenge.minutes_to_hb = 30;
  kaff.sets = {"Neu"};
  c.challenges.push_back(kaff);                                    // 3
  c.challenges.push_back(record("sternenberg", {"Neu"}));          // 4: 3's place
  c.challenges.push_back(record("Frei", {"Gibts nöd"}));           // 5: refused, unknown set
  c.challenges.push_back(record("Frei", {"Neu"}));                 // 6: so this one is free
  CatalogueChallenge unnamed;
  unnamed.challenge.status = ChallengeStatus::ToSort;  // no checks, no name
  unnamed.sets = {"Neu"};
  c.challenges.push_back(unnamed);                                 // 7
  c.challenges.push_back(unnamed);                                 // 8

  GameWorld w;
  // What the single command answers for record 0.
  Challenge single = c.challenges[0].challenge;
  single.sets = {w.set};
  const engine::Outcome alone = w.run(AddChallenge{single});
  REQUIRE(std::holds_alternative<Failure>(alone.result));
  const Error single_error = std::get<Failure>(alone.result).error;
  CHECK(single_error == Error{AlreadyExists{"challenge 'challenge 2'"}});

  SECTION("all or nothing") {
    const engine::State before = w.engine.state();
    const engine::Outcome outcome = w.run(Import{c, false});
    const Imported& imported = std::get<Imported>(outcome.result);
    CHECK(imported.imported == 0);
    REQUIRE(imported.rejected.size() == 4);
    CHECK(imported.rejected[0] == ImportRejection{"challenges", 0, single_error});
    CHECK(imported.rejected[1] == ImportRejection{"challenges", 2, AlreadyExists{"challenge 'ÄPFEL'"}});
    CHECK(imported.rejected[2] ==
          ImportRejection{"challenges", 4, AlreadyExists{"challenge 'sternenberg'"}});
    CHECK(imported.rejected[3] ==
          ImportRejection{"challenges", 5, NotFound{"challenge set 'Gibts nöd'"}});
    CHECK(w.engine.state() == before);
    CHECK(outcome.changed.empty());
  }
  SECTION("skip invalid") {
    const engine::Outcome outcome = w.run(Import{c, true});
    const Imported& imported = std::get<Imported>(outcome.result);
    CHECK(imported.rejected.size() == 4);
    CHECK(imported.imported == 1 + 5);  // the set, records 1, 3, 6, 7, 8
    CHECK(w.engine.state().challenges.size() == 5 + 5);
    // Each new entity is listed once.
    CHECK(outcome.changed.size() == 1 + 5);
    // And the names the import added are taken for the next command.
    Challenge again = c.challenges[6].challenge;
    again.sets = {w.set};
    CHECK(w.run(AddChallenge{again}).result ==
          Result{Failure{AlreadyExists{"challenge 'Frei'"}}});
  }
}
