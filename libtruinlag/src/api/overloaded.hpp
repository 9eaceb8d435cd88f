// std::visit over a set of lambdas: one call operator per alternative.
#pragma once

namespace truinlag {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace truinlag
