// `picture ...`: profile pictures, proof photos and fetching pictures into
// a folder (game-rules section 7). The daemon checks and decodes; the CLI
// only moves files.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon.hpp"
#include "resolve.hpp"

namespace truinlag::cli {
namespace {

// A file's bytes; a clear error (exit 1) when it cannot be read.
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CliError(kExitFailure, "error: cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw CliError(kExitFailure, "error: cannot read " + path);
  return std::move(bytes).str();
}

std::string ids_text(const std::vector<PictureId>& ids) {
  std::string text;
  for (PictureId id : ids) text += (text.empty() ? "" : ", ") + std::to_string(id);
  return text;
}

Verb add_player_picture(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string player, file;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "player", "Upload a player's profile picture (a JPEG file)",
                            "truinlag-cli picture player Ann ann.jpg");
  verb->add_option("PLAYER", args->player, "A player name, nickname or id")->required();
  verb->add_option("FILE", args->file, "A JPEG file")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const PlayerId player = daemon.player(args->player);
            const auto done = daemon.ask(UploadPlayerPicture{player, read_file(args->file)});
            return print_answer(
                global, done,
                "player " + args->player + "'s picture is " + ids_text(done.ids) + "\n");
          }};
}

Verb add_team_picture(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, team, file;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "team", "Upload a team's profile picture (a JPEG file)",
                            "truinlag-cli picture team \"OG TrainLag\" Füchse fuchs.jpg");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("TEAM", args->team, "A team name or id")->required();
  verb->add_option("FILE", args->file, "A JPEG file")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            const auto done = daemon.ask(UploadTeamPicture{session, team, read_file(args->file)});
            return print_answer(
                global, done, "team " + args->team + "'s picture is " + ids_text(done.ids) + "\n");
          }};
}

Verb add_proof(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string session, team;
    std::uint64_t period = 0;
    std::vector<std::string> files;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(
      noun, "proof",
      "Attach proof photos (JPEG files) to one of a team's finished periods (0 is the first; "
      "`state --json` lists them)",
      "truinlag-cli picture proof \"OG TrainLag\" Füchse 0 brunnen.jpg selfie.jpg");
  verb->add_option("SESSION", args->session, "A session name or id")->required();
  verb->add_option("TEAM", args->team, "A team name or id")->required();
  verb->add_option("PERIOD", args->period, "The period's number, from 0")->required();
  verb->add_option("FILES", args->files, "One or more JPEG files")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const SessionId session = daemon.session(args->session);
            const TeamId team = daemon.team(session, args->team);
            std::vector<std::string> jpegs;
            for (const std::string& file : args->files) jpegs.push_back(read_file(file));
            const auto done =
                daemon.ask(UploadPeriodPictures{session, team, args->period, std::move(jpegs)});
            return print_answer(global, done,
                                "attached " + std::to_string(done.ids.size()) +
                                    " picture(s) to period " + std::to_string(args->period) +
                                    " of team " + args->team + ": " + ids_text(done.ids) + "\n");
          }};
}

Verb add_fetch(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::vector<PictureId> ids;
    std::string dir = ".";
    bool thumbnails = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "fetch",
               "Write pictures (or profile pictures' thumbnails) by id into a folder as ID.jpg "
               "(ID-thumbnail.jpg); unknown ids are skipped",
               "truinlag-cli picture fetch 3 4 7 --dir proofs\n"
               "truinlag-cli picture fetch 1 --thumbnails --dir thumbs");
  verb->add_option("IDS", args->ids, "Picture ids")->required()->check(CLI::NonNegativeNumber);
  verb->add_option("--dir", args->dir, "The folder (created if missing)")->capture_default_str();
  verb->add_flag("--thumbnails", args->thumbnails, "The 256x256 thumbnails instead");
  return {
      verb, [&global, args] {
        Daemon daemon(global);
        const Pictures found = args->thumbnails ? daemon.ask(GetThumbnails{args->ids})
                                                : daemon.ask(GetPictures{args->ids});
        std::error_code error;
        std::filesystem::create_directories(args->dir, error);
        if (error) {
          throw CliError(kExitFailure,
                         "error: cannot create " + args->dir + ": " + error.message());
        }
        nlohmann::ordered_json written = nlohmann::ordered_json::array();
        std::string text;
        for (const Picture& picture : found.pictures) {
          const std::string path =
              (std::filesystem::path(args->dir) /
               (std::to_string(picture.id) + (args->thumbnails ? "-thumbnail.jpg" : ".jpg")))
                  .string();
          std::ofstream out(path, std::ios::binary | std::ios::trunc);
          out.write(picture.jpeg.data(), static_cast<std::streamsize>(picture.jpeg.size()));
          out.close();
          if (!out) throw CliError(kExitFailure, "error: cannot write " + path);
          written.push_back({{"id", picture.id}, {"path", path}, {"bytes", picture.jpeg.size()}});
          text += path + " (" + std::to_string(picture.jpeg.size()) + " bytes)\n";
        }
        if (global.json) {
          std::cout << written.dump(2) << std::endl;
        } else {
          std::cout << (text.empty() ? "no such pictures\n" : text) << std::flush;
        }
        return kExitOk;
      }};
}

}  // namespace

void add_picture_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun =
      add_noun(app, "picture", "Profile pictures, proof photos, and fetching them (JPEG files)");
  verbs.push_back(add_player_picture(*noun, global));
  verbs.push_back(add_team_picture(*noun, global));
  verbs.push_back(add_proof(*noun, global));
  verbs.push_back(add_fetch(*noun, global));
}

}  // namespace truinlag::cli
