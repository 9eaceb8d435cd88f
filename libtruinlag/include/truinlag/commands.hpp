// The closed set of commands a client can send (game-rules section 3).
//
// Each command declares its contract next to its fields: `Answer` (the
// result alternative it succeeds with) and `kContract` (truinlag/
// contract.hpp: scope, whether it changes state, the game it needs or
// refuses, who may call it). Adding a command is the checklist in
// docs/architecture.md ("Adding a command"): a struct with its contract
// here, a handler, a CLI verb, docs, tests.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "truinlag/basics.hpp"
#include "truinlag/catalogue.hpp"
#include "truinlag/challenge.hpp"
#include "truinlag/config.hpp"
#include "truinlag/contract.hpp"
#include "truinlag/results.hpp"

namespace truinlag {

// Liveness check; everyone receives a Pinged broadcast.
struct Ping {
  std::optional<std::string> payload;

  static constexpr std::string_view kName = "ping";
  using Answer = Success;
  static constexpr Contract kContract = global_read(PlayerMay::Always);
  static constexpr auto kFields = std::tuple{Field{"payload", &Ping::payload}};
  bool operator==(const Ping&) const = default;
};

// All sessions and players.
struct GetState {
  static constexpr std::string_view kName = "get_state";
  using Answer = GlobalState;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const GetState&) const = default;
};

// Stops the daemon gracefully after answering.
struct Shutdown {
  static constexpr std::string_view kName = "shutdown";
  using Answer = Success;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const Shutdown&) const = default;
};

// Chooses which session broadcasts this connection receives (absent: all).
// Handled by the server, not the engine: subscriptions belong to connections.
struct Subscribe {
  std::optional<SessionId> session;

  static constexpr std::string_view kName = "subscribe";
  using Answer = Success;
  static constexpr Contract kContract = server_command(false);
  static constexpr auto kFields = std::tuple{Field{"session", &Subscribe::session}};
  bool operator==(const Subscribe&) const = default;
};

struct AddSession {
  std::string name;
  Mode mode = Mode::Traditional;

  static constexpr std::string_view kName = "add_session";
  using Answer = Created;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields =
      std::tuple{Field{"name", &AddSession::name}, Field{"mode", &AddSession::mode}};
  bool operator==(const AddSession&) const = default;
};

struct RemoveSession {
  SessionId session = 0;

  static constexpr std::string_view kName = "remove_session";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"session", &RemoveSession::session}};
  bool operator==(const RemoveSession&) const = default;
};

struct AddPlayer {
  std::string name;
  std::string passphrase;
  std::optional<std::string> nickname;
  std::optional<std::uint64_t> discord_id;
  std::optional<SessionId> session;

  static constexpr std::string_view kName = "add_player";
  using Answer = Created;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{
      Field{"name", &AddPlayer::name}, Field{"passphrase", &AddPlayer::passphrase},
      Field{"nickname", &AddPlayer::nickname}, Field{"discord_id", &AddPlayer::discord_id},
      Field{"session", &AddPlayer::session}};
  bool operator==(const AddPlayer&) const = default;
};

struct SetPlayerSession {
  PlayerId player = 0;
  std::optional<SessionId> session;

  static constexpr std::string_view kName = "set_player_session";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"player", &SetPlayerSession::player},
                                             Field{"session", &SetPlayerSession::session}};
  bool operator==(const SetPlayerSession&) const = default;
};

struct RenamePlayer {
  PlayerId player = 0;
  std::string name;

  static constexpr std::string_view kName = "rename_player";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields =
      std::tuple{Field{"player", &RenamePlayer::player}, Field{"name", &RenamePlayer::name}};
  bool operator==(const RenamePlayer&) const = default;
};

struct SetPlayerNickname {
  PlayerId player = 0;
  std::optional<std::string> nickname;

  static constexpr std::string_view kName = "set_player_nickname";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"player", &SetPlayerNickname::player},
                                             Field{"nickname", &SetPlayerNickname::nickname}};
  bool operator==(const SetPlayerNickname&) const = default;
};

struct SetPlayerPassphrase {
  PlayerId player = 0;
  std::string passphrase;

  static constexpr std::string_view kName = "set_player_passphrase";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"player", &SetPlayerPassphrase::player},
                                             Field{"passphrase", &SetPlayerPassphrase::passphrase}};
  bool operator==(const SetPlayerPassphrase&) const = default;
};

struct SetPlayerPhone {
  PlayerId player = 0;
  std::optional<std::string> phone;

  static constexpr std::string_view kName = "set_player_phone";
  using Answer = Success;
  static constexpr Contract kContract = global_write(PlayerMay::Self, "player");
  static constexpr auto kFields =
      std::tuple{Field{"player", &SetPlayerPhone::player}, Field{"phone", &SetPlayerPhone::phone}};
  bool operator==(const SetPlayerPhone&) const = default;
};

// Sets or clears (absent) the player's Discord user id (section 10).
struct SetPlayerDiscord {
  PlayerId player = 0;
  std::optional<std::uint64_t> user;

  static constexpr std::string_view kName = "set_player_discord";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"player", &SetPlayerDiscord::player},
                                             Field{"user", &SetPlayerDiscord::user}};
  bool operator==(const SetPlayerDiscord&) const = default;
};

struct RemovePlayer {
  PlayerId player = 0;

  static constexpr std::string_view kName = "remove_player";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"player", &RemovePlayer::player}};
  bool operator==(const RemovePlayer&) const = default;
};

struct GetPlayerByPassphrase {
  std::string passphrase;

  static constexpr std::string_view kName = "get_player_by_passphrase";
  using Answer = PlayerResult;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields =
      std::tuple{Field{"passphrase", &GetPlayerByPassphrase::passphrase}};
  bool operator==(const GetPlayerByPassphrase&) const = default;
};

struct AddChallengeSet {
  std::string name;

  static constexpr std::string_view kName = "add_challenge_set";
  using Answer = Created;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"name", &AddChallengeSet::name}};
  bool operator==(const AddChallengeSet&) const = default;
};

struct GetChallengeSets {
  static constexpr std::string_view kName = "get_challenge_sets";
  using Answer = ChallengeSets;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const GetChallengeSets&) const = default;
};

// The challenge's id must be 0; the engine assigns one.
struct AddChallenge {
  Challenge challenge;

  static constexpr std::string_view kName = "add_challenge";
  using Answer = Created;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"challenge", &AddChallenge::challenge}};
  bool operator==(const AddChallenge&) const = default;
};

// Replaces the challenge with the same id.
struct SetChallenge {
  Challenge challenge;

  static constexpr std::string_view kName = "set_challenge";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"challenge", &SetChallenge::challenge}};
  bool operator==(const SetChallenge&) const = default;
};

struct GetChallenges {
  static constexpr std::string_view kName = "get_challenges";
  using Answer = Challenges;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const GetChallenges&) const = default;
};

struct DeleteAllChallenges {
  static constexpr std::string_view kName = "delete_all_challenges";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const DeleteAllChallenges&) const = default;
};

// A zone's own values (number, connections, flags) are those a catalogue
// file holds for it: one field list serves both.
struct AddZone : CatalogueZone {
  static constexpr std::string_view kName = "add_zone";
  using Answer = Created;
  static constexpr Contract kContract = global_write();
  bool operator==(const AddZone&) const = default;
};

struct AddMinutesTo {
  ZoneId from = 0;
  ZoneId to = 0;
  std::int64_t minutes = 0;

  static constexpr std::string_view kName = "add_minutes_to";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields =
      std::tuple{Field{"from", &AddMinutesTo::from}, Field{"to", &AddMinutesTo::to},
                 Field{"minutes", &AddMinutesTo::minutes}};
  bool operator==(const AddMinutesTo&) const = default;
};

struct GetZones {
  static constexpr std::string_view kName = "get_zones";
  using Answer = Zones;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const GetZones&) const = default;
};

struct UploadPlayerPicture {
  PlayerId player = 0;
  std::string jpeg;

  static constexpr std::string_view kName = "upload_player_picture";
  using Answer = PictureIds;
  static constexpr Contract kContract = global_write(PlayerMay::Self, "player");
  static constexpr auto kFields = std::tuple{Field{"player", &UploadPlayerPicture::player},
                                             Field{"jpeg", &UploadPlayerPicture::jpeg}};
  bool operator==(const UploadPlayerPicture&) const = default;
};

struct GetThumbnails {
  std::vector<PictureId> ids;

  static constexpr std::string_view kName = "get_thumbnails";
  using Answer = Pictures;
  static constexpr Contract kContract = global_read(PlayerMay::Always);
  static constexpr auto kFields = std::tuple{Field{"ids", &GetThumbnails::ids}};
  bool operator==(const GetThumbnails&) const = default;
};

struct GetPictures {
  std::vector<PictureId> ids;

  static constexpr std::string_view kName = "get_pictures";
  using Answer = Pictures;
  static constexpr Contract kContract = global_read(PlayerMay::Always);
  static constexpr auto kFields = std::tuple{Field{"ids", &GetPictures::ids}};
  bool operator==(const GetPictures&) const = default;
};

struct ListPastGames {
  std::optional<PlayerId> player;

  static constexpr std::string_view kName = "list_past_games";
  using Answer = PastGames;
  static constexpr Contract kContract = global_read(PlayerMay::Self, "player");
  static constexpr auto kFields = std::tuple{Field{"player", &ListPastGames::player}};
  bool operator==(const ListPastGames&) const = default;
};

struct GetPastGame {
  PastGameId id = 0;

  static constexpr std::string_view kName = "get_past_game";
  using Answer = PastGameResult;
  static constexpr Contract kContract = global_read(PlayerMay::Always);
  static constexpr auto kFields = std::tuple{Field{"id", &GetPastGame::id}};
  bool operator==(const GetPastGame&) const = default;
};

// ---- Per session: every command names its session. ----

// GetState(s): teams, events, game.
struct GetSessionState {
  SessionId session = 0;

  static constexpr std::string_view kName = "get_session_state";
  using Answer = SessionState;
  static constexpr Contract kContract = session_read(PlayerMay::OwnSession);
  static constexpr auto kFields = std::tuple{Field{"session", &GetSessionState::session}};
  bool operator==(const GetSessionState&) const = default;
};

struct GetConfig {
  SessionId session = 0;

  static constexpr std::string_view kName = "get_config";
  using Answer = ConfigResult;
  static constexpr Contract kContract = session_read();
  static constexpr auto kFields = std::tuple{Field{"session", &GetConfig::session}};
  bool operator==(const GetConfig&) const = default;
};

struct SetConfig {
  SessionId session = 0;
  ConfigPatch config;

  static constexpr std::string_view kName = "set_config";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Refuses);
  static constexpr auto kFields =
      std::tuple{Field{"session", &SetConfig::session}, Field{"config", &SetConfig::config}};
  bool operator==(const SetConfig&) const = default;
};

struct AddTeam {
  SessionId session = 0;
  std::string name;
  std::optional<std::uint64_t> discord_channel;
  std::optional<Colour> colour;

  static constexpr std::string_view kName = "add_team";
  using Answer = Created;
  static constexpr Contract kContract = session_write(GameRule::Refuses);
  static constexpr auto kFields = std::tuple{
      Field{"session", &AddTeam::session}, Field{"name", &AddTeam::name},
      Field{"discord_channel", &AddTeam::discord_channel}, Field{"colour", &AddTeam::colour}};
  bool operator==(const AddTeam&) const = default;
};

struct RemoveTeam {
  SessionId session = 0;
  TeamId team = 0;

  static constexpr std::string_view kName = "remove_team";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Refuses);
  static constexpr auto kFields =
      std::tuple{Field{"session", &RemoveTeam::session}, Field{"team", &RemoveTeam::team}};
  bool operator==(const RemoveTeam&) const = default;
};

struct RenameTeam {
  SessionId session = 0;
  TeamId team = 0;
  std::string name;

  static constexpr std::string_view kName = "rename_team";
  using Answer = Success;
  static constexpr Contract kContract =
      session_write(GameRule::Refuses, PlayerMay::OwnTeam, "team");
  static constexpr auto kFields =
      std::tuple{Field{"session", &RenameTeam::session}, Field{"team", &RenameTeam::team},
                 Field{"name", &RenameTeam::name}};
  bool operator==(const RenameTeam&) const = default;
};

// Sets the session's three Discord ids at once; an absent one is cleared
// (section 10). Allowed during a game: it changes no game rule.
struct SetSessionDiscord {
  SessionId session = 0;
  std::optional<std::uint64_t> server;
  std::optional<std::uint64_t> game_channel;
  std::optional<std::uint64_t> admin_channel;

  static constexpr std::string_view kName = "set_session_discord";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields = std::tuple{
      Field{"session", &SetSessionDiscord::session}, Field{"server", &SetSessionDiscord::server},
      Field{"game_channel", &SetSessionDiscord::game_channel},
      Field{"admin_channel", &SetSessionDiscord::admin_channel}};
  bool operator==(const SetSessionDiscord&) const = default;
};

// Sets or clears (absent) the team's Discord channel; allowed during a
// game (game-rules section 10).
struct SetTeamDiscordChannel {
  SessionId session = 0;
  TeamId team = 0;
  std::optional<std::uint64_t> channel;

  static constexpr std::string_view kName = "set_team_discord_channel";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields = std::tuple{Field{"session", &SetTeamDiscordChannel::session},
                                             Field{"team", &SetTeamDiscordChannel::team},
                                             Field{"channel", &SetTeamDiscordChannel::channel}};
  bool operator==(const SetTeamDiscordChannel&) const = default;
};

// Absent team: unassign.
struct AssignPlayerToTeam {
  SessionId session = 0;
  PlayerId player = 0;
  std::optional<TeamId> team;

  static constexpr std::string_view kName = "assign_player_to_team";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields = std::tuple{Field{"session", &AssignPlayerToTeam::session},
                                             Field{"player", &AssignPlayerToTeam::player},
                                             Field{"team", &AssignPlayerToTeam::team}};
  bool operator==(const AssignPlayerToTeam&) const = default;
};

struct MakeTeamCatcher {
  SessionId session = 0;
  TeamId team = 0;

  static constexpr std::string_view kName = "make_team_catcher";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields = std::tuple{Field{"session", &MakeTeamCatcher::session},
                                             Field{"team", &MakeTeamCatcher::team}};
  bool operator==(const MakeTeamCatcher&) const = default;
};

struct MakeTeamRunner {
  SessionId session = 0;
  TeamId team = 0;

  static constexpr std::string_view kName = "make_team_runner";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields =
      std::tuple{Field{"session", &MakeTeamRunner::session}, Field{"team", &MakeTeamRunner::team}};
  bool operator==(const MakeTeamRunner&) const = default;
};

struct GenerateTeamChallenges {
  SessionId session = 0;
  TeamId team = 0;

  static constexpr std::string_view kName = "generate_team_challenges";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any);
  static constexpr auto kFields = std::tuple{Field{"session", &GenerateTeamChallenges::session},
                                             Field{"team", &GenerateTeamChallenges::team}};
  bool operator==(const GenerateTeamChallenges&) const = default;
};

struct AddChallengeToTeam {
  SessionId session = 0;
  TeamId team = 0;
  std::string title;
  std::string description;
  std::int64_t points = 0;

  static constexpr std::string_view kName = "add_challenge_to_team";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Refuses);
  static constexpr auto kFields = std::tuple{Field{"session", &AddChallengeToTeam::session},
                                             Field{"team", &AddChallengeToTeam::team},
                                             Field{"title", &AddChallengeToTeam::title},
                                             Field{"description", &AddChallengeToTeam::description},
                                             Field{"points", &AddChallengeToTeam::points}};
  bool operator==(const AddChallengeToTeam&) const = default;
};

struct Start {
  SessionId session = 0;

  static constexpr std::string_view kName = "start";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Refuses);
  static constexpr auto kFields = std::tuple{Field{"session", &Start::session}};
  bool operator==(const Start&) const = default;
};

struct Stop {
  SessionId session = 0;

  static constexpr std::string_view kName = "stop";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Needs);
  static constexpr auto kFields = std::tuple{Field{"session", &Stop::session}};
  bool operator==(const Stop&) const = default;
};

struct Catch {
  SessionId session = 0;
  TeamId catcher = 0;
  TeamId caught = 0;
  std::uint64_t period_id = 0;

  static constexpr std::string_view kName = "catch";
  using Answer = PeriodIndex;
  static constexpr Contract kContract =
      session_write(GameRule::Needs, PlayerMay::OwnTeam, "catcher");
  static constexpr auto kFields =
      std::tuple{Field{"session", &Catch::session}, Field{"catcher", &Catch::catcher},
                 Field{"caught", &Catch::caught}, Field{"period_id", &Catch::period_id}};
  bool operator==(const Catch&) const = default;
};

struct Complete {
  SessionId session = 0;
  TeamId team = 0;
  std::uint64_t challenge_index = 0;
  std::uint64_t period_id = 0;

  static constexpr std::string_view kName = "complete";
  using Answer = PeriodIndex;
  static constexpr Contract kContract = session_write(GameRule::Needs, PlayerMay::OwnTeam, "team");
  static constexpr auto kFields =
      std::tuple{Field{"session", &Complete::session}, Field{"team", &Complete::team},
                 Field{"challenge_index", &Complete::challenge_index},
                 Field{"period_id", &Complete::period_id}};
  bool operator==(const Complete&) const = default;
};

struct SendLocation {
  SessionId session = 0;
  PlayerId player = 0;
  Location location;

  static constexpr std::string_view kName = "send_location";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Any, PlayerMay::Self, "player");
  static constexpr auto kFields =
      std::tuple{Field{"session", &SendLocation::session}, Field{"player", &SendLocation::player},
                 Field{"location", &SendLocation::location}};
  bool operator==(const SendLocation&) const = default;
};

struct GetEvents {
  SessionId session = 0;

  static constexpr std::string_view kName = "get_events";
  using Answer = Events;
  static constexpr Contract kContract = session_read(PlayerMay::OwnSession);
  static constexpr auto kFields = std::tuple{Field{"session", &GetEvents::session}};
  bool operator==(const GetEvents&) const = default;
};

struct GetLocations {
  SessionId session = 0;

  static constexpr std::string_view kName = "get_locations";
  using Answer = Locations;
  static constexpr Contract kContract = session_read(PlayerMay::OwnSession);
  static constexpr auto kFields = std::tuple{Field{"session", &GetLocations::session}};
  bool operator==(const GetLocations&) const = default;
};

// Track points of the team not older than `seconds` (absent: all).
struct GetPastLocations {
  SessionId session = 0;
  TeamId team = 0;
  std::optional<std::int64_t> seconds;

  static constexpr std::string_view kName = "get_past_locations";
  using Answer = PastLocations;
  static constexpr Contract kContract = session_read(PlayerMay::OwnSession);
  static constexpr auto kFields = std::tuple{Field{"session", &GetPastLocations::session},
                                             Field{"team", &GetPastLocations::team},
                                             Field{"seconds", &GetPastLocations::seconds}};
  bool operator==(const GetPastLocations&) const = default;
};

struct UploadTeamPicture {
  SessionId session = 0;
  TeamId team = 0;
  std::string jpeg;

  static constexpr std::string_view kName = "upload_team_picture";
  using Answer = PictureIds;
  static constexpr Contract kContract = session_write(GameRule::Any, PlayerMay::OwnTeam, "team");
  static constexpr auto kFields =
      std::tuple{Field{"session", &UploadTeamPicture::session},
                 Field{"team", &UploadTeamPicture::team}, Field{"jpeg", &UploadTeamPicture::jpeg}};
  bool operator==(const UploadTeamPicture&) const = default;
};

struct UploadPeriodPictures {
  SessionId session = 0;
  TeamId team = 0;
  std::uint64_t period = 0;
  std::vector<std::string> jpegs;

  static constexpr std::string_view kName = "upload_period_pictures";
  using Answer = PictureIds;
  static constexpr Contract kContract = session_write(GameRule::Any, PlayerMay::OwnTeam, "team");
  static constexpr auto kFields = std::tuple{
      Field{"session", &UploadPeriodPictures::session}, Field{"team", &UploadPeriodPictures::team},
      Field{"period", &UploadPeriodPictures::period}, Field{"jpegs", &UploadPeriodPictures::jpegs}};
  bool operator==(const UploadPeriodPictures&) const = default;
};

// Corrects a team's points and bounty by the deltas while a game runs
// (game-rules section 10): a result below 0 or an empty reason is BadData
// and changes nothing. Recorded as a Correction event, broadcast as
// TeamAdjusted; it ends no period and draws nothing.
struct AdjustTeam {
  SessionId session = 0;
  TeamId team = 0;
  std::int64_t points_delta = 0;
  std::int64_t bounty_delta = 0;
  std::string reason;

  static constexpr std::string_view kName = "adjust_team";
  using Answer = Success;
  static constexpr Contract kContract = session_write(GameRule::Needs);
  static constexpr auto kFields = std::tuple{
      Field{"session", &AdjustTeam::session}, Field{"team", &AdjustTeam::team},
      Field{"points_delta", &AdjustTeam::points_delta},
      Field{"bounty_delta", &AdjustTeam::bounty_delta}, Field{"reason", &AdjustTeam::reason}};
  bool operator==(const AdjustTeam&) const = default;
};

// Writes a consistent copy of the daemon's database to `path` (a path on
// the daemon's machine), using SQLite's online backup, through a temporary
// file renamed into place. Refused (BadData): an empty path, the daemon's
// own database or its -wal/-shm/-journal files, a name ending in one of
// those, a directory, another running daemon's database, and an existing
// file unless `overwrite`. Handled by the server runtime, not the engine.
struct Backup {
  std::string path;
  bool overwrite = false;  // replace an existing file (never one in use)

  static constexpr std::string_view kName = "backup";
  using Answer = Success;
  static constexpr Contract kContract = server_command(false);
  static constexpr auto kFields =
      std::tuple{Field{"path", &Backup::path}, Field{"overwrite", &Backup::overwrite}};
  bool operator==(const Backup&) const = default;
};

// Adds a whole catalogue in one request (truinlag-cli import). Records
// are applied in Catalogue order. If any is refused, nothing is kept
// unless `skip_invalid`, in which case the valid ones are. Existing
// challenge sets and sessions of the same name are reused; the answer,
// `Imported`, lists every refused record with the engine's reason.
struct Import {
  Catalogue catalogue;
  bool skip_invalid = false;

  static constexpr std::string_view kName = "import";
  using Answer = Imported;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"catalogue", &Import::catalogue},
                                             Field{"skip_invalid", &Import::skip_invalid}};
  bool operator==(const Import&) const = default;
};

// The whole catalogue, as Import takes it (answer: CatalogueResult).
// Passphrases are not included (every player's is empty): the engine keeps
// only their keyed hashes (docs/storage.md, "Secrets").
struct Export {
  static constexpr std::string_view kName = "export";
  using Answer = CatalogueResult;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const Export&) const = default;
};

// Login tokens for the gateway's admin and spectator connections
// (game-rules section 11). AddToken answers the token's secret once
// (128 bits or more from the server's secure random source); the engine
// and the database keep only its keyed hash. Names are unique (compared
// as names are) and not blank.
struct AddToken {
  std::string name;
  TokenRole role = TokenRole::Spectator;

  static constexpr std::string_view kName = "add_token";
  using Answer = TokenCreated;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields =
      std::tuple{Field{"name", &AddToken::name}, Field{"role", &AddToken::role}};
  bool operator==(const AddToken&) const = default;
};

// Every token's name, role and creation time (never a secret or a hash).
struct ListTokens {
  static constexpr std::string_view kName = "list_tokens";
  using Answer = Tokens;
  static constexpr Contract kContract = global_read();
  static constexpr auto kFields = std::tuple{};
  bool operator==(const ListTokens&) const = default;
};

// Deletes a token: its secret logs in no more (NotFound if no such name).
struct RevokeToken {
  std::string name;

  static constexpr std::string_view kName = "revoke_token";
  using Answer = Success;
  static constexpr Contract kContract = global_write();
  static constexpr auto kFields = std::tuple{Field{"name", &RevokeToken::name}};
  bool operator==(const RevokeToken&) const = default;
};

// Replays the broadcasts this connection missed, then continues live
// (docs/protocol.md section 6): every broadcast after `after_seq` of
// `epoch` that the server's window still holds, filtered as live ones are
// (subscribed as by Subscribe{session}; on the gateway, for the principal),
// in order, before the answer. ResyncRequired when the window no longer
// holds them or `epoch` is not the server's: the client then reads the
// state afresh (GetState). Handled by the server, like Subscribe.
struct Resume {
  std::uint64_t epoch = 0;
  std::uint64_t after_seq = 0;
  std::optional<SessionId> session;

  static constexpr std::string_view kName = "resume";
  using Answer = Success;
  static constexpr Contract kContract = server_command(false, PlayerMay::Always);
  static constexpr auto kFields =
      std::tuple{Field{"epoch", &Resume::epoch}, Field{"after_seq", &Resume::after_seq},
                 Field{"session", &Resume::session}};
  bool operator==(const Resume&) const = default;
};

using Command = std::variant<
    Ping, GetState, Shutdown, Subscribe, AddSession, RemoveSession, AddPlayer, SetPlayerSession,
    RenamePlayer, SetPlayerNickname, SetPlayerPassphrase, SetPlayerPhone, RemovePlayer,
    GetPlayerByPassphrase, AddChallengeSet, GetChallengeSets, AddChallenge, SetChallenge,
    GetChallenges, DeleteAllChallenges, AddZone, AddMinutesTo, GetZones, UploadPlayerPicture,
    GetThumbnails, GetPictures, ListPastGames, GetPastGame, GetSessionState, GetConfig, SetConfig,
    AddTeam, RemoveTeam, RenameTeam, AssignPlayerToTeam, MakeTeamCatcher, MakeTeamRunner,
    GenerateTeamChallenges, AddChallengeToTeam, Start, Stop, Catch, Complete, SendLocation,
    GetEvents, GetLocations, GetPastLocations, UploadTeamPicture, UploadPeriodPictures, Backup,
    Import, Export, SetTeamDiscordChannel, SetSessionDiscord, SetPlayerDiscord, AdjustTeam,
    AddToken, ListTokens, RevokeToken, Resume>;

}  // namespace truinlag

namespace truinlag {
namespace contract_detail {
template <class V>
struct all_sound;
template <class... C>
struct all_sound<std::variant<C...>> {
  static constexpr bool value = (contract_is_sound<C>() && ...);
};
}  // namespace contract_detail
// A session command without a `session` field, or a permission naming a
// field the command lacks, does not compile.
static_assert(contract_detail::all_sound<Command>::value,
              "a command's kContract does not match its fields (truinlag/contract.hpp)");
}  // namespace truinlag
