// The library's JSON mapping (truinlag/json.hpp) over every alternative of
// every wire variant, generated from the variants themselves: a new command,
// result, event or error is covered here without a new line. For each
// alternative: a default and a filled value round-trip; then every field is
// removed, retyped and (integers) pushed out of range, an unknown key is
// added, and the decoder must refuse with the path of the key, never throw.
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <utility>
#include <variant>

#include "truinlag/json.hpp"

namespace {

using nlohmann::json;
using truinlag::decode_json;
using truinlag::decode_json_text;
namespace jd = truinlag::json_detail;
// Named one by one: `using namespace truinlag` would make its Catch command
// collide with Catch2's namespace.
using truinlag::BroadcastEvent;
using truinlag::ClientMessage;
using truinlag::Command;
using truinlag::Error;
using truinlag::Hello;
using truinlag::kMaxJsonDepth;
using truinlag::Result;
using truinlag::ServerMessage;

// Places a JSON value where the decoder of Top expects the alternative:
// the identity for a variant decoded on its own, or inside a message.
using Wrap = std::function<json(json)>;

// A value of T with every field set to something other than its default,
// so a round trip that drops or confuses a field shows.
template <class T>
void fill(T& value);

template <class... Ts>
void fill_variant(std::variant<Ts...>& value) {
  // The last alternative: the first one is what a default already holds.
  using Last = std::variant_alternative_t<sizeof...(Ts) - 1, std::variant<Ts...>>;
  fill(value.template emplace<Last>());
}

template <class T>
void fill(T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    value = true;
  } else if constexpr (std::is_integral_v<T>) {
    value = 7;
  } else if constexpr (std::is_floating_point_v<T>) {
    value = 1.5;
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = "x\xc3\xa4";
  } else if constexpr (truinlag::NamedEnum<T>) {
    value = static_cast<T>(truinlag::enum_count<T>() - 1);
  } else if constexpr (std::is_same_v<T, truinlag::TimeOfDay>) {
    value = truinlag::TimeOfDay{8, 30};
  } else if constexpr (std::is_same_v<T, truinlag::Colour>) {
    value = truinlag::Colour{1, 2, 250};
  } else if constexpr (jd::kIsRange<T>) {
    value.start = 1;
    value.end = 3;
  } else if constexpr (jd::kIsOptional<T>) {
    fill(value.emplace());
  } else if constexpr (jd::kIsVector<T>) {
    value.clear();
    fill(value.emplace_back());
  } else if constexpr (jd::kIsStringMap<T>) {
    value.clear();
    fill(value["k"]);
  } else if constexpr (jd::kIsVariant<T>) {
    fill_variant(value);
  } else {
    static_assert(truinlag::HasFields<T>, "no filler for this type");
    truinlag::for_each_field(value, [](std::string_view, auto& field) { fill(field); });
  }
}

// The error decoding `input` as Top gives; fails the test if it decodes.
template <class Top>
std::string refusal(const json& input) {
  const auto decoded = decode_json<Top>(input);
  CHECK_FALSE(decoded);
  CHECK(decoded.error.rfind("$", 0) == 0);
  return decoded.error;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// value -> JSON -> value, as a document and through text.
template <class Top>
void check_round_trip(const Top& value) {
  const json j = truinlag::to_json_value(value);
  const auto decoded = decode_json<Top>(j);
  INFO(j.dump() << ": " << decoded.error);
  REQUIRE(decoded);
  CHECK(*decoded.value == value);
  const auto from_text = decode_json_text<Top>(truinlag::to_ordered_json_value(value).dump());
  REQUIRE(from_text);
  CHECK(*from_text.value == value);
}

// The mutations of one field of alternative A, whose filled JSON is `alt`
// at path `at` of the document `wrap` builds.
template <class Top, class A, class Member>
void check_field(const json& alt, const Wrap& wrap, const std::string& at,
                 std::string_view name_view, Member A::*) {
  const std::string name(name_view);
  const std::string key_path = at + "." + name;
  INFO("field " << key_path << " of " << alt.dump());
  REQUIRE(alt.contains(name));

  // A missing key: an error, or the documented default (truinlag/json.hpp).
  json removed = alt;
  removed.erase(name);
  if constexpr (jd::kIsOptional<Member> || jd::kIsVector<Member> || jd::kIsStringMap<Member> ||
                jd::kDefaultsMissing<A>) {
    const auto decoded = decode_json<Top>(wrap(removed));
    CHECK(decoded);
  } else {
    CHECK(refusal<Top>(wrap(removed)) == at + ": missing key \"" + name + "\"");
  }

  // The wrong JSON type: a number where a string goes, a string elsewhere.
  json retyped = alt;
  retyped[name] = alt[name].is_string() ? json(12345) : json("wrong");
  CHECK(starts_with(refusal<Top>(wrap(retyped)), key_path + ": expected "));

  // Integers out of the field's range (the widest JSON integers).
  if constexpr (std::is_integral_v<Member> && !std::is_same_v<Member, bool>) {
    json out_of_range = alt;
    out_of_range[name] = std::is_signed_v<Member> ? json(std::uint64_t{18446744073709551615u})
                                                  : json(std::int64_t{-1});
    CHECK(refusal<Top>(wrap(out_of_range)) ==
          key_path + ": " + out_of_range[name].dump() + " is out of range");
    if constexpr (sizeof(Member) < 8) {
      out_of_range[name] = json(std::int64_t{1} << 40);
      CHECK(starts_with(refusal<Top>(wrap(out_of_range)), key_path + ": "));
    }
  }
  // An enum name that does not exist.
  if constexpr (truinlag::NamedEnum<Member>) {
    json unknown = alt;
    unknown[name] = "no_such_name";
    CHECK(starts_with(refusal<Top>(wrap(unknown)), key_path + ": unknown name \"no_such_name\""));
  }
}

// Every check of alternative I of variant V, decoded as Top.
template <class Top, class V, std::size_t I>
void check_alternative(const Wrap& wrap, const std::string& at) {
  using A = std::variant_alternative_t<I, V>;
  INFO("alternative " << A::kName << " at " << at);
  A filled{};
  fill(filled);
  const json alt = truinlag::to_json_value(V{filled});
  CHECK(alt["type"] == std::string(A::kName));

  // An extra key.
  json extra = alt;
  extra["zz_extra"] = 1;
  CHECK(starts_with(refusal<Top>(wrap(extra)), at + ": unknown key \"zz_extra\""));
  // A tag that names no alternative, and none at all.
  json retagged = alt;
  retagged["type"] = "no_such_type";
  CHECK(starts_with(refusal<Top>(wrap(retagged)), at + ".type: unknown type \"no_such_type\""));
  json untagged = alt;
  untagged.erase("type");
  CHECK(refusal<Top>(wrap(untagged)) == at + ": missing key \"type\"");

  std::apply(
      [&](const auto&... field) {
        (check_field<Top>(alt, wrap, at, field.name, field.member), ...);
      },
      A::kFields);
}

// Round trips of every alternative of V (default and filled), as V itself.
template <class V, std::size_t... I>
std::size_t check_round_trips(std::index_sequence<I...>) {
  (check_round_trip(V{std::in_place_index<I>}), ...);
  (
      [] {
        V filled{std::in_place_index<I>};
        fill(std::get<I>(filled));
        check_round_trip(filled);
      }(),
      ...);
  return sizeof...(I);
}

template <class Top, class V, std::size_t... I>
void check_alternatives(const Wrap& wrap, const std::string& at, std::index_sequence<I...>) {
  (check_alternative<Top, V, I>(wrap, at), ...);
}

// Every alternative of V: round trips, then the refusals both where V is
// the whole document and where it sits inside `Top` (path `at`).
template <class V, class Top>
std::size_t check_variant(const Wrap& wrap, const std::string& at) {
  constexpr auto kAll = std::make_index_sequence<std::variant_size_v<V>>{};
  const std::size_t count = check_round_trips<V>(kAll);
  check_alternatives<V, V>([](json j) { return j; }, "$", kAll);
  check_alternatives<Top, V>(wrap, at, kAll);
  return count;
}

}  // namespace

TEST_CASE("json: every alternative of Command, Result, BroadcastEvent and Error") {
  std::size_t covered = 0;
  covered += check_variant<Command, ClientMessage>(
      [](json j) {
        return json{{"type", "request"}, {"id", 1}, {"command", std::move(j)}};
      },
      "$.command");
  covered += check_variant<Result, ServerMessage>(
      [](json j) {
        return json{{"type", "response"}, {"id", 1}, {"result", std::move(j)}};
      },
      "$.result");
  covered += check_variant<BroadcastEvent, ServerMessage>(
      [](json j) {
        return json{
            {"type", "broadcast"}, {"seq", 1}, {"session", nullptr}, {"event", std::move(j)}};
      },
      "$.event");
  covered += check_variant<Error, Result>(
      [](json j) {
        return json{{"type", "failure"}, {"error", std::move(j)}};
      },
      "$.error");
  const std::size_t expected = std::variant_size_v<Command> + std::variant_size_v<Result> +
                               std::variant_size_v<BroadcastEvent> + std::variant_size_v<Error>;
  CHECK(covered == expected);
  WARN("JSON mapping: " << covered << " alternatives covered ("
                        << std::variant_size_v<Command> << " commands, "
                        << std::variant_size_v<Result> << " results, "
                        << std::variant_size_v<BroadcastEvent> << " broadcast events, "
                        << std::variant_size_v<Error> << " errors)");
}

TEST_CASE(
    "json: ClientMessage and ServerMessage (hello, request, welcome, response, broadcast, "
    "goodbye)") {
  const auto identity = [](json j) { return j; };
  std::size_t covered = check_variant<ClientMessage, ClientMessage>(identity, "$");
  covered += check_variant<ServerMessage, ServerMessage>(identity, "$");
  CHECK(covered == 6);
  WARN("JSON mapping: " << covered << " message alternatives covered");
}

TEST_CASE("json: the decoder names the path of a nested error") {
  const auto decoded = decode_json_text<ClientMessage>(
      R"({"type": "request", "id": 3, "command": {"type": "ping", "payload": 5}})");
  CHECK_FALSE(decoded);
  CHECK(decoded.error == "$.command.payload: expected a string, got number");
}

TEST_CASE("json: the decoder refuses text that is not JSON or is nested too deep") {
  const auto broken = decode_json_text<ClientMessage>(R"({"type": "hello", )");
  CHECK_FALSE(broken);
  CHECK(starts_with(broken.error, "$: not valid JSON"));

  // A number no double holds is the parser's out_of_range, not a parse_error.
  const auto huge = decode_json_text<ClientMessage>(
      R"({"type": "hello", "protocol_version": 1e400, "client_name": "x"})");
  CHECK_FALSE(huge);
  CHECK(starts_with(huge.error, "$: not valid JSON"));

  const auto empty = decode_json_text<ClientMessage>("");
  CHECK_FALSE(empty);
  CHECK(starts_with(empty.error, "$: not valid JSON"));

  // 64 levels are parsed (and refused by the type), 65 are not parsed.
  const std::string deep_ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK(decode_json_text<ClientMessage>(deep_ok).error ==
        "$: expected an object with a \"type\", got array");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(decode_json_text<ClientMessage>(deep).error == "$: nested deeper than 64 levels");
  // Brackets inside strings are text, not nesting.
  const std::string in_string = R"({"type": "hello", "protocol_version": 3, "client_name": ")" +
                                std::string(1000, '[') + R"("})";
  const auto named = decode_json_text<ClientMessage>(in_string);
  REQUIRE(named);
  CHECK(std::get<Hello>(*named.value).client_name == std::string(1000, '['));
}
