// The server's pure pieces of issue 7: who may connect (a function of the
// peer's and our credentials, since a test cannot change its own uid), the
// private socket directory, and the shared output queue.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "server/access.hpp"
#include "server/output_queue.hpp"
#include "support/daemon_process.hpp"

using namespace truinlag::server;
using truinlag::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("access: own uid and root are accepted, everyone else only if allowed") {
  AccessRules rules;
  rules.own_uid = 1000;
  CHECK_FALSE(refusal_reason({1000, 1000}, rules));
  CHECK_FALSE(refusal_reason({1000, 4242}, rules));  // our uid in any group
  CHECK_FALSE(refusal_reason({0, 0}, rules));        // root
  const auto refused = refusal_reason({1001, 1001}, rules);
  REQUIRE(refused);
  CHECK_THAT(*refused, ::Catch::Contains("uid 1001 ") && ::Catch::Contains("not allowed") &&
                           ::Catch::Contains("--allow-uid"));

  rules.allow_uids = {1001, 1005};
  CHECK_FALSE(refusal_reason({1001, 1001}, rules));
  CHECK_FALSE(refusal_reason({1005, 7}, rules));
  CHECK(refusal_reason({1002, 1002}, rules));

  rules.allow_gids = {50};
  CHECK_FALSE(refusal_reason({2000, 50}, rules));  // by primary group
  CHECK(refusal_reason({2000, 51}, rules));
  // A daemon run by root accepts root, and nobody else by default.
  CHECK_FALSE(refusal_reason({0, 0}, AccessRules{0, {}, {}}));
  CHECK(refusal_reason({65534, 65534}, AccessRules{0, {}, {}}));
}

TEST_CASE("the socket's directory: created 0700, refused unless ours, real and 0700") {
  TempDir tmp;
  const uid_t me = ::geteuid();
  struct stat info {};

  const std::string fresh = tmp.file("fresh");
  const mode_t old_mask = ::umask(0);  // a careless umask must not matter
  CHECK_FALSE(make_private_directory(fresh, me));
  ::umask(old_mask);
  REQUIRE(::lstat(fresh.c_str(), &info) == 0);
  CHECK(S_ISDIR(info.st_mode));
  CHECK((info.st_mode & 07777) == 0700);
  CHECK_FALSE(make_private_directory(fresh, me));  // existing and fine

  const std::string open_dir = tmp.file("open");
  REQUIRE(::mkdir(open_dir.c_str(), 0700) == 0);
  ::chmod(open_dir.c_str(), 0755);
  auto problem = make_private_directory(open_dir, me);
  REQUIRE(problem);
  CHECK_THAT(*problem, ::Catch::Contains("mode 0755") && ::Catch::Contains("refusing"));

  const std::string link = tmp.file("link");
  fs::create_directory_symlink(fresh, link);
  problem = make_private_directory(link, me);
  REQUIRE(problem);
  CHECK_THAT(*problem, ::Catch::Contains("symbolic link"));

  const std::string file = tmp.file("file");
  std::ofstream(file) << "x";
  problem = make_private_directory(file, me);
  REQUIRE(problem);
  CHECK_THAT(*problem, ::Catch::Contains("not a directory"));

  problem = make_private_directory(fresh, me + 1);
  REQUIRE(problem);
  CHECK_THAT(*problem, ::Catch::Contains("owned by uid " + std::to_string(me)));

  problem = make_private_directory(tmp.file("missing/deeper"), me);
  REQUIRE(problem);
  CHECK_THAT(*problem, ::Catch::Contains("cannot create"));

  CHECK(directory_of("/tmp/truinlag-0/truinlag.sock") == "/tmp/truinlag-0");
  CHECK(directory_of("/x.sock") == "/");
  CHECK(directory_of("x.sock") == ".");
}

TEST_CASE("output queue: broadcasts are shared, small frames copied, takes end at chunks") {
  OutputQueue queue;
  auto broadcast = std::make_shared<const std::string>(std::string(1 << 20, 'b'));
  queue.append("welcome");
  queue.append("resp");
  queue.append(broadcast);
  queue.append("after");
  CHECK(queue.size() == 7 + 4 + (1u << 20) + 5);

  std::vector<OutputQueue::Chunk> taken;
  queue.take(taken, 64);  // the private chunk fits, the broadcast does not
  REQUIRE(taken.size() == 1);
  CHECK(*taken[0] == "welcomeresp");
  queue.take(taken, 64);  // a chunk larger than the batch still goes alone
  REQUIRE(taken.size() == 2);
  CHECK(taken[1].get() == broadcast.get());  // the same string, not a copy
  CHECK(broadcast.use_count() == 2);
  queue.append("more");  // joins the private tail not yet taken
  queue.take(taken, 1 << 30);
  REQUIRE(taken.size() == 3);
  CHECK(*taken[2] == "aftermore");
  CHECK(queue.empty());
  queue.append("x");  // a taken chunk is never appended to
  CHECK(*taken[2] == "aftermore");
}
