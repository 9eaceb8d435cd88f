// Global data and session set-up commands: success paths, every error of
// their check lists, uniqueness, and "a refused command changes nothing".
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"

using namespace truinlag;
using namespace engine_fixture;

TEST_CASE("sessions: add, uniqueness, remove") {
  EngineFixture f;
  const SessionId og = f.create(AddSession{"OG TrainLag", Mode::Traditional});
  CHECK(f.refused(AddSession{"  og trainlag ", Mode::Traditional}) ==
        Error{AlreadyExists{"session 'og trainlag'"}});
  CHECK(std::holds_alternative<BadData>(f.refused(AddSession{"   ", Mode::Traditional})));
  const SessionId family = f.create(AddSession{"Family", Mode::Traditional});
  CHECK(family != og);
  const PlayerId ana = f.create(AddPlayer{"Ana", "pp", std::nullopt, std::nullopt, family});
  f.ok(RemoveSession{family});
  CHECK_FALSE(f.player(ana).session.has_value());
  CHECK(f.refused(RemoveSession{family}) == Error{NotFound{"session " + std::to_string(family)}});
  auto state = std::get<GlobalState>(f.ok(GetState{}));
  REQUIRE(state.sessions.size() == 1);
  CHECK(state.sessions[0].name == "OG TrainLag");
}

TEST_CASE("players: uniqueness of names, nicknames and passphrases") {
  EngineFixture f;
  const PlayerId ana = f.create(AddPlayer{"Ana", "secret one", "Nana", 7, std::nullopt});
  CHECK(f.refused(AddPlayer{" ana ", "other", std::nullopt, std::nullopt, std::nullopt}) ==
        Error{AlreadyExists{"player name 'ana'"}});
  CHECK(f.refused(AddPlayer{"Bo", "other", "NANA", std::nullopt, std::nullopt}) ==
        Error{AlreadyExists{"player nickname 'NANA'"}});
  CHECK(f.refused(AddPlayer{"Bo", "SECRET ONE", std::nullopt, std::nullopt, std::nullopt}) ==
        Error{AlreadyExists{"player passphrase"}});
  CHECK(f.refused(AddPlayer{"Bo", "x", std::nullopt, std::nullopt, 99}) ==
        Error{NotFound{"session 99"}});
  CHECK(std::holds_alternative<BadData>(
      f.refused(AddPlayer{"", "x", std::nullopt, std::nullopt, std::nullopt})));
  CHECK(std::holds_alternative<BadData>(
      f.refused(AddPlayer{"Bo", " ", std::nullopt, std::nullopt, std::nullopt})));
  const PlayerId bo =
      f.create(AddPlayer{"Bo", "secret two", std::nullopt, std::nullopt, std::nullopt});

  CHECK(f.refused(RenamePlayer{bo, "ANA"}) == Error{AlreadyExists{"player name 'ANA'"}});
  f.ok(RenamePlayer{bo, "Bodo"});
  CHECK(f.player(bo).name == "Bodo");
  f.ok(RenamePlayer{ana, "ana"});  // a player may change the case of their own name
  CHECK(f.player(ana).name == "ana");
  CHECK(f.refused(SetPlayerNickname{bo, "nana"}) == Error{AlreadyExists{"player nickname 'nana'"}});
  f.ok(SetPlayerNickname{bo, "Bobo"});
  CHECK(f.refused(SetPlayerPassphrase{bo, "Secret One"}) ==
        Error{AlreadyExists{"player passphrase"}});
  f.ok(SetPlayerPassphrase{bo, "new secret"});
  f.ok(SetPlayerPhone{bo, "+41 79 000 00 00"});
  CHECK(f.player(bo).phone == std::optional<std::string>("+41 79 000 00 00"));
  CHECK(f.refused(RenamePlayer{99, "X"}) == Error{NotFound{"player 99"}});

  auto found = std::get<PlayerResult>(f.ok(GetPlayerByPassphrase{"NEW SECRET"}));
  CHECK(found.player.id == bo);
  CHECK(std::holds_alternative<NotFound>(f.refused(GetPlayerByPassphrase{"nope"})));
}

TEST_CASE("players: session moves leave teams and broadcast; unchanged moves are silent") {
  EngineFixture f;
  const SessionId a = f.create(AddSession{"A", Mode::Traditional});
  const SessionId b = f.create(AddSession{"B", Mode::Traditional});
  const PlayerId ana = f.create(AddPlayer{"Ana", "pp", std::nullopt, std::nullopt, a});
  const TeamId team = f.create(AddTeam{a, "Blau", std::nullopt, std::nullopt});
  f.ok(AssignPlayerToTeam{a, ana, team});
  CHECK(f.team(team).team.players == std::vector<PlayerId>{ana});

  auto unchanged = f.run(SetPlayerSession{ana, a});
  CHECK(std::holds_alternative<Success>(unchanged.result));
  CHECK_FALSE(unchanged.broadcast.has_value());
  CHECK(unchanged.changed.empty());

  auto moved = f.run(SetPlayerSession{ana, b});
  REQUIRE(moved.broadcast.has_value());
  CHECK_FALSE(moved.broadcast->session.has_value());  // global
  CHECK(moved.broadcast->event == BroadcastEvent{PlayerChangedSession{ana, a, b}});
  CHECK(f.team(team).team.players.empty());
  CHECK(f.player(ana).session == std::optional<SessionId>(b));
  CHECK(f.refused(SetPlayerSession{ana, 77}) == Error{NotFound{"session 77"}});
  CHECK(f.refused(SetPlayerSession{55, b}) == Error{NotFound{"player 55"}});
}

TEST_CASE("players: removal leaves teams and broadcasts PlayerDeleted") {
  EngineFixture f;
  const SessionId a = f.create(AddSession{"A", Mode::Traditional});
  const PlayerId ana = f.create(AddPlayer{"Ana", "pp", std::nullopt, std::nullopt, a});
  const TeamId team = f.create(AddTeam{a, "Blau", std::nullopt, std::nullopt});
  f.ok(AssignPlayerToTeam{a, ana, team});
  auto removed = f.run(RemovePlayer{ana});
  REQUIRE(removed.broadcast.has_value());
  CHECK(removed.broadcast->event == BroadcastEvent{PlayerDeleted{ana}});
  CHECK(f.team(team).team.players.empty());
  CHECK(f.engine.state().players.count(ana) == 0);
  CHECK(f.refused(RemovePlayer{ana}) == Error{NotFound{"player " + std::to_string(ana)}});
}

TEST_CASE("challenge sets, zones and travel minutes") {
  EngineFixture f;
  const ChallengeSetId set = f.create(AddChallengeSet{"Standard"});
  CHECK(f.refused(AddChallengeSet{"STANDARD"}) == Error{AlreadyExists{"challenge set 'STANDARD'"}});
  CHECK(std::get<ChallengeSets>(f.ok(GetChallengeSets{})).sets ==
        std::vector<ChallengeSet>{{set, "Standard"}});

  const ZoneId z110 = f.create(AddZone{110, 6, 16, true, false, true});
  CHECK(f.refused(AddZone{110, 1, 1, false, false, false}) == Error{AlreadyExists{"zone 110"}});
  CHECK(std::holds_alternative<BadData>(f.refused(AddZone{0, 1, 1, false, false, false})));
  const ZoneId z154 = f.create(AddZone{154, 2, 4, false, true, false});
  f.ok(AddMinutesTo{z110, z154, 40});
  f.ok(AddMinutesTo{z110, z154, 42});  // replaces
  CHECK(f.refused(AddMinutesTo{z110, 999, 1}) == Error{NotFound{"zone id 999"}});
  CHECK(f.refused(AddMinutesTo{999, z110, 1}) == Error{NotFound{"zone id 999"}});
  CHECK(std::holds_alternative<BadData>(f.refused(AddMinutesTo{z110, z154, -1})));
  auto zones = std::get<Zones>(f.ok(GetZones{})).zones;
  REQUIRE(zones.size() == 2);
  CHECK(zones[0].minutes_to == std::vector<ZoneMinutes>{{z154, 42}});
  CHECK(zones[1].mongus);
}

TEST_CASE("challenges: each validity rule, in order, and uniqueness of names") {
  EngineFixture f;
  const ChallengeSetId set = f.create(AddChallengeSet{"S"});
  const ZoneId zone = f.create(AddZone{154, 2, 4, false, true, false});
  Challenge kaff;
  kaff.kind = ChallengeKind::Kaff;
  kaff.status = ChallengeStatus::Approved;
  kaff.sets = {set};
  kaff.place = "Buch am Irchel";
  kaff.kaffskala = 6;
  kaff.grade = 4;
  kaff.zones = {zone};
  const ChallengeId id = f.create(AddChallenge{kaff});

  auto rule = [&](Challenge c) {
    Error e = f.refused(AddChallenge{c});
    REQUIRE(std::holds_alternative<BadData>(e));
    return std::get<BadData>(e).text;
  };
  Challenge c = kaff;
  c.place = "Other";
  c.sets.clear();
  CHECK_THAT(rule(c), Catch::Contains("at least one set"));
  c = kaff;
  c.place.reset();
  CHECK_THAT(rule(c), Catch::Contains("need a place"));
  c = kaff;
  c.place = "Other";
  c.grade.reset();
  CHECK_THAT(rule(c), Catch::Contains("grade"));
  c.grade = 7;
  CHECK_THAT(rule(c), Catch::Contains("grade"));
  c = kaff;
  c.place = "Other";
  c.kind = ChallengeKind::ZKaff;
  CHECK_THAT(rule(c), Catch::Contains("station distance"));
  c.station_distance = 300;
  CHECK_THAT(rule(c), Catch::Contains("minutes to HB"));
  c = kaff;
  c.kind = ChallengeKind::Unspezifisch;
  c.title = "T";
  CHECK_THAT(rule(c), Catch::Contains("title and a description"));
  c = kaff;
  c.place = "Other";
  c.random_place = RandomPlaceType::Zone;
  CHECK_THAT(rule(c), Catch::Contains("random place"));
  c = kaff;
  c.place = "Other";
  c.sets = {set, 99};
  CHECK_THAT(rule(c), Catch::Contains("set 99"));
  c = kaff;
  c.place = "Other";
  c.zones = {zone, 98};
  CHECK_THAT(rule(c), Catch::Contains("zone 98"));

  // Its name is its place: a second "buch am irchel" is a duplicate.
  c = kaff;
  c.place = " buch am IRCHEL";
  CHECK(f.refused(AddChallenge{c}) == Error{AlreadyExists{"challenge 'buch am IRCHEL'"}});
  // ToSort skips the validity checks.
  Challenge draft;
  draft.status = ChallengeStatus::ToSort;
  f.create(AddChallenge{draft});
  // An id on AddChallenge is refused; SetChallenge needs one that exists.
  c = kaff;
  c.id = id;
  CHECK(std::holds_alternative<BadData>(f.refused(AddChallenge{c})));
  c.id = 999;
  CHECK(f.refused(SetChallenge{c}) == Error{NotFound{"challenge 999"}});
  c.id = id;
  c.comment = "edited";
  f.now += kMinute;
  f.ok(SetChallenge{c});
  CHECK(f.engine.state().challenges.at(id).comment == "edited");
  CHECK(f.engine.state().challenges.at(id).last_edit == f.now);
  CHECK(std::get<Challenges>(f.ok(GetChallenges{})).challenges.size() == 2);
  f.ok(DeleteAllChallenges{});
  CHECK(std::get<Challenges>(f.ok(GetChallenges{})).challenges.empty());
}

TEST_CASE("config: defaults, overrides, and every range check naming its key") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  Config config = std::get<ConfigResult>(f.ok(GetConfig{s})).config;
  CHECK(config == Config{});
  CHECK(config.start_time == TimeOfDay{9, 0});
  CHECK(config.team_colours.front() == Colour{93, 156, 236});

  ConfigPatch patch;
  patch.num_catchers = 1;
  patch.end_time = TimeOfDay{18, 30};
  f.ok(SetConfig{s, patch});
  config = std::get<ConfigResult>(f.ok(GetConfig{s})).config;
  CHECK(config.num_catchers == 1);
  CHECK(config.end_time == TimeOfDay{18, 30});
  CHECK(config.bounty_percentage == 0.3);

  auto bad_key = [&](ConfigPatch p) {
    Error e = f.refused(SetConfig{s, p});
    REQUIRE(std::holds_alternative<BadData>(e));
    return std::get<BadData>(e).text;
  };
  ConfigPatch p;
  p.num_catchers = -1;
  CHECK_THAT(bad_key(p), Catch::StartsWith("num_catchers"));
  p = {};
  p.num_challenges = 0;
  CHECK_THAT(bad_key(p), Catch::StartsWith("num_challenges"));
  p = {};
  p.perim_distance_range = Range{61, 20};
  CHECK_THAT(bad_key(p), Catch::StartsWith("perim_distance_range"));
  p = {};
  p.zkaff_ratio_range = Range{1, 1};
  CHECK_THAT(bad_key(p), Catch::StartsWith("zkaff_ratio_range"));
  p = {};
  p.regio_ratio = 1.5;
  CHECK_THAT(bad_key(p), Catch::StartsWith("regio_ratio"));
  p = {};
  p.bounty_percentage = -0.1;
  CHECK_THAT(bad_key(p), Catch::StartsWith("bounty_percentage"));
  p = {};
  p.start_time = TimeOfDay{19, 0};  // after the overridden end 18:30
  CHECK_THAT(bad_key(p), Catch::StartsWith("start_time"));
  p = {};
  p.end_time = TimeOfDay{8, 0};
  CHECK_THAT(bad_key(p), Catch::StartsWith("end_time"));
  p = {};
  p.time_zone = std::string("Mars/Olympus_Mons");
  CHECK_THAT(bad_key(p), Catch::StartsWith("time_zone"));
  p = {};
  p.time_zone = std::string("America/New_York");
  f.ok(SetConfig{s, p});
  // A no-op change changes nothing.
  auto again = f.run(SetConfig{s, p});
  CHECK(again.changed.empty());
}

TEST_CASE("teams: similar names refused, palette colours, rename, remove, assign") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  const SessionId other = f.create(AddSession{"Other", Mode::Traditional});
  const TeamId blau = f.create(AddTeam{s, "Team Blau", std::nullopt, std::nullopt});
  CHECK(f.refused(AddTeam{s, "team blau", std::nullopt, std::nullopt}) ==
        Error{TeamExists{"Team Blau"}});
  CHECK(f.refused(AddTeam{s, "Team Blauu", std::nullopt, std::nullopt}) ==
        Error{TeamExists{"Team Blau"}});
  // The same name in another session is fine.
  f.create(AddTeam{other, "Team Blau", std::nullopt, std::nullopt});
  const TeamId rot = f.create(AddTeam{s, "Rot", std::nullopt, std::nullopt});
  const TeamId gold = f.create(AddTeam{s, "Gold", std::nullopt, Colour{1, 2, 3}});
  CHECK(f.team(blau).team.colour == Colour{93, 156, 236});
  CHECK(f.team(rot).team.colour == Colour{79, 193, 233});
  CHECK(f.team(gold).team.colour == Colour{1, 2, 3});

  CHECK(f.refused(RenameTeam{s, rot, "TEAM BLAU"}) == Error{TeamExists{"Team Blau"}});
  f.ok(RenameTeam{s, rot, "Team Rot"});
  f.ok(RenameTeam{s, blau, "team blau"});  // its own name in another case
  CHECK(f.refused(RenameTeam{s, 999, "X"}) == Error{NotFound{"team 999"}});

  const PlayerId ana = f.create(AddPlayer{"Ana", "pp", std::nullopt, std::nullopt, s});
  const PlayerId bo = f.create(AddPlayer{"Bo", "pq", std::nullopt, std::nullopt, other});
  CHECK(std::holds_alternative<BadData>(f.refused(AssignPlayerToTeam{s, bo, blau})));
  CHECK(f.refused(AssignPlayerToTeam{s, ana, 999}) == Error{NotFound{"team 999"}});
  CHECK(f.refused(AssignPlayerToTeam{s, 999, blau}) == Error{NotFound{"player 999"}});
  auto assigned = f.run(AssignPlayerToTeam{s, ana, blau});
  REQUIRE(assigned.broadcast.has_value());
  CHECK(assigned.broadcast->session == std::optional<SessionId>(s));
  CHECK(assigned.broadcast->event == BroadcastEvent{PlayerChangedTeam{s, ana, std::nullopt, blau}});
  f.ok(AssignPlayerToTeam{s, ana, rot});
  CHECK(f.team(blau).team.players.empty());
  CHECK(f.team(rot).team.players == std::vector<PlayerId>{ana});
  f.ok(AssignPlayerToTeam{s, ana, std::nullopt});
  CHECK(f.team(rot).team.players.empty());

  f.ok(RemoveTeam{s, gold});
  CHECK(f.engine.state().teams.count(gold) == 0);
  CHECK(f.refused(RemoveTeam{s, gold}) == Error{NotFound{"team " + std::to_string(gold)}});
  // A team of another session is not found through this one.
  CHECK(std::holds_alternative<NotFound>(f.refused(RemoveTeam{other, blau})));
}

TEST_CASE("the palette runs out into black") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  const char* names[] = {"Alpha",   "Bravo", "Charlie", "Delta", "Echo",
                         "Foxtrot", "Golf",  "Hotel",   "India", "Juliett"};
  TeamId last = 0;
  for (const char* name : names) last = f.create(AddTeam{s, name, std::nullopt, std::nullopt});
  CHECK(f.team(last).team.colour == Colour{0, 0, 0});
}

TEST_CASE("roles outside a game: catcher and runner broadcasts, silent when unchanged") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  const TeamId t = f.create(AddTeam{s, "Blau", std::nullopt, std::nullopt});
  auto unchanged = f.run(MakeTeamRunner{s, t});
  CHECK_FALSE(unchanged.broadcast.has_value());
  auto made = f.run(MakeTeamCatcher{s, t});
  REQUIRE(made.broadcast.has_value());
  CHECK(std::holds_alternative<TeamMadeCatcher>(made.broadcast->event));
  CHECK(f.team(t).team.role == Role::Catcher);
  auto back = f.run(MakeTeamRunner{s, t});
  REQUIRE(back.broadcast.has_value());
  CHECK(std::holds_alternative<TeamMadeRunner>(back.broadcast->event));
  CHECK(f.refused(MakeTeamCatcher{s, 999}) == Error{NotFound{"team 999"}});
  CHECK(std::holds_alternative<GameNotRunning>(f.refused(GenerateTeamChallenges{s, t})));
  f.ok(AddChallengeToTeam{s, t, "Sing", "Sing a song", 50});
  REQUIRE(f.team(t).team.challenges.size() == 1);
  CHECK(f.team(t).team.challenges[0].points == 50);
}

TEST_CASE("Discord wiring (section 10): a session's three ids and a player's id, set and cleared") {
  EngineFixture f;
  const SessionId s = f.create(AddSession{"OG", Mode::Traditional});
  const PlayerId ann = f.create(AddPlayer{"Ann", "pp", std::nullopt, std::nullopt, s});

  f.ok(SetSessionDiscord{s, 1, 2, 3});
  const Session& session = f.engine.state().sessions.at(s).session;
  CHECK(session.discord_server == std::optional<std::uint64_t>(1));
  CHECK(session.discord_game_channel == std::optional<std::uint64_t>(2));
  CHECK(session.discord_admin_channel == std::optional<std::uint64_t>(3));
  CHECK(f.run(SetSessionDiscord{s, 1, 2, 3}).changed.empty());  // unchanged: no row
  // An id not given is cleared; the others are set as given.
  CHECK(f.run(SetSessionDiscord{s, std::nullopt, 18446744073709551615ULL, std::nullopt})
            .changed.size() == 1);
  CHECK(session.discord_server == std::nullopt);
  CHECK(session.discord_game_channel == std::optional<std::uint64_t>(18446744073709551615ULL));
  CHECK(session.discord_admin_channel == std::nullopt);
  CHECK(f.refused(SetSessionDiscord{s + 50, 1, 2, 3}) ==
        Error{NotFound{"session " + std::to_string(s + 50)}});

  f.ok(SetPlayerDiscord{ann, 284751982375469056ULL});
  CHECK(f.engine.state().players.at(ann).discord_id ==
        std::optional<std::uint64_t>(284751982375469056ULL));
  CHECK(f.run(SetPlayerDiscord{ann, 284751982375469056ULL}).changed.empty());
  f.ok(SetPlayerDiscord{ann, std::nullopt});
  CHECK(f.engine.state().players.at(ann).discord_id == std::nullopt);
  CHECK(f.refused(SetPlayerDiscord{999, 1}) == Error{NotFound{"player 999"}});
}
