// set add | list, zone add | minutes | list: the global catalogue a game
// draws from (challenges have their own file).
#include <memory>

#include "daemon.hpp"
#include "format_lists.hpp"

namespace truinlag::cli {
namespace {

Verb add_set_add(CLI::App& noun, const GlobalOptions& global) {
  auto name = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, "add", "Create a challenge set", "truinlag-cli set add Standard");
  verb->add_option("NAME", *name, "The set's name (unique)")->required();
  return {verb, [&global, name] {
            Daemon daemon(global);
            const auto created = daemon.ask(AddChallengeSet{*name});
            return print_answer(
                global, created,
                "added challenge set #" + std::to_string(created.id) + " " + *name + "\n");
          }};
}

Verb add_set_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb = add_verb(noun, "list", "List the challenge sets", "truinlag-cli set list");
  return {verb, [&global] {
            Daemon daemon(global);
            const auto sets = daemon.ask(GetChallengeSets{});
            return print_answer(global, sets, sets_text(sets.sets));
          }};
}

Verb add_zone_add(CLI::App& noun, const GlobalOptions& global) {
  auto zone = std::make_shared<AddZone>();
  CLI::App* verb = add_verb(noun, "add", "Create a zone (a ZVV fare zone, e.g. 110)",
                            "truinlag-cli zone add 110 --conn-zones 8 --connections 200 "
                            "--train-through --s-bahn");
  verb->add_option("NUMBER", zone->number, "The zone number (unique)")->required();
  verb->add_option("--conn-zones", zone->num_conn_zones, "Number of connected zones")
      ->capture_default_str();
  verb->add_option("--connections", zone->num_connections, "Number of connections")
      ->capture_default_str();
  verb->add_flag("--train-through", zone->train_through, "A train passes through to other zones");
  verb->add_flag("--mongus", zone->mongus, "Notoriously hard to reach");
  verb->add_flag("--s-bahn", zone->s_bahn_zone,
                 "Holds a terminus of an S-Bahn line inside the network");
  return {verb, [&global, zone] {
            Daemon daemon(global);
            const auto created = daemon.ask(*zone);
            return print_answer(global, created,
                                "added zone " + std::to_string(zone->number) + " (id " +
                                    std::to_string(created.id) + ")\n");
          }};
}

Verb add_zone_minutes(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::int64_t from = 0, to = 0;  // zone numbers
    std::int64_t minutes = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "minutes", "Set the travel minutes from one zone to another (one direction)",
               "truinlag-cli zone minutes 110 121 25\n"
               "truinlag-cli zone minutes 110 110 0");
  verb->add_option("FROM_NUMBER", args->from, "Zone number travelled from")->required();
  verb->add_option("TO_NUMBER", args->to, "Zone number travelled to")->required();
  verb->add_option("MINUTES", args->minutes, "Travel time in minutes")->required();
  return {verb, [&global, args] {
            Daemon daemon(global);
            const ZoneId from = daemon.zone(args->from);
            const ZoneId to = daemon.zone(args->to);
            const auto done = daemon.ask(AddMinutesTo{from, to, args->minutes});
            return print_answer(global, done,
                                "zone " + std::to_string(args->from) + " to " +
                                    std::to_string(args->to) + ": " +
                                    std::to_string(args->minutes) + " minutes\n");
          }};
}

Verb add_zone_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb =
      add_verb(noun, "list", "List the zones and their travel times", "truinlag-cli zone list");
  return {verb, [&global] {
            Daemon daemon(global);
            const auto zones = daemon.ask(GetZones{});
            return print_answer(global, zones, zones_text(zones.zones));
          }};
}

}  // namespace

void add_catalogue_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* set = add_noun(app, "set", "Create and list challenge sets");
  verbs.push_back(add_set_add(*set, global));
  verbs.push_back(add_set_list(*set, global));
  CLI::App* zone = add_noun(app, "zone", "Create and list zones and their travel times");
  verbs.push_back(add_zone_add(*zone, global));
  verbs.push_back(add_zone_minutes(*zone, global));
  verbs.push_back(add_zone_list(*zone, global));
}

}  // namespace truinlag::cli
