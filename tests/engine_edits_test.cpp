// The shared shapes of adding and setting (engine/edits.hpp): a refused
// or unchanged value writes nothing, a new one touches exactly its row.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "engine/edits.hpp"

using namespace truinlag;
using engine::ChangedEntity;
using engine::EntityKind;

TEST_CASE("set_field stores a new value and touches its row") {
  std::string name = "old";
  const auto outcome = engine::set_field(name, std::string("new"), {EntityKind::Team, 3});
  CHECK(name == "new");
  CHECK(std::holds_alternative<Success>(outcome.result));
  CHECK(outcome.changed == std::vector<ChangedEntity>{{EntityKind::Team, 3}});
}

TEST_CASE("set_field of the stored value answers Success and touches nothing") {
  std::optional<std::string> phone = "079";
  const auto outcome =
      engine::set_field(phone, std::optional<std::string>("079"), {EntityKind::Player, 1});
  CHECK(phone == "079");
  CHECK(std::holds_alternative<Success>(outcome.result));
  CHECK(outcome.changed.empty());
}

TEST_CASE("set_field with a refusal answers it and keeps the old value") {
  std::string name = "old";
  const auto outcome = engine::set_field(name, std::string(""), {EntityKind::Team, 3},
                                         engine::Refusal{BadData{"a team needs a name"}});
  CHECK(name == "old");
  REQUIRE(std::holds_alternative<Failure>(outcome.result));
  CHECK(std::holds_alternative<BadData>(std::get<Failure>(outcome.result).error));
  CHECK(outcome.changed.empty());
}

TEST_CASE("add_entity stores the entity under its id and answers Created") {
  std::map<ZoneId, std::string> zones{{1, "one"}};
  const auto outcome = engine::add_entity(zones, 2, std::string("two"), EntityKind::Zone);
  CHECK(zones == std::map<ZoneId, std::string>{{1, "one"}, {2, "two"}});
  REQUIRE(std::holds_alternative<Created>(outcome.result));
  CHECK(std::get<Created>(outcome.result).id == 2);
  CHECK(outcome.changed == std::vector<ChangedEntity>{{EntityKind::Zone, 2}});
}
