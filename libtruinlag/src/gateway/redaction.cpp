#include "gateway/redaction.hpp"

#include <algorithm>
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

store::Audience audience_of(const std::optional<SessionId>& session, const BroadcastEvent& event,
                            const engine::State& state, Timestamp now) {
  if (const auto* location = std::get_if<LocationSent>(&event)) {
    const auto it = state.teams.find(location->team);
    if (it == state.teams.end()) return std::nullopt;
    const Team& team = it->second.team;
    if (team.grace_period_end && *team.grace_period_end > now) {
      return std::vector<TeamId>{location->team};
    }
    return std::nullopt;
  }
  if (std::holds_alternative<TrapSet>(event)) {
    std::vector<TeamId> catchers;
    for (const auto& [id, data] : state.teams) {
      if (data.team.role == truinlag::Role::Catcher && (!session || data.team.session == *session)) {
        catchers.push_back(id);
      }
    }
    return catchers;
  }
  return std::nullopt;
}

bool may_receive(const View& view, const store::Audience& audience) {
  if (view.role == Role::Admin || !audience) return true;
  return view.team && std::find(audience->begin(), audience->end(), *view.team) != audience->end();
}

bool reaches(const View& view, const std::optional<SessionId>& session) {
  return !session || !view.session || *session == *view.session;
}

}  // namespace truinlag::gateway
