// The Server's side of the gateway (gateway/gateway.hpp): logins looked up
// in the engine's state, and authorised requests joining the batch of the
// loop turn like the unix socket's, so a gateway answer, too, leaves only
// after its change is committed.
#include "server/log.hpp"
#include "server/server.hpp"

namespace truinlag::server {

void Server::start_gateway() {
  gateway::GatewayHooks hooks;
  hooks.state = [this]() -> const engine::State& { return engine_.state(); };
  hooks.now = [this] { return now(); };
  hooks.login = [this](const gateway::LoginIn& login) { return gateway_login(login); };
  hooks.submit = [this](std::uint64_t client, const gateway::Principal& principal,
                        gateway::RequestIn in) { on_gateway_request(client, principal, std::move(in)); };
  hooks.journal = [this]() -> const store::Journal& { return journal_; };
  gateway_ = std::make_unique<gateway::Gateway>(&loop_, options_.gateway,
                                                options_.output_limit_bytes, std::move(hooks));
}

std::optional<gateway::Principal> Server::gateway_login(const gateway::LoginIn& login) const {
  // Both look-ups hash the secret with the daemon's key and compare with
  // every stored hash in constant time (engine/secrets.hpp).
  if (login.passphrase) {
    const auto player = engine_.player_by_passphrase(*login.passphrase);
    if (!player) return std::nullopt;
    return gateway::Principal{gateway::Role::Player, *player, std::nullopt};
  }
  if (login.token) {
    const auto role = engine_.token_role(*login.token);
    if (!role) return std::nullopt;
    return gateway::Principal{
        *role == TokenRole::Admin ? gateway::Role::Admin : gateway::Role::Spectator, 0,
        std::nullopt};
  }
  return std::nullopt;
}

void Server::on_gateway_request(std::uint64_t client, const gateway::Principal& principal,
                                gateway::RequestIn in) {
  // Keys are per principal: a player's are its own, admins' (tokens)
  // and spectators' are shared by their role.
  std::string whose = principal.role == gateway::Role::Player
                          ? "player:" + std::to_string(principal.player)
                          : std::string(gateway::role_name(principal.role));
  execute_request(Requester{nullptr, client, std::move(whose)},
                  Request{in.id, std::move(in.command), std::move(in.key)});
}

}  // namespace truinlag::server
