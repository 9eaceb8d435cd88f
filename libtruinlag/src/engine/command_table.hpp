// The properties of every command, declared once and checked generically.
//
// Redis's command table is the model: the dispatcher consults this table
// before any handler runs, so "session exists", "a game must run" and
// "refused while a game runs" are enforced in one place, in one order,
// for every command.
#pragma once

#include <array>
#include <string_view>
#include <variant>

#include "truinlag/commands.hpp"

namespace truinlag::engine {

enum class Scope {
  Global,   // not tied to a session
  Session,  // names a session in its `session` field
  Server,   // handled by the server runtime, not the engine (Subscribe, Backup)
};

struct CommandProperties {
  std::string_view name;  // must equal the command struct's kName
  Scope scope;            // which generic checks apply
  bool changes_state;     // false: read-only, never produces changed rows
  bool needs_game;        // GameNotRunning unless the session's game runs
  bool refused_in_game;   // GameInProgress while the session's game runs
};

// clang-format off
inline constexpr std::array<CommandProperties, std::variant_size_v<Command>> kCommandTable{{
    // name                        scope            writes needs  refused
    {"ping",                       Scope::Global,     false, false, false},
    {"get_state",                  Scope::Global,     false, false, false},
    {"shutdown",                   Scope::Global,     false, false, false},
    {"subscribe",                  Scope::Server, false, false, false},
    {"add_session",                Scope::Global,     true,  false, false},
    {"remove_session",             Scope::Global,     true,  false, false},
    {"add_player",                 Scope::Global,     true,  false, false},
    {"set_player_session",         Scope::Global,     true,  false, false},
    {"rename_player",              Scope::Global,     true,  false, false},
    {"set_player_nickname",        Scope::Global,     true,  false, false},
    {"set_player_passphrase",      Scope::Global,     true,  false, false},
    {"set_player_phone",           Scope::Global,     true,  false, false},
    {"remove_player",              Scope::Global,     true,  false, false},
    {"get_player_by_passphrase",   Scope::Global,     false, false, false},
    {"add_challenge_set",          Scope::Global,     true,  false, false},
    {"get_challenge_sets",         Scope::Global,     false, false, false},
    {"add_challenge",              Scope::Global,     true,  false, false},
    {"set_challenge",              Scope::Global,     true,  false, false},
    {"get_challenges",             Scope::Global,     false, false, false},
    {"delete_all_challenges",      Scope::Global,     true,  false, false},
    {"add_zone",                   Scope::Global,     true,  false, false},
    {"add_minutes_to",             Scope::Global,     true,  false, false},
    {"get_zones",                  Scope::Global,     false, false, false},
    {"upload_player_picture",      Scope::Global,     true,  false, false},
    {"get_thumbnails",             Scope::Global,     false, false, false},
    {"get_pictures",               Scope::Global,     false, false, false},
    {"list_past_games",            Scope::Global,     false, false, false},
    {"get_past_game",              Scope::Global,     false, false, false},
    {"get_session_state",          Scope::Session,    false, false, false},
    {"get_config",                 Scope::Session,    false, false, false},
    {"set_config",                 Scope::Session,    true,  false, true},
    {"add_team",                   Scope::Session,    true,  false, true},
    {"remove_team",                Scope::Session,    true,  false, true},
    {"rename_team",                Scope::Session,    true,  false, true},
    {"assign_player_to_team",      Scope::Session,    true,  false, false},
    {"make_team_catcher",          Scope::Session,    true,  false, false},
    {"make_team_runner",           Scope::Session,    true,  false, false},
    {"generate_team_challenges",   Scope::Session,    true,  false, false},
    {"add_challenge_to_team",      Scope::Session,    true,  false, true},
    {"start",                      Scope::Session,    true,  false, true},
    {"stop",                       Scope::Session,    true,  true,  false},
    {"catch",                      Scope::Session,    true,  true,  false},
    {"complete",                   Scope::Session,    true,  true,  false},
    {"send_location",              Scope::Session,    true,  false, false},
    {"get_events",                 Scope::Session,    false, false, false},
    {"get_locations",              Scope::Session,    false, false, false},
    {"get_past_locations",         Scope::Session,    false, false, false},
    {"upload_team_picture",        Scope::Session,    true,  false, false},
    {"upload_period_pictures",     Scope::Session,    true,  false, false},
    {"backup",                     Scope::Server,     false, false, false},
    {"import",                     Scope::Global,     true,  false, false},
    {"export",                     Scope::Global,     false, false, false},
}};
// clang-format on

// The table must list the commands in the variant's order: checked here at
// compile time, so adding a command without its row does not build.
namespace detail {
template <std::size_t... I>
constexpr bool table_matches(std::index_sequence<I...>) {
  return ((kCommandTable[I].name == std::variant_alternative_t<I, Command>::kName) && ...);
}
}  // namespace detail
static_assert(detail::table_matches(std::make_index_sequence<std::variant_size_v<Command>>{}),
              "kCommandTable is out of step with truinlag::Command");

inline const CommandProperties& properties_of(const Command& command) {
  return kCommandTable[command.index()];
}

}  // namespace truinlag::engine
