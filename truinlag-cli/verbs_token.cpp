// token add | list | revoke: the gateway's admin and spectator logins
// (game-rules section 11). A token's secret is printed once, by `add`;
// truinlagd keeps only its keyed hash.
#include <memory>

#include "daemon.hpp"
#include "format_text.hpp"

namespace truinlag::cli {
namespace {

std::string role_name(TokenRole role) {
  return std::string(EnumNames<TokenRole>::names[static_cast<std::size_t>(role)]);
}

Verb add_token_add(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    std::string name;
    std::string role;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb =
      add_verb(noun, "add", "Create a login token for the gateway; prints its secret once",
               "truinlag-cli token add scoreboard-tv --role spectator\n"
               "truinlag-cli token add orga-phone --role admin --json | jq -r .secret");
  verb->add_option("NAME", args->name, "The token's name (unique, case-insensitive)")->required();
  verb->add_option("--role", args->role, "admin (every command) or spectator (read only)")
      ->required();
  return {verb, [&global, args] {
            TokenRole role{};
            if (!enum_from_name(args->role, role)) {
              throw usage_error("unknown role \"" + args->role + "\" (roles: admin, spectator)");
            }
            Daemon daemon(global);
            const TokenCreated created = daemon.ask(AddToken{args->name, role});
            return print_answer(global, created,
                                "added " + role_name(created.role) + " token '" + created.name +
                                    "'\nsecret: " + created.secret +
                                    "\nThe secret is shown only now: note it (truinlagd keeps "
                                    "only its hash; a lost secret needs a new token).\n");
          }};
}

Verb add_token_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb = add_verb(noun, "list", "List the tokens: names, roles, creation times",
                            "truinlag-cli token list\n"
                            "truinlag-cli token list --json | jq '.tokens[].name'");
  return {verb, [&global] {
            Daemon daemon(global);
            const Tokens tokens = daemon.ask(ListTokens{});
            std::string text;
            if (tokens.tokens.empty()) text = "no tokens\n";
            for (const TokenInfo& token : tokens.tokens) {
              text += token.name + "  " + role_name(token.role) + "  created " +
                      local_date_time(token.created) + "\n";
            }
            return print_answer(global, tokens, text);
          }};
}

Verb add_token_revoke(CLI::App& noun, const GlobalOptions& global) {
  auto name = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, "revoke", "Delete a token: its secret logs in no more",
                            "truinlag-cli token revoke scoreboard-tv");
  verb->add_option("NAME", *name, "The token's name")->required();
  return {verb, [&global, name] {
            Daemon daemon(global);
            const auto done = daemon.ask(RevokeToken{*name});
            return print_answer(global, done, "revoked token '" + *name + "'\n");
          }};
}

}  // namespace

void add_token_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "token", "Login tokens of the gateway (admin or spectator)");
  verbs.push_back(add_token_add(*noun, global));
  verbs.push_back(add_token_list(*noun, global));
  verbs.push_back(add_token_revoke(*noun, global));
}

}  // namespace truinlag::cli
