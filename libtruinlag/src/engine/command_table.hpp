// Every command's contract (truinlag/contract.hpp), indexed like the
// Command variant, for the checks the dispatcher makes before any handler
// runs: "session exists", "a game must run", "refused while a game runs",
// in one place, in one order, for every command. The contracts themselves
// are declared next to the command structs (commands.hpp), so this table
// cannot fall out of step with them.
#pragma once

#include <array>
#include <utility>
#include <variant>

#include "truinlag/commands.hpp"

namespace truinlag::engine {

namespace detail {
template <std::size_t... I>
constexpr std::array<Contract, sizeof...(I)> contracts(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, Command>::kContract...};
}
}  // namespace detail

inline constexpr auto kContracts =
    detail::contracts(std::make_index_sequence<std::variant_size_v<Command>>{});

inline const Contract& contract_of(const Command& command) { return kContracts[command.index()]; }

}  // namespace truinlag::engine
