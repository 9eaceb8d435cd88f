// Secrets in the engine (issue 17, game-rules section 11): passphrases and
// login tokens are kept only as keyed hashes, looked up by hashing the
// input, and never appear in an answer or a broadcast.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "truinlag/json.hpp"

using namespace engine_fixture;

namespace {

// What the fixture's engine stores for a passphrase (the fake key).
std::string stored_form(std::string_view passphrase) {
  return engine::passphrase_hash(engine::fake_secrets(), passphrase);
}

std::string json_text(const Result& result) { return to_json_value(result).dump(); }

}  // namespace

TEST_CASE("passphrases: only the hash is kept, lookups hash their input") {
  EngineFixture f;
  const PlayerId ann =
      f.create(AddPlayer{"Ann", "Grüne Wiese", std::nullopt, std::nullopt, std::nullopt});
  const std::string& stored = f.engine.state().players.at(ann).passphrase;
  CHECK(stored != "Grüne Wiese");
  CHECK(stored.find("Wiese") == std::string::npos);
  CHECK(stored.size() == 64);  // HMAC-SHA256 in hex
  // Hashed in its normalised form: case and surrounding blanks do not count.
  CHECK(stored == stored_form("grüne wiese"));
  CHECK(f.engine.player_by_passphrase("  GRÜNE wiese ") == ann);
  CHECK_FALSE(f.engine.player_by_passphrase("Grüne Wiesen").has_value());
  CHECK_FALSE(f.engine.player_by_passphrase(stored).has_value());  // the hash is no passphrase

  const Result found = f.ok(GetPlayerByPassphrase{"grüne WIESE"});
  CHECK(std::get<PlayerResult>(found).player.id == ann);
  CHECK(std::get<PlayerResult>(found).player.passphrase.empty());
  CHECK(f.refused(GetPlayerByPassphrase{"falsch"}) ==
        Error{NotFound{"player with this passphrase"}});

  // Uniqueness is checked on the hashes, as it was on the texts.
  CHECK(f.refused(AddPlayer{"Ben", " grüne wiese", std::nullopt, std::nullopt, std::nullopt}) ==
        Error{AlreadyExists{"player passphrase"}});
  const PlayerId ben =
      f.create(AddPlayer{"Ben", "dachs", std::nullopt, std::nullopt, std::nullopt});
  CHECK(f.refused(SetPlayerPassphrase{ben, "GRÜNE WIESE"}) ==
        Error{AlreadyExists{"player passphrase"}});
  CHECK(f.refused(SetPlayerPassphrase{ben, "  "}) == Error{BadData{"a player needs a passphrase"}});
  f.ok(SetPlayerPassphrase{ben, "Fuchsbau"});
  CHECK(f.engine.state().players.at(ben).passphrase == stored_form("fuchsbau"));
  CHECK(f.engine.player_by_passphrase("fuchsbau") == ben);
  CHECK_FALSE(f.engine.player_by_passphrase("dachs").has_value());
  // Setting the same passphrase again changes nothing.
  CHECK(f.run(SetPlayerPassphrase{ben, "FUCHSBAU"}).changed.empty());
}

TEST_CASE("the injected hash is the one used: another key, other hashes") {
  int hashed = 0;
  engine::Secrets counting = engine::fake_secrets();
  counting.hash = [&hashed, inner = counting.hash](std::string_view s) {
    ++hashed;
    return "other:" + inner(s);
  };
  engine::Engine engine(42, counting);
  engine.execute(AddPlayer{"Ann", "fuchs", std::nullopt, std::nullopt, std::nullopt}, kMorning);
  CHECK(hashed == 1);
  CHECK(engine.state().players.at(1).passphrase == "other:" + stored_form("fuchs"));
  CHECK(engine.player_by_passphrase("fuchs") == 1);
}

TEST_CASE("tokens: added with a secret shown once, listed without it, found by role, revoked") {
  EngineFixture f;
  const engine::Outcome added = f.run(AddToken{" Orga-Phone ", TokenRole::Admin});
  REQUIRE(std::holds_alternative<TokenCreated>(added.result));
  const TokenCreated admin = std::get<TokenCreated>(added.result);
  CHECK(admin.name == "Orga-Phone");
  CHECK(admin.role == TokenRole::Admin);
  CHECK(admin.secret.size() >= 32);  // 128 bits in hex, at least
  CHECK(added.changed == std::vector{engine::ChangedEntity{engine::EntityKind::Token, 1}});
  // The log line names the token, never its secret.
  for (const std::string& note : added.notes) CHECK(note.find(admin.secret) == std::string::npos);

  f.now += kMinute;
  const auto tv = std::get<TokenCreated>(f.ok(AddToken{"tv", TokenRole::Spectator}));
  CHECK(tv.secret != admin.secret);

  // Only the hash is kept.
  const engine::TokenData& stored = f.engine.state().tokens.at(1);
  CHECK(stored.secret_hash != admin.secret);
  CHECK(stored.secret_hash == engine::fake_secrets().hash(admin.secret));

  CHECK(f.engine.token_role(admin.secret) == TokenRole::Admin);
  CHECK(f.engine.token_role(tv.secret) == TokenRole::Spectator);
  CHECK_FALSE(f.engine.token_role("").has_value());
  CHECK_FALSE(f.engine.token_role(admin.secret + "0").has_value());
  CHECK_FALSE(f.engine.token_role(admin.secret.substr(1)).has_value());
  CHECK_FALSE(f.engine.token_role(stored.secret_hash).has_value());

  const Result listed = f.ok(ListTokens{});
  CHECK(std::get<Tokens>(listed).tokens ==
        std::vector<TokenInfo>{{"Orga-Phone", TokenRole::Admin, kMorning},
                               {"tv", TokenRole::Spectator, kMorning + kMinute}});
  CHECK(json_text(listed).find(admin.secret) == std::string::npos);
  CHECK(json_text(listed).find(stored.secret_hash) == std::string::npos);

  // Names are unique as names are; blank ones are refused.
  CHECK(f.refused(AddToken{"orga-phone", TokenRole::Spectator}) ==
        Error{AlreadyExists{"token 'orga-phone'"}});
  CHECK(f.refused(AddToken{"  ", TokenRole::Admin}) == Error{BadData{"a token needs a name"}});

  const engine::Outcome revoked = f.run(RevokeToken{"ORGA-PHONE"});
  CHECK(std::holds_alternative<Success>(revoked.result));
  CHECK(revoked.changed == std::vector{engine::ChangedEntity{engine::EntityKind::Token, 1}});
  CHECK_FALSE(f.engine.token_role(admin.secret).has_value());
  CHECK(f.engine.token_role(tv.secret) == TokenRole::Spectator);
  CHECK(f.refused(RevokeToken{"Orga-Phone"}) == Error{NotFound{"token 'Orga-Phone'"}});
  // The name is free again, with a new secret; ids are not reused.
  const auto again = std::get<TokenCreated>(f.ok(AddToken{"Orga-Phone", TokenRole::Admin}));
  CHECK(again.secret != admin.secret);
  CHECK(f.engine.state().tokens.count(3) == 1);
}

TEST_CASE("token secrets come from the injected secret source, not the seeded generator") {
  engine::Secrets a = engine::fake_secrets();
  a.new_token = [] { return std::string(64, 'a'); };
  engine::Secrets b = engine::fake_secrets();
  b.new_token = [] { return std::string(64, 'b'); };
  engine::Engine first(7, a);
  engine::Engine second(7, b);  // same seed
  const auto one = first.execute(AddToken{"t", TokenRole::Admin}, kMorning);
  const auto two = second.execute(AddToken{"t", TokenRole::Admin}, kMorning);
  CHECK(std::get<TokenCreated>(one.result).secret == std::string(64, 'a'));
  CHECK(std::get<TokenCreated>(two.result).secret == std::string(64, 'b'));
}

TEST_CASE("no answer or broadcast carries a passphrase or its hash") {
  GameWorld w;
  const PlayerId ana = w.players[0];
  const std::string plain = "pass-Ana";
  const std::string hash = w.engine.state().players.at(ana).passphrase;
  REQUIRE(hash == stored_form(plain));
  auto clean = [&](const engine::Outcome& outcome) {
    const std::string text = json_text(outcome.result);
    INFO(text);
    CHECK(text.find(hash) == std::string::npos);
    CHECK(text.find(plain) == std::string::npos);
    std::vector<engine::BroadcastOut> all = outcome.more_broadcasts;
    if (outcome.broadcast) all.push_back(*outcome.broadcast);
    for (const auto& b : all) {
      const std::string event = to_json_value(b.event).dump();
      CHECK(event.find(hash) == std::string::npos);
      CHECK(event.find(plain) == std::string::npos);
    }
  };
  clean(w.run(GetState{}));
  clean(w.run(GetPlayerByPassphrase{plain}));
  clean(w.run(GetSessionState{w.session}));
  const engine::Outcome exported = w.run(Export{});
  clean(exported);
  for (const auto& p : std::get<CatalogueResult>(exported.result).catalogue.players) {
    CHECK(p.passphrase.empty());
  }
  clean(w.run(SetPlayerPassphrase{ana, "neu"}));
  clean(w.run(SetPlayerPassphrase{ana, plain}));
  w.start();
  clean(w.run(GetSessionState{w.session}));
  clean(w.run(Stop{w.session}));
  clean(w.run(ListPastGames{std::nullopt}));
  clean(w.run(GetPastGame{1}));
  clean(w.run(SetPlayerSession{ana, std::nullopt}));
  clean(w.run(GetState{}));
}
