// Picture uploads and reads (game-rules section 7). The bytes never enter
// the engine: the server decodes and stores them (store/picture_store.hpp)
// between check_upload and attach_pictures, and reads them for
// GetPictures/GetThumbnails itself, so execute() refuses all five as
// commands of the server, like Subscribe and Backup.
#include "engine/engine.hpp"
#include "api/overloaded.hpp"

namespace truinlag::engine {
namespace {

Outcome served_by_server(std::string_view command) {
  return refuse(Internal{"'" + std::string(command) +
                         "' is served by the server's picture pipeline, not by execute()"});
}

}  // namespace

std::optional<Outcome> Engine::check_upload(const Command& upload) const {
  if (auto refusal = generic_refusal(upload)) return refusal;
  auto team_problem = [&](SessionId session, TeamId team) -> std::optional<Outcome> {
    const auto found = state_.teams.find(team);
    if (found == state_.teams.end() || found->second.team.session != session) {
      return refuse(NotFound{"team " + std::to_string(team)});
    }
    return std::nullopt;
  };
  return std::visit(
      Overloaded{[&](const UploadPlayerPicture& c) -> std::optional<Outcome> {
                   if (!state_.players.count(c.player)) {
                     return refuse(NotFound{"player " + std::to_string(c.player)});
                   }
                   return std::nullopt;
                 },
                 [&](const UploadTeamPicture& c) { return team_problem(c.session, c.team); },
                 [&](const UploadPeriodPictures& c) -> std::optional<Outcome> {
                   if (auto problem = team_problem(c.session, c.team)) return problem;
                   const auto& periods = state_.teams.at(c.team).team.periods;
                   if (c.period >= periods.size()) {
                     return refuse(NotFound{"period " + std::to_string(c.period) + " of team " +
                                            std::to_string(c.team) + " (it has " +
                                            std::to_string(periods.size()) + " finished periods)"});
                   }
                   if (c.jpegs.empty()) return refuse(BadData{"jpegs: no picture given"});
                   return std::nullopt;
                 },
                 [&](const auto&) -> std::optional<Outcome> {
                   return refuse(Internal{"not a picture upload"});
                 }},
      upload);
}

Outcome Engine::attach_pictures(const Command& upload, const std::vector<PictureId>& ids) {
  if (auto refusal = check_upload(upload)) return std::move(*refusal);
  Outcome outcome = reply(PictureIds{ids});
  // A profile upload stores one picture; its id replaces the old one (the
  // old picture stays in the file for the past games that show it).
  std::visit(Overloaded{[&](const UploadPlayerPicture& c) {
                          state_.players.at(c.player).picture = ids.at(0);
                          outcome.touch(EntityKind::Player, c.player);
                        },
                        [&](const UploadTeamPicture& c) {
                          state_.teams.at(c.team).team.picture = ids.at(0);
                          outcome.touch(EntityKind::Team, c.team);
                        },
                        [&](const UploadPeriodPictures& c) {
                          auto& pictures =
                              state_.teams.at(c.team).team.periods.at(c.period).pictures;
                          pictures.insert(pictures.end(), ids.begin(), ids.end());
                          outcome.touch(EntityKind::Team, c.team);
                        },
                        [](const auto&) {}},
             upload);
  return outcome;
}

Outcome Engine::handle(const UploadPlayerPicture& c, Timestamp) {
  return served_by_server(c.kName);
}
Outcome Engine::handle(const UploadTeamPicture& c, Timestamp) { return served_by_server(c.kName); }
Outcome Engine::handle(const UploadPeriodPictures& c, Timestamp) {
  return served_by_server(c.kName);
}
Outcome Engine::handle(const GetThumbnails& c, Timestamp) { return served_by_server(c.kName); }
Outcome Engine::handle(const GetPictures& c, Timestamp) { return served_by_server(c.kName); }

}  // namespace truinlag::engine
