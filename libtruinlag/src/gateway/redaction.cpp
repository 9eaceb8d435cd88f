#include "gateway/redaction.hpp"

#include <map>
#include <type_traits>
#include <variant>
#include <vector>

#include "truinlag/fields.hpp"

namespace truinlag::gateway {
namespace {

template <class T>
void scrub(T& value, const View& view);

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVariant : std::false_type {};
template <class... T>
struct IsVariant<std::variant<T...>> : std::true_type {};
template <class T>
struct IsMap : std::false_type {};
template <class K, class V>
struct IsMap<std::map<K, V>> : std::true_type {};

// Walks every field of every wire type (truinlag/fields.hpp), so a new
// struct holding players is scrubbed without code of its own.
template <class T>
void scrub(T& value, const View& view) {
  if constexpr (std::is_same_v<T, Player>) {
    value.passphrase.clear();
    if (view.role != Role::Admin && !view.teammates.contains(value.id)) value.phone.reset();
  } else if constexpr (IsVector<T>::value) {
    for (auto& element : value) scrub(element, view);
  } else if constexpr (IsOptional<T>::value) {
    if (value) scrub(*value, view);
  } else if constexpr (IsVariant<T>::value) {
    std::visit([&](auto& alternative) { scrub(alternative, view); }, value);
  } else if constexpr (IsMap<T>::value) {
    for (auto& [key, mapped] : value) scrub(mapped, view);
  } else if constexpr (HasFields<T>) {
    for_each_field(value, [&](std::string_view, auto& field) { scrub(field, view); });
  }
}

}  // namespace

View view_of(const Principal& principal, const engine::State& state) {
  View view;
  view.role = principal.role;
  if (principal.role == Role::Spectator) view.session = principal.session;
  if (principal.role == Role::Player) {
    const Membership mine = membership_of(state, principal.player);
    // A player without a session sees only global broadcasts: -1 is no
    // session id (ids start at 1).
    view.session = mine.session.value_or(-1);
    view.teammates.insert(principal.player);
    view.team = mine.team;
    if (mine.team) {
      if (auto it = state.teams.find(*mine.team); it != state.teams.end()) {
        view.teammates.insert(it->second.team.players.begin(), it->second.team.players.end());
      }
    }
  }
  return view;
}

void redact(Result& result, const View& view) { scrub(result, view); }
void redact(BroadcastEvent& event, const View& view) { scrub(event, view); }

bool may_receive(const View& view, const BroadcastEvent& event, const engine::State& state,
                 Timestamp now) {
  if (view.role == Role::Admin) return true;
  auto team_of = [&](TeamId id) -> const Team* {
    const auto it = state.teams.find(id);
    return it == state.teams.end() ? nullptr : &it->second.team;
  };
  if (const auto* location = std::get_if<LocationSent>(&event)) {
    if (view.team == location->team) return true;
    const Team* team = team_of(location->team);
    return team == nullptr || !team->grace_period_end || *team->grace_period_end <= now;
  }
  if (std::holds_alternative<TrapSet>(event)) {
    const Team* mine = view.team ? team_of(*view.team) : nullptr;
    return mine != nullptr && mine->role == truinlag::Role::Catcher;
  }
  return true;
}

bool reaches(const View& view, const std::optional<SessionId>& session) {
  return !session || !view.session || *session == *view.session;
}

}  // namespace truinlag::gateway
