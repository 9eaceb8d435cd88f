// Sender's typed helpers: one command each, the answer unwrapped to the
// value a caller wants (an id, a list, a period index).
#include "truinlag/client.hpp"

namespace truinlag {
namespace {

// For commands whose answer carries nothing but success.
constexpr auto kNothing = [](Success) {};
constexpr auto kCreatedId = [](Created created) { return created.id; };
constexpr auto kPeriodIndex = [](PeriodIndex period) { return period.index; };

}  // namespace

std::future<void> Sender::ping(std::optional<std::string> payload) {
  return request_as<Ping::Answer>(Ping{std::move(payload)}, kNothing);
}

std::future<GlobalState> Sender::get_state() { return request<GetState::Answer>(GetState{}); }

std::future<void> Sender::shutdown() { return request_as<Shutdown::Answer>(Shutdown{}, kNothing); }

std::future<void> Sender::subscribe(SessionId session) {
  return request_as<Subscribe::Answer>(Subscribe{session}, kNothing);
}

std::future<void> Sender::subscribe_all() {
  return request_as<Subscribe::Answer>(Subscribe{std::nullopt}, kNothing);
}

std::future<SessionId> Sender::add_session(std::string name, Mode mode) {
  return request_as<AddSession::Answer>(AddSession{std::move(name), mode}, kCreatedId);
}

std::future<void> Sender::remove_session(SessionId session) {
  return request_as<RemoveSession::Answer>(RemoveSession{session}, kNothing);
}

std::future<PlayerId> Sender::add_player(std::string name, std::string passphrase,
                                         std::optional<SessionId> session,
                                         std::optional<std::string> nickname,
                                         std::optional<std::uint64_t> discord_id) {
  return request_as<AddPlayer::Answer>(
      AddPlayer{std::move(name), std::move(passphrase), std::move(nickname), discord_id, session},
      kCreatedId);
}

std::future<void> Sender::set_player_session(PlayerId player, std::optional<SessionId> session) {
  return request_as<SetPlayerSession::Answer>(SetPlayerSession{player, session}, kNothing);
}

std::future<void> Sender::remove_player(PlayerId player) {
  return request_as<RemovePlayer::Answer>(RemovePlayer{player}, kNothing);
}

std::future<ChallengeSetId> Sender::add_challenge_set(std::string name) {
  return request_as<AddChallengeSet::Answer>(AddChallengeSet{std::move(name)}, kCreatedId);
}

std::future<std::vector<ChallengeSet>> Sender::get_challenge_sets() {
  return request_as<GetChallengeSets::Answer>(GetChallengeSets{},
                                   [](ChallengeSets answer) { return std::move(answer.sets); });
}

std::future<ChallengeId> Sender::add_challenge(Challenge challenge) {
  return request_as<AddChallenge::Answer>(AddChallenge{std::move(challenge)}, kCreatedId);
}

std::future<void> Sender::set_challenge(Challenge challenge) {
  return request_as<SetChallenge::Answer>(SetChallenge{std::move(challenge)}, kNothing);
}

std::future<std::vector<Challenge>> Sender::get_challenges() {
  return request_as<GetChallenges::Answer>(GetChallenges{},
                                [](Challenges answer) { return std::move(answer.challenges); });
}

std::future<ZoneId> Sender::add_zone(AddZone zone) {
  return request_as<AddZone::Answer>(std::move(zone), kCreatedId);
}

std::future<void> Sender::add_minutes_to(ZoneId from, ZoneId to, std::int64_t minutes) {
  return request_as<AddMinutesTo::Answer>(AddMinutesTo{from, to, minutes}, kNothing);
}

std::future<std::vector<Zone>> Sender::get_zones() {
  return request_as<GetZones::Answer>(GetZones{}, [](Zones answer) { return std::move(answer.zones); });
}

std::future<std::vector<PastGameSummary>> Sender::list_past_games(std::optional<PlayerId> player) {
  return request_as<ListPastGames::Answer>(ListPastGames{player},
                               [](PastGames answer) { return std::move(answer.games); });
}

std::future<PastGame> Sender::get_past_game(PastGameId id) {
  return request_as<GetPastGame::Answer>(GetPastGame{id},
                                    [](PastGameResult answer) { return std::move(answer.game); });
}

std::future<SessionState> Sender::get_session_state(SessionId session) {
  return request<GetSessionState::Answer>(GetSessionState{session});
}

std::future<Config> Sender::get_config(SessionId session) {
  return request_as<GetConfig::Answer>(GetConfig{session},
                                  [](ConfigResult answer) { return std::move(answer.config); });
}

std::future<void> Sender::set_config(SessionId session, ConfigPatch patch) {
  return request_as<SetConfig::Answer>(SetConfig{session, std::move(patch)}, kNothing);
}

std::future<TeamId> Sender::add_team(SessionId session, std::string name,
                                     std::optional<Colour> colour) {
  return request_as<AddTeam::Answer>(AddTeam{session, std::move(name), std::nullopt, colour}, kCreatedId);
}

std::future<void> Sender::assign_player_to_team(SessionId session, PlayerId player,
                                                std::optional<TeamId> team) {
  return request_as<AssignPlayerToTeam::Answer>(AssignPlayerToTeam{session, player, team}, kNothing);
}

std::future<void> Sender::start(SessionId session) {
  return request_as<Start::Answer>(Start{session}, kNothing);
}

std::future<void> Sender::stop(SessionId session) {
  return request_as<Stop::Answer>(Stop{session}, kNothing);
}

std::future<std::uint64_t> Sender::catch_team(SessionId session, TeamId catcher, TeamId caught,
                                              std::uint64_t period_id) {
  return request_as<Catch::Answer>(Catch{session, catcher, caught, period_id}, kPeriodIndex);
}

std::future<std::uint64_t> Sender::complete(SessionId session, TeamId team,
                                            std::uint64_t challenge_index,
                                            std::uint64_t period_id) {
  return request_as<Complete::Answer>(Complete{session, team, challenge_index, period_id}, kPeriodIndex);
}

std::future<void> Sender::send_location(SessionId session, PlayerId player, Location location) {
  return request_as<SendLocation::Answer>(SendLocation{session, player, location}, kNothing);
}

std::future<std::vector<Event>> Sender::get_events(SessionId session) {
  return request_as<GetEvents::Answer>(GetEvents{session},
                            [](Events answer) { return std::move(answer.events); });
}

std::future<std::vector<TeamTrack>> Sender::get_locations(SessionId session) {
  return request_as<GetLocations::Answer>(GetLocations{session},
                               [](Locations answer) { return std::move(answer.teams); });
}

std::future<std::vector<Location>> Sender::get_past_locations(SessionId session, TeamId team,
                                                              std::optional<std::int64_t> seconds) {
  return request_as<GetPastLocations::Answer>(GetPastLocations{session, team, seconds},
                                   [](PastLocations answer) { return std::move(answer.track); });
}

}  // namespace truinlag
