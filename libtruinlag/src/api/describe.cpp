// Human-readable forms of errors (declared in truinlag/errors.hpp): public
// API, used by the server log, the client library and every client.
#include <type_traits>

#include "truinlag/errors.hpp"

namespace truinlag {

std::string describe(const Error& error) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        std::string text{E::kName};
        // Append the one detail field, if any, after a colon.
        for_each_field(e, [&](std::string_view, const auto& value) {
          using V = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<V, std::string>) {
            if (!value.empty()) text += ": " + value;
          } else {
            text += ": " + std::to_string(value);
          }
        });
        return text;
      },
      error);
}

}  // namespace truinlag
