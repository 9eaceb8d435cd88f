// Issue 16, pictures end to end: the real daemon, its socket and its
// SQLite files, the real client library and CLI.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

#include "pictures/jpeg.hpp"
#include "support/daemon_process.hpp"
#include "support/hostile.hpp"
#include "support/jpeg_samples.hpp"
#include "support/midday_zone.hpp"
#include "truinlag/client.hpp"
#include "truinlag/server.hpp"

using truinlag::testing::DaemonProcess;
using truinlag::testing::TempDir;
using namespace truinlag::testing;
namespace t = truinlag;

namespace {

template <class R>
R expect(t::Result result) {
  if (const auto* failure = std::get_if<t::Failure>(&result)) {
    FAIL("engine refused: " << t::describe(failure->error));
  }
  REQUIRE(std::holds_alternative<R>(result));
  return std::get<R>(result);
}

template <class E>
std::string refused_with(t::Result result) {
  REQUIRE(std::holds_alternative<t::Failure>(result));
  const t::Error& error = std::get<t::Failure>(result).error;
  INFO(t::describe(error));
  REQUIRE(std::holds_alternative<E>(error));
  return t::describe(error);
}

std::int64_t created(t::Sender& s, t::Command c) {
  return expect<t::Created>(s.send(std::move(c)).get()).id;
}

// A session with a runner and a catcher team, one challenge set, running.
struct Game {
  t::SessionId session = 0;
  t::TeamId runner = 0, catcher = 0;
  t::PlayerId player = 0;
};

Game start_game(t::Sender& s) {
  Game g;
  created(s, t::AddZone{110, 6, 16, true, false, true});
  const t::ChallengeSetId set = created(s, t::AddChallengeSet{"Standard"});
  for (int i = 0; i < 5; ++i) {
    t::Challenge c;
    c.kind = t::ChallengeKind::Unspezifisch;
    c.status = t::ChallengeStatus::Approved;
    c.sets = {set};
    c.title = "Challenge " + std::to_string(i);
    c.description = "Do it";
    c.additional_points = 100;
    created(s, t::AddChallenge{c});
  }
  g.session = created(s, t::AddSession{"Bilder", t::Mode::Traditional});
  const t::TeamId a = created(s, t::AddTeam{g.session, "Blau", std::nullopt, std::nullopt});
  const t::TeamId b = created(s, t::AddTeam{g.session, "Rot", std::nullopt, std::nullopt});
  int n = 0;
  for (t::TeamId team : {a, a, b, b}) {
    const std::string name = "P" + std::to_string(n++);
    const t::PlayerId p =
        created(s, t::AddPlayer{name, name + "-pass", std::nullopt, std::nullopt, g.session});
    if (!g.player) g.player = p;
    expect<t::Success>(s.send(t::AssignPlayerToTeam{g.session, p, team}).get());
  }
  t::ConfigPatch patch;
  patch.num_catchers = 1;
  patch.challenge_sets = std::vector<t::ChallengeSetId>{set};
  patch.time_zone = midday_zone();
  patch.start_time = t::TimeOfDay{6, 0};
  patch.end_time = t::TimeOfDay{22, 0};
  expect<t::Success>(s.send(t::SetConfig{g.session, patch}).get());
  expect<t::Success>(s.send(t::Start{g.session}).get());
  const auto state = expect<t::SessionState>(s.send(t::GetSessionState{g.session}).get());
  for (const t::Team& team : state.teams) {
    (team.role == t::Role::Catcher ? g.catcher : g.runner) = team.id;
  }
  return g;
}

struct Colour {
  int r, g, b;
};
Colour at(const t::pictures::Rgb& image, int x, int y) {
  const auto* px = reinterpret_cast<const unsigned char*>(image.pixels.data()) +
                   (static_cast<std::size_t>(y) * image.width + x) * 3;
  return {px[0], px[1], px[2]};
}

}  // namespace

TEST_CASE("a 4000x3000 profile picture: an id, the original, a centred 256x256 thumbnail") {
  TempDir dir;
  DaemonProcess daemon(dir.file("p.sock"), dir.file("p.db"));
  REQUIRE(daemon.wait_ready());
  auto client = t::Client::connect(dir.file("p.sock"));
  t::Sender& s = client.sender();
  const t::PlayerId ann =
      created(s, t::AddPlayer{"Ann", "ann-pass", std::nullopt, std::nullopt, std::nullopt});
  const std::string jpeg = banded_jpeg(4000, 3000);
  const auto ids = expect<t::PictureIds>(s.send(t::UploadPlayerPicture{ann, jpeg}).get());
  REQUIRE(ids.ids.size() == 1);
  const t::PictureId id = ids.ids[0];

  const auto thumbs = expect<t::Pictures>(s.send(t::GetThumbnails{{id, id + 100}}).get());
  REQUIRE(thumbs.pictures.size() == 1);  // the unknown id is skipped
  const auto thumb = t::pictures::decode_rgb(thumbs.pictures[0].jpeg);
  REQUIRE(thumb);
  CHECK(thumb->width == 256);
  CHECK(thumb->height == 256);
  // The red and blue bands at the edges are outside the centred square.
  for (int x : {0, 1, 254, 255}) {
    const Colour c = at(*thumb, x, 128);
    CHECK(c.g > 150);
    CHECK(c.r < 60);
    CHECK(c.b < 60);
  }
  const auto full = expect<t::Pictures>(s.send(t::GetPictures{{id}}).get());
  REQUIRE(full.pictures.size() == 1);
  CHECK(full.pictures[0].jpeg == jpeg);
  const auto state = expect<t::GlobalState>(s.send(t::GetState{}).get());
  REQUIRE(state.players.size() == 1);
  CHECK(state.players[0].picture == id);

  // A new picture replaces the player's; the old one can still be read.
  const auto second =
      expect<t::PictureIds>(s.send(t::UploadPlayerPicture{ann, banded_jpeg(800, 600)}).get());
  CHECK(second.ids.at(0) > id);
  CHECK(expect<t::Pictures>(s.send(t::GetPictures{{id}}).get()).pictures.size() == 1);
  refused_with<t::NotFound>(s.send(t::UploadPlayerPicture{ann + 50, jpeg}).get());
}

TEST_CASE("hostile pictures answer PictureProblem and the daemon's memory stays put") {
  TempDir dir;
  DaemonProcess daemon(dir.file("h.sock"), dir.file("h.db"));
  REQUIRE(daemon.wait_ready());
  auto client = t::Client::connect(dir.file("h.sock"));
  t::Sender& s = client.sender();
  const t::PlayerId ann =
      created(s, t::AddPlayer{"Ann", "ann-pass", std::nullopt, std::nullopt, std::nullopt});
  // One good upload first, so the pool threads and buffers exist.
  expect<t::PictureIds>(s.send(t::UploadPlayerPicture{ann, banded_jpeg(4000, 3000)}).get());
  const long before = daemon.rss_kib();
  const std::string over = padded_jpeg((16u << 20) + 1);
  for (int round = 0; round < 3; ++round) {
    CHECK_THAT(
        refused_with<t::PictureProblem>(s.send(t::UploadPlayerPicture{ann, png_bytes()}).get()),
        Catch::Contains("not a JPEG"));
    CHECK_THAT(refused_with<t::PictureProblem>(
                   s.send(t::UploadPlayerPicture{ann, truncated_jpeg()}).get()),
               Catch::Contains("does not decode"));
    CHECK_THAT(refused_with<t::PictureProblem>(
                   s.send(t::UploadPlayerPicture{ann, huge_claim_jpeg()}).get()),
               Catch::Contains("65500 pixels"));
    CHECK_THAT(refused_with<t::PictureProblem>(
                   s.send(t::UploadPlayerPicture{ann, huge_claim_jpeg(60000)}).get()),
               Catch::Contains("60000x60000"));
    CHECK_THAT(refused_with<t::PictureProblem>(s.send(t::UploadPlayerPicture{ann, over}).get()),
               Catch::Contains("limit is 16777216 bytes"));
  }
  const long after = daemon.rss_kib();
  INFO("RSS before " << before << " KiB, after " << after << " KiB");
  // Checked where RSS means something: under ASan (CI's sanitizer run)
  // freed memory waits in its allocator, and LeakSanitizer checks the
  // daemon's exit instead (support/hostile.hpp).
  CHECK_RSS(after - before < 10 * 1024);
  // Nothing of the refused uploads was attached.
  const auto state = expect<t::GlobalState>(s.send(t::GetState{}).get());
  CHECK(state.players.at(0).picture == 1);
}

TEST_CASE("proof photos attach to a period, show in events and the past game, survive kill -9") {
  TempDir dir;
  std::vector<t::PictureId> ids;
  std::string first;
  Game g;
  {
    DaemonProcess daemon(dir.file("g.sock"), dir.file("g.db"));
    REQUIRE(daemon.wait_ready());
    auto client = t::Client::connect(dir.file("g.sock"));
    t::Sender& s = client.sender();
    g = start_game(s);
    refused_with<t::NotFound>(
        s.send(t::UploadPeriodPictures{g.session, g.runner, 0, {banded_jpeg(64, 48)}}).get());
    const auto period =
        expect<t::PeriodIndex>(s.send(t::Complete{g.session, g.runner, 0, 0}).get());
    first = banded_jpeg(1600, 1200);
    ids = expect<t::PictureIds>(
              s.send(t::UploadPeriodPictures{
                         g.session, g.runner, period.index, {first, banded_jpeg(640, 480)}})
                  .get())
              .ids;
    REQUIRE(ids.size() == 2);
    // One bad picture refuses the whole upload.
    CHECK_THAT(
        refused_with<t::PictureProblem>(
            s.send(t::UploadPeriodPictures{
                       g.session, g.runner, period.index, {banded_jpeg(64, 48), truncated_jpeg()}})
                .get()),
        Catch::Contains("picture 2 of 2"));
    refused_with<t::NotFound>(
        s.send(t::UploadPeriodPictures{g.session, g.runner, period.index + 1, {first}}).get());
    refused_with<t::BadData>(
        s.send(t::UploadPeriodPictures{g.session, g.runner, period.index, {}}).get());
    daemon.send_signal(SIGKILL);
    REQUIRE(daemon.wait_exit(std::chrono::seconds(10)));
  }
  DaemonProcess daemon(dir.file("g.sock"), dir.file("g.db"));
  REQUIRE(daemon.wait_ready());
  auto client = t::Client::connect(dir.file("g.sock"));
  t::Sender& s = client.sender();
  const auto events = expect<t::Events>(s.send(t::GetEvents{g.session}).get());
  REQUIRE(events.events.size() == 1);
  const auto* complete = std::get_if<t::CompleteEvent>(&events.events[0]);
  REQUIRE(complete);
  CHECK(complete->pictures == ids);
  const auto read = expect<t::Pictures>(s.send(t::GetPictures{ids}).get());
  REQUIRE(read.pictures.size() == 2);
  CHECK(read.pictures[0].jpeg == first);
  // Proof photos have no thumbnail.
  CHECK(expect<t::Pictures>(s.send(t::GetThumbnails{ids}).get()).pictures.empty());

  expect<t::Success>(s.send(t::Stop{g.session}).get());
  const auto past = expect<t::PastGames>(s.send(t::ListPastGames{}).get());
  REQUIRE(past.games.size() == 1);
  const auto game = expect<t::PastGameResult>(s.send(t::GetPastGame{past.games[0].id}).get());
  REQUIRE(game.game.events.size() == 1);
  CHECK(std::get<t::CompleteEvent>(game.game.events[0]).pictures == ids);
  CHECK(expect<t::Pictures>(s.send(t::GetPictures{ids}).get()).pictures.size() == 2);
  // The picture file passes SQLite's own check.
  const t::DatabaseCheck check = t::check_database(dir.file("g.db"));
  CHECK(check.problems.empty());
}

TEST_CASE("the CLI uploads and fetches pictures") {
  TempDir dir;
  DaemonProcess daemon(dir.file("c.sock"), dir.file("c.db"));
  REQUIRE(daemon.wait_ready());
  const std::string cli =
      std::string(std::getenv("TRUINLAG_CLI")) + " --socket " + dir.file("c.sock") + " ";
  REQUIRE(run_command(cli + "player add Ann --passphrase ann-pass").exit_code == 0);
  const std::string jpeg = banded_jpeg(1200, 800);
  {
    std::ofstream out(dir.file("ann.jpg"), std::ios::binary);
    out << jpeg;
    std::ofstream bad(dir.file("bad.jpg"), std::ios::binary);
    bad << png_bytes();
  }
  auto uploaded = run_command(cli + "--json picture player Ann " + dir.file("ann.jpg"));
  REQUIRE(uploaded.exit_code == 0);
  CHECK_THAT(uploaded.out, Catch::Contains("\"picture_ids\""));
  auto refused = run_command(cli + "picture player Ann " + dir.file("bad.jpg") + " 2>&1");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.out, Catch::Contains("not a JPEG"));
  auto missing = run_command(cli + "picture player Ann " + dir.file("nope.jpg") + " 2>&1");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.out, Catch::Contains("cannot read"));
  auto fetched = run_command(cli + "picture fetch 1 2 --dir " + dir.file("out"));
  REQUIRE(fetched.exit_code == 0);
  std::ifstream back(dir.file("out/1.jpg"), std::ios::binary);
  const std::string got((std::istreambuf_iterator<char>(back)), std::istreambuf_iterator<char>());
  CHECK(got == jpeg);
  auto thumbs = run_command(cli + "--json picture fetch 1 --thumbnails --dir " + dir.file("out"));
  REQUIRE(thumbs.exit_code == 0);
  CHECK_THAT(thumbs.out, Catch::Contains("1-thumbnail.jpg"));
  std::ifstream thumb(dir.file("out/1-thumbnail.jpg"), std::ios::binary);
  const std::string thumb_bytes((std::istreambuf_iterator<char>(thumb)),
                                std::istreambuf_iterator<char>());
  const auto image = t::pictures::decode_rgb(thumb_bytes);
  REQUIRE(image);
  CHECK(image->width == 256);
}

TEST_CASE("a frame limit that cannot carry a maximal picture is refused at start-up") {
  TempDir dir;
  DaemonProcess daemon(dir.file("f.sock"), dir.file("f.db"), {"--max-frame-mib", "16"});
  const auto code = daemon.wait_exit(std::chrono::seconds(10));
  REQUIRE(code);
  CHECK(*code != 0);
  CHECK_THAT(daemon.log(), Catch::Contains("frame limit (16777216 bytes) must be at least the "
                                           "picture limit (16777216 bytes) plus 64 KiB"));
  // With a smaller picture limit the same frame limit is fine.
  DaemonProcess fine(dir.file("g.sock"), dir.file("g.db"),
                     {"--max-frame-mib", "16", "--max-picture-mib", "15.5"});
  CHECK(fine.wait_ready());
}
