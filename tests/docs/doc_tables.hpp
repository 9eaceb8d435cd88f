// The tables of docs/protocol.md section 9 and the command list of
// docs/commands.md, computed from the compiled types: the variants'
// alternatives (wire index, C++ name, JSON `type`, field names in wire
// order) and each command's contract (truinlag/contract.hpp). The docs
// test compares the files with these, and `build/tests/docs/command-list`
// prints docs/commands.md, so a new command is documented by running it.
#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include "truinlag/commands.hpp"
#include "truinlag/contract.hpp"

namespace truinlag::docs {

// The unqualified C++ name of a type ("truinlag::AddTeam" -> "AddTeam").
template <class T>
std::string cpp_name() {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(typeid(T).name(), nullptr, nullptr, &status), &std::free);
  std::string text = status == 0 && name ? name.get() : typeid(T).name();
  const auto colon = text.rfind("::");
  return colon == std::string::npos ? text : text.substr(colon + 2);
}

template <class T>
std::vector<std::string> field_names() {
  std::vector<std::string> names;
  std::apply([&](const auto&... f) { (names.emplace_back(f.name), ...); }, T::kFields);
  return names;
}

struct Alternative {
  std::size_t index = 0;
  std::string cpp;
  std::string json;
  std::vector<std::string> fields;
  bool operator==(const Alternative&) const = default;
};

// Calls f(std::type_identity<T>{}, index) for every alternative T of V.
template <class V, class F>
void for_each_alternative(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::type_identity<std::variant_alternative_t<I, V>>{}, I), ...);
  }
  (std::make_index_sequence<std::variant_size_v<V>>{});
}

template <class V>
std::vector<Alternative> alternatives() {
  std::vector<Alternative> rows;
  for_each_alternative<V>([&]<class T>(std::type_identity<T>, std::size_t index) {
    rows.push_back({index, cpp_name<T>(), std::string{T::kName}, field_names<T>()});
  });
  return rows;
}

inline std::string scope_text(Scope scope) {
  switch (scope) {
    case Scope::Global:
      return "global";
    case Scope::Session:
      return "session";
    case Scope::Server:
      return "server";
  }
  return "?";
}

inline std::string game_text(GameRule game) {
  switch (game) {
    case GameRule::Any:
      return "any";
    case GameRule::Needs:
      return "needs a game";
    case GameRule::Refuses:
      return "refuses a game";
  }
  return "?";
}

inline std::string player_text(const Contract& c) {
  switch (c.player) {
    case PlayerMay::Nothing:
      return "admin only";
    case PlayerMay::Always:
      return "any player";
    case PlayerMay::OwnSession:
      return "own session";
    case PlayerMay::OwnTeam:
      return "own team (`" + std::string{c.actor} + "`)";
    case PlayerMay::Self:
      return "self (`" + std::string{c.actor} + "`)";
  }
  return "?";
}

// docs/commands.md, whole.
inline std::string command_list() {
  std::string out =
      "# Commands and their contracts\n\n"
      "Generated from each command's `kContract` and `Answer` in\n"
      "`libtruinlag/include/truinlag/commands.hpp` by `build/tests/docs/command-list`\n"
      "(`build/tests/docs/command-list > docs/commands.md`); the `docs` test fails\n"
      "when this file and the code differ. What the commands do is\n"
      "`../shared/docs/game-rules.md` section 3; the wire form is `docs/protocol.md`.\n\n"
      "* **scope**: `session` commands name their session in a `session` field\n"
      "  (checked when the library compiles); `server` commands are served by\n"
      "  the server runtime, not the engine.\n"
      "* **game**: `needs a game` answers `game_not_running` and `refuses a game`\n"
      "  answers `game_in_progress` before any handler runs.\n"
      "* **writes**: `no` is enforced: in the engine tests a read-only command\n"
      "  whose outcome changes anything fails an assertion.\n"
      "* **player** (game-rules section 11): admins may call everything;\n"
      "  `own team`/`self` name the field compared with the player's team or\n"
      "  the player. **spectator**: read-only commands a player may call about\n"
      "  their session or always.\n\n"
      "| command | JSON `type` | answer | scope | game | writes | player | spectator |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for_each_alternative<Command>([&]<class C>(std::type_identity<C>, std::size_t) {
    constexpr Contract c = C::kContract;
    out += "| `" + cpp_name<C>() + "` | `" + std::string{C::kName} + "` | `" +
           std::string{C::Answer::kName} + "` | " + scope_text(c.scope) + " | " +
           game_text(c.game) + " | " + (c.changes_state ? "yes" : "no") + " | " + player_text(c) +
           " | " + (spectator_may(c) ? "yes" : "no") + " |\n";
  });
  return out;
}

}  // namespace truinlag::docs
