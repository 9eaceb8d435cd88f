// Login tokens of the gateway (game-rules section 11) and the two lookups
// a login makes. Only keyed hashes are kept; the secret of a new token is
// in its TokenCreated answer and nowhere else.
#include "engine/engine.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {

Outcome Engine::handle(const AddToken& c, Timestamp now) {
  const std::string name = trim(c.name);
  if (name.empty()) return refuse(BadData{"a token needs a name"});
  for (const auto& [id, other] : state_.tokens) {
    if (same_name(name, other.info.name)) return refuse(AlreadyExists{"token '" + name + "'"});
  }
  std::string secret = secrets_.new_token();
  TokenData token;
  token.id = state_.next.token++;
  token.info = TokenInfo{name, c.role, now};
  token.secret_hash = secrets_.hash(secret);
  const TokenId id = token.id;
  state_.tokens.emplace(id, std::move(token));
  Outcome outcome = reply(TokenCreated{name, c.role, std::move(secret)});
  outcome.touch(EntityKind::Token, id);
  // The log gets the name and role only.
  outcome.notes.push_back(
      "token '" + name + "' added (" +
      std::string(EnumNames<TokenRole>::names[static_cast<std::size_t>(c.role)]) + ")");
  return outcome;
}

Outcome Engine::handle(const ListTokens&, Timestamp) {
  Tokens list;
  for (const auto& [id, token] : state_.tokens) list.tokens.push_back(token.info);
  return reply(std::move(list));
}

Outcome Engine::handle(const RevokeToken& c, Timestamp) {
  for (const auto& [id, token] : state_.tokens) {
    if (!same_name(token.info.name, c.name)) continue;
    const TokenId revoked = id;
    Outcome outcome = reply(Success{});
    outcome.notes.push_back("token '" + token.info.name + "' revoked");
    state_.tokens.erase(revoked);
    outcome.touch(EntityKind::Token, revoked);
    return outcome;
  }
  return refuse(NotFound{"token '" + trim(c.name) + "'"});
}

std::optional<TokenRole> Engine::token_role(std::string_view secret) const {
  const std::string hash = secrets_.hash(secret);
  std::optional<TokenRole> role;
  for (const auto& [id, token] : state_.tokens) {
    if (same_hash(token.secret_hash, hash)) role = token.info.role;
  }
  return role;
}

std::optional<PlayerId> Engine::player_by_passphrase(std::string_view passphrase) const {
  const std::string hash = passphrase_hash(secrets_, passphrase);
  std::optional<PlayerId> found;
  for (const auto& [id, player] : state_.players) {
    if (same_hash(player.passphrase, hash)) found = id;
  }
  return found;
}

}  // namespace truinlag::engine
