#include "gateway/wire.hpp"

#include "truinlag/json.hpp"

namespace truinlag::gateway {
namespace {

using Json = nlohmann::json;

ParseFailure fail(std::optional<RequestId> id, std::string text) {
  return ParseFailure{id, std::move(text)};
}

std::string type_name(const Json& j) { return j.type_name(); }

// Only the listed keys may appear (a misspelt key is an error, as in the
// JSON mapping).
std::optional<std::string> unknown_key(const Json& object,
                                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) return key;
  }
  return std::nullopt;
}

std::optional<std::string> string_member(const Json& object, const char* key, std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (!it->is_string()) {
    error = std::string("expected a string, got ") + type_name(*it);
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

std::variant<ClientIn, ParseFailure> parse_client(std::string_view text) {
  if (json_detail::nesting_depth(text) > kMaxJsonDepth) {
    return fail(std::nullopt, "$: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::exception& e) {
    return fail(std::nullopt, std::string("$: not valid JSON (") + e.what() + ")");
  }
  if (!json.is_object()) return fail(std::nullopt, "$: expected an object, got " + type_name(json));

  if (const auto hello = json.find("hello"); hello != json.end()) {
    if (json.size() != 1) return fail(std::nullopt, "$: a hello has no other keys");
    if (!hello->is_object()) return fail(std::nullopt, "$.hello: expected an object");
    if (auto key = unknown_key(*hello, {"version", "client"})) {
      return fail(std::nullopt, "$.hello." + *key + ": unknown key");
    }
    const auto version = hello->find("version");
    if (version == hello->end() || !version->is_number_integer()) {
      return fail(std::nullopt, "$.hello.version: expected an integer");
    }
    HelloIn in;
    in.version = version->get<std::int64_t>();
    std::string error;
    in.client = string_member(*hello, "client", error).value_or("");
    if (!error.empty()) return fail(std::nullopt, "$.hello.client: " + error);
    return ClientIn{in};
  }

  // Every other message is a request with an id.
  std::optional<RequestId> id;
  if (const auto it = json.find("id"); it != json.end()) {
    if (!it->is_number_unsigned()) {
      return fail(std::nullopt, "$.id: expected an unsigned integer, got " + type_name(*it));
    }
    id = it->get<RequestId>();
  }
  if (const auto login = json.find("login"); login != json.end()) {
    if (auto key = unknown_key(json, {"id", "login"}))
      return fail(id, "$." + *key + ": unknown key");
    if (!id) return fail(id, "$.id: missing");
    if (!login->is_object()) return fail(id, "$.login: expected an object");
    if (auto key = unknown_key(*login, {"passphrase", "token"})) {
      return fail(id, "$.login." + *key + ": unknown key");
    }
    LoginIn in;
    in.id = *id;
    std::string error;
    in.passphrase = string_member(*login, "passphrase", error);
    if (!error.empty()) return fail(id, "$.login.passphrase: " + error);
    in.token = string_member(*login, "token", error);
    if (!error.empty()) return fail(id, "$.login.token: " + error);
    if (in.passphrase.has_value() == in.token.has_value()) {
      return fail(id, "$.login: expected exactly one of passphrase and token");
    }
    return ClientIn{std::move(in)};
  }
  if (const auto command = json.find("command"); command != json.end()) {
    if (auto key = unknown_key(json, {"id", "key", "command"})) {
      return fail(id, "$." + *key + ": unknown key");
    }
    if (!id) return fail(id, "$.id: missing");
    RequestIn in;
    in.id = *id;
    std::string error;
    in.key = string_member(json, "key", error);
    if (!error.empty()) return fail(id, "$.key: " + error);
    if (in.key && (in.key->empty() || in.key->size() > kMaxKeyBytes)) {
      return fail(id, "$.key: must be 1 to " + std::to_string(kMaxKeyBytes) + " bytes");
    }
    try {
      json_detail::read(*command, in.command, "$.command");
    } catch (const JsonError& e) {
      return fail(id, e.what());
    }
    return ClientIn{std::move(in)};
  }
  return fail(id, "$: expected one of hello, login, command");
}

std::string welcome_text(std::string_view server_version, std::size_t max_message_bytes) {
  Json j;
  j["welcome"] = {{"version", kGatewayVersion},
                  {"server", std::string(server_version)},
                  {"max_message_bytes", max_message_bytes}};
  return j.dump();
}

std::string logged_in_text(RequestId id, const Principal& principal,
                           std::optional<SessionId> session, std::optional<TeamId> team,
                           std::uint64_t epoch, std::uint64_t last_seq) {
  Json body = {{"role", std::string(role_name(principal.role))}};
  body["epoch"] = epoch;
  body["last_seq"] = last_seq;
  body["player"] = principal.role == Role::Player ? Json(principal.player) : Json(nullptr);
  body["session"] = session ? Json(*session) : Json(nullptr);
  body["team"] = team ? Json(*team) : Json(nullptr);
  return Json{{"id", id}, {"logged_in", body}}.dump();
}

std::string result_text(RequestId id, const Result& result) {
  return Json{{"id", id}, {"result", to_json_value(result)}}.dump(-1, ' ', false,
                                                                  Json::error_handler_t::replace);
}

std::string error_text(std::optional<RequestId> id, std::string_view kind, std::string_view text) {
  Json j;
  j["id"] = id ? Json(*id) : Json(nullptr);
  j["error"] = {{"kind", std::string(kind)}, {"text", std::string(text)}};
  // Texts may quote what the peer sent: never let invalid UTF-8 abort.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string broadcast_text(std::uint64_t epoch, std::uint64_t seq, std::optional<SessionId> session,
                           const BroadcastEvent& event) {
  Json body;
  body["session"] = session ? Json(*session) : Json(nullptr);
  body["event"] = to_json_value(event);
  return Json{{"epoch", epoch}, {"seq", seq}, {"broadcast", body}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace truinlag::gateway
