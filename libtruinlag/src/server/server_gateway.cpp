// The Server's side of the gateway (gateway/gateway.hpp): logins looked up
// in the engine's state, and authorised requests joining the batch of the
// loop turn like the unix socket's, so a gateway answer, too, leaves only
// after its change is committed.
#include "engine/command_table.hpp"
#include "engine/input_rules.hpp"
#include "server/log.hpp"
#include "server/server.hpp"

namespace truinlag::server {

void Server::start_gateway() {
  gateway::GatewayHooks hooks;
  hooks.state = [this]() -> const engine::State& { return engine_.state(); };
  hooks.now = [this] { return now(); };
  hooks.login = [this](const gateway::LoginIn& login) { return gateway_login(login); };
  hooks.submit = [this](std::uint64_t client, const gateway::Principal&, gateway::RequestIn in) {
    on_gateway_request(client, std::move(in));
  };
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

void Server::on_gateway_request(std::uint64_t client, gateway::RequestIn in) {
  Request request{in.id, std::move(in.command)};
  if (start_picture_job(nullptr, client, request)) return;
  BatchEntry entry{client, {}, std::nullopt, {}, true, std::nullopt};
  if (engine::contract_of(request.command).scope == Scope::Server) {
    const auto problem = engine::input_problem(request.command);
    entry.gateway_answer =
        Response{request.id, problem ? Result{Failure{BadData{*problem}}}
                                     : serve_locally(nullptr, client, request.command)};
  } else {
    engine::Outcome outcome = engine_.execute(request.command, now());
    absorb(outcome);
    batch_changes_.add(outcome);
    entry.gateway_answer = Response{request.id, std::move(outcome.result)};
    entry.broadcast = std::move(outcome.broadcast);
    entry.more_broadcasts = std::move(outcome.more_broadcasts);
    if (outcome.shutdown_requested) {
      log::info("shutdown requested by gateway connection ", client);
      shutdown_requested_ = true;
    }
  }
  batch_.push_back(std::move(entry));
}

}  // namespace truinlag::server
