// The game core: pure, synchronous, deterministic.
//
// No I/O, no sockets, no SQL, no threads. The server feeds it commands in
// order with the current time; the engine answers with an Outcome. The
// random generator is seeded from outside, so a test fixes the seed and
// the time and gets exact results.
//
// Every handler validates first and mutates after, so a refused command
// leaves the state untouched. Handlers live in handlers_<area>.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "engine/challenge_names.hpp"
#include "engine/outcome.hpp"
#include "engine/secrets.hpp"
#include "engine/state.hpp"
#include "truinlag/commands.hpp"

namespace truinlag::engine {

class Engine {
 public:
  // `secrets` hashes passphrases and token secrets and makes new tokens'
  // secrets; the default is the deterministic fake of tests (the server
  // passes its key file's, engine/secrets.hpp).
  explicit Engine(std::uint64_t seed, Secrets secrets = fake_secrets())
      : rng_(seed), secrets_(std::move(secrets)) {}
  // Resumes from a stored state (persistence).
  Engine(State state, std::uint64_t seed, Secrets secrets = fake_secrets())
      : state_(std::move(state)), rng_(seed), secrets_(std::move(secrets)) {}

  // Not copyable: it is the one owner of the game state.
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one command at time `now`. A refused command changes nothing.
  Outcome execute(const Command& command, Timestamp now);

  // A timer the server armed (from an Outcome's timer changes) fired. A key
  // that is no longer armed, or whose deadline moved past `now`, is stale
  // and does nothing.
  Outcome fire(const TimerKey& key, Timestamp now);

  const State& state() const { return state_; }

  // Logins of the gateway: the role of the token whose secret this is, and
  // the player whose passphrase this is. Both hash their input and compare
  // it with every stored hash in constant time (no early exit either).
  std::optional<TokenRole> token_role(std::string_view secret) const;
  std::optional<PlayerId> player_by_passphrase(std::string_view passphrase) const;

  // Picture uploads run in three steps around the server's picture file
  // (server/picture_jobs.cpp), because their bytes never enter the engine:
  // check_upload on the loop thread (every refusal execute() would give,
  // and the target's existence), then decoding and the picture file's
  // commit on the thread pool, then attach_pictures on the loop thread,
  // which checks again (the target may have gone meanwhile) and records
  // the new ids on the player, the team or the period. nullopt: go ahead.
  std::optional<Outcome> check_upload(const Command& upload) const;
  Outcome attach_pictures(const Command& upload, const std::vector<PictureId>& ids);

 private:
  // Global commands.
  Outcome handle(const Ping& c, Timestamp now);
  Outcome handle(const GetState& c, Timestamp now);
  Outcome handle(const Shutdown& c, Timestamp now);
  Outcome handle(const Subscribe& c, Timestamp now);
  Outcome handle(const Resume& c, Timestamp now);
  Outcome handle(const AddSession& c, Timestamp now);
  Outcome handle(const RemoveSession& c, Timestamp now);
  Outcome handle(const AddPlayer& c, Timestamp now);
  Outcome handle(const SetPlayerSession& c, Timestamp now);
  Outcome handle(const RenamePlayer& c, Timestamp now);
  Outcome handle(const SetPlayerNickname& c, Timestamp now);
  Outcome handle(const SetPlayerPassphrase& c, Timestamp now);
  Outcome handle(const SetPlayerPhone& c, Timestamp now);
  Outcome handle(const RemovePlayer& c, Timestamp now);
  Outcome handle(const GetPlayerByPassphrase& c, Timestamp now);
  Outcome handle(const AddChallengeSet& c, Timestamp now);
  Outcome handle(const GetChallengeSets& c, Timestamp now);
  Outcome handle(const AddChallenge& c, Timestamp now);
  Outcome handle(const SetChallenge& c, Timestamp now);
  Outcome handle(const GetChallenges& c, Timestamp now);
  Outcome handle(const DeleteAllChallenges& c, Timestamp now);
  Outcome handle(const AddZone& c, Timestamp now);
  Outcome handle(const AddMinutesTo& c, Timestamp now);
  Outcome handle(const GetZones& c, Timestamp now);
  Outcome handle(const UploadPlayerPicture& c, Timestamp now);
  Outcome handle(const GetThumbnails& c, Timestamp now);
  Outcome handle(const GetPictures& c, Timestamp now);
  Outcome handle(const ListPastGames& c, Timestamp now);
  Outcome handle(const GetPastGame& c, Timestamp now);
  // Session commands (the session exists: checked by the dispatcher).
  Outcome handle(const GetSessionState& c, Timestamp now);
  Outcome handle(const GetConfig& c, Timestamp now);
  Outcome handle(const SetConfig& c, Timestamp now);
  Outcome handle(const AddTeam& c, Timestamp now);
  Outcome handle(const RemoveTeam& c, Timestamp now);
  Outcome handle(const RenameTeam& c, Timestamp now);
  Outcome handle(const SetTeamDiscordChannel& c, Timestamp now);
  Outcome handle(const SetSessionDiscord& c, Timestamp now);
  Outcome handle(const SetPlayerDiscord& c, Timestamp now);
  Outcome handle(const AssignPlayerToTeam& c, Timestamp now);
  Outcome handle(const MakeTeamCatcher& c, Timestamp now);
  Outcome handle(const MakeTeamRunner& c, Timestamp now);
  Outcome handle(const GenerateTeamChallenges& c, Timestamp now);
  Outcome handle(const AddChallengeToTeam& c, Timestamp now);
  Outcome handle(const Start& c, Timestamp now);
  Outcome handle(const Stop& c, Timestamp now);
  Outcome handle(const Catch& c, Timestamp now);
  Outcome handle(const Complete& c, Timestamp now);
  Outcome handle(const SendLocation& c, Timestamp now);
  Outcome handle(const GetEvents& c, Timestamp now);
  Outcome handle(const GetLocations& c, Timestamp now);
  Outcome handle(const GetPastLocations& c, Timestamp now);
  Outcome handle(const UploadTeamPicture& c, Timestamp now);
  Outcome handle(const UploadPeriodPictures& c, Timestamp now);
  Outcome handle(const Backup& c, Timestamp now);
  Outcome handle(const Import& c, Timestamp now);
  Outcome handle(const Export& c, Timestamp now);
  Outcome handle(const AdjustTeam& c, Timestamp now);
  // Login tokens (handlers_tokens.cpp).
  Outcome handle(const AddToken& c, Timestamp now);
  Outcome handle(const ListTokens& c, Timestamp now);
  Outcome handle(const RevokeToken& c, Timestamp now);

  // execute()'s checks that every command passes before its handler: the
  // input rules, the session's existence and the contract's game rule.
  std::optional<Outcome> generic_refusal(const Command& command) const;

  // Shared steps of several handlers.
  SessionData& session(SessionId id) { return state_.sessions.at(id); }
  TeamData* team_of_session(SessionId session, TeamId team);
  Config effective_config(const SessionData& session) const;
  // Ends a team's grace period now, if one runs: the field and its timer.
  void end_grace_period(TeamData& team, Outcome& outcome);
  // Ends the running game of a session: archive, cancel timers, broadcast.
  Outcome stop_game(SessionId session, Timestamp now);
  std::vector<Team> teams_of(SessionId session) const;
  std::vector<Event> events_of(SessionId session) const;

  State state_;
  std::mt19937_64 rng_;
  Secrets secrets_;
  // Set only while an Import runs its challenges through AddChallenge: the
  // names of all challenges, so that each check is a lookup, not a scan.
  ChallengeNames* import_names_ = nullptr;
};

}  // namespace truinlag::engine
