// The organisers' files (truinlag-cli/catalogue_file.hpp, csv.hpp):
// JSON and CSV of a catalogue, written and read back, record labels for
// error messages, and the CSV edge cases spreadsheets produce.
#include <catch2/catch.hpp>

#include "catalogue_file.hpp"
#include "cli_error.hpp"
#include "csv.hpp"

using truinlag::Catalogue;
using truinlag::CatalogueChallenge;
using truinlag::CatalogueMinutes;
using truinlag::CataloguePlayer;
using truinlag::CatalogueZone;
using truinlag::Challenge;
using truinlag::ChallengeKind;
using truinlag::ChallengeStatus;
using truinlag::Trap;
using namespace truinlag::cli;

namespace {

// Something of everything, with the texts organisers write: umlauts,
// emoji, commas, quotes and a line break.
Catalogue sample() {
  Catalogue c;
  c.challenge_sets = {"Standard", "Familie 👨‍👩‍👧"};
  c.zones = {CatalogueZone{110, 5, 9, true, false, true},
             CatalogueZone{172, 2, 4, false, true, false}};
  c.zone_minutes = {CatalogueMinutes{110, 172, 40}, CatalogueMinutes{172, 110, 42}};
  CatalogueChallenge kaff;
  kaff.challenge.kind = ChallengeKind::Kaff;
  kaff.challenge.status = ChallengeStatus::Approved;
  kaff.challenge.place = "Sternenberg";
  kaff.challenge.kaffskala = 6;
  kaff.challenge.grade = 4;
  kaff.challenge.comment = "Bus, dann \"zu Fuss\", 20 min\nzweite Zeile";
  kaff.challenge.translated_titles = {{"en", "Trip to Sternenberg 🏔️"}};
  kaff.challenge.action = Trap{5, "Sie sind im Wald!"};
  kaff.challenge.repetitions = {1, 4};
  kaff.challenge.bias_sun = 1.25;
  kaff.sets = {"Standard", "Familie 👨‍👩‍👧"};
  kaff.zones = {172};
  CatalogueChallenge plain;
  plain.challenge.kind = ChallengeKind::Unspezifisch;
  plain.challenge.status = ChallengeStatus::ToSort;
  plain.challenge.title = "Jodle, im Tram";
  plain.challenge.description = "Ä Liedli für alli 🎶";
  plain.sets = {"Standard"};
  c.challenges = {kaff, plain};
  c.players = {
      CataloguePlayer{"Anabel", "Ana", "Röschti 42", 1234567890123ULL, "+41 79 000 00 00", "OG"},
      CataloguePlayer{"Bo", std::nullopt, "bo-pass", std::nullopt, std::nullopt, std::nullopt}};
  c.teams = {
      truinlag::CatalogueTeam{"OG", "Füchse", truinlag::Colour{255, 102, 0}, 77, {"Anabel", "Bo"}},
      truinlag::CatalogueTeam{"OG", "Leer", std::nullopt, std::nullopt, {}}};
  return c;
}

Catalogue from_json_text(const std::string& text, CatalogueInput& input) {
  add_json_catalogue(nlohmann::json::parse(text), "f.json", input);
  return input.catalogue;
}

}  // namespace

TEST_CASE("catalogue JSON: written, read back equal, written again byte-identical") {
  const Catalogue original = sample();
  const std::string text = catalogue_json_text(original, CatalogueKind::All);
  CatalogueInput input;
  const Catalogue read = from_json_text(text, input);
  CHECK(input.problems.empty());
  CHECK(read == original);
  CHECK(catalogue_json_text(read, CatalogueKind::All) == text);
  // UTF-8 stays as written, not \u escapes.
  CHECK(text.find("Familie 👨‍👩‍👧") != std::string::npos);
  CHECK(text.find("\"sets\": [\n        \"Standard\"") != std::string::npos);
  // No ids, no edit times: they belong to one daemon.
  CHECK(text.find("\"id\"") == std::string::npos);
  CHECK(text.find("last_edit") == std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("catalogue JSON: --what selects parts") {
  const Catalogue c = sample();
  const auto keys = [&](CatalogueKind what) {
    std::vector<std::string> names;
    const auto parsed = nlohmann::ordered_json::parse(catalogue_json_text(c, what));
    for (const auto& item : parsed.items()) names.push_back(item.key());
    return names;
  };
  using V = std::vector<std::string>;
  CHECK(keys(CatalogueKind::All) ==
        V{"challenge_sets", "zones", "zone_minutes", "challenges", "players", "teams"});
  CHECK(keys(CatalogueKind::Challenges) == V{"challenge_sets", "challenges"});
  CHECK(keys(CatalogueKind::Zones) == V{"zones", "zone_minutes"});
  CHECK(keys(CatalogueKind::Players) == V{"players"});
  CHECK(keys(CatalogueKind::Minutes) == V{"zone_minutes"});
  CHECK(keys(CatalogueKind::Teams) == V{"teams"});
}

TEST_CASE("catalogue JSON: bad records are problems with their index; a bad file is an error") {
  CatalogueInput input;
  from_json_text(R"({"challenges": [
      {"kind": "kaff", "status": "approved", "place": "A", "sets": ["S"]},
      {"kind": "kaf", "status": "approved"},
      {"status": "approved"},
      {"kind": "unspezifisch", "status": "approved", "title": "T", "description": "D", "zones": ["x"]}],
    "players": [{"name": "P"}]})",
                 input);
  REQUIRE(input.catalogue.challenges.size() == 1);
  CHECK(input.where["challenges"] == std::vector<std::string>{"f.json $.challenges[0]"});
  REQUIRE(input.problems.size() == 4);
  CHECK_THAT(input.problems[0], ::Catch::StartsWith("f.json $.challenges[1]: ") &&
                                    ::Catch::Contains("unknown name \"kaf\""));
  CHECK_THAT(input.problems[1], ::Catch::Contains("$.challenges[2]") && ::Catch::Contains("kind"));
  CHECK_THAT(input.problems[2], ::Catch::Contains("$.challenges[3]"));
  CHECK_THAT(input.problems[3],
             ::Catch::Contains("$.players[0]") && ::Catch::Contains("passphrase"));

  CatalogueInput other;
  CHECK_THROWS_WITH(from_json_text(R"({"challenge": []})", other),
                    ::Catch::Contains("unknown key"));
  CHECK_THROWS_WITH(from_json_text(R"([1, 2])", other), ::Catch::Contains("JSON object"));
  CHECK_THROWS_WITH(from_json_text(R"({"zones": 3})", other), ::Catch::Contains("not a list"));
}

TEST_CASE("catalogue CSV: each kind written and read back equal") {
  const Catalogue original = sample();
  for (CatalogueKind kind :
       {CatalogueKind::Challenges, CatalogueKind::Sets, CatalogueKind::Zones,
        CatalogueKind::Minutes, CatalogueKind::Players, CatalogueKind::Teams}) {
    INFO(std::string(kind_name(kind)));
    const std::string text = catalogue_csv_text(original, kind);
    CatalogueInput input;
    add_csv_catalogue(text, "k.csv", input);
    CHECK(input.problems.empty());
    const Catalogue& read = input.catalogue;
    switch (kind) {
      case CatalogueKind::Challenges:
        CHECK(read.challenges == original.challenges);
        // The sets the challenges name come along (Import reuses existing ones).
        CHECK(read.challenge_sets == original.challenge_sets);
        break;
      case CatalogueKind::Sets:
        CHECK(read.challenge_sets == original.challenge_sets);
        break;
      case CatalogueKind::Zones:
        CHECK(read.zones == original.zones);
        break;
      case CatalogueKind::Minutes:
        CHECK(read.zone_minutes == original.zone_minutes);
        break;
      case CatalogueKind::Players:
        CHECK(read.players == original.players);
        break;
      case CatalogueKind::Teams:
        CHECK(read.teams == original.teams);
        break;
      case CatalogueKind::All:
        break;
    }
    CHECK(catalogue_csv_text(read, kind) == text);
  }
  CHECK(catalogue_csv_text(original, CatalogueKind::Minutes) ==
        "from,to,minutes\n110,172,40\n172,110,42\n");
  CHECK_THROWS_AS(catalogue_csv_text(original, CatalogueKind::All), CliError);
}

TEST_CASE("catalogue CSV: what spreadsheets write") {
  // A BOM, CRLF line ends, columns in another order and some left out,
  // "a;b" lists, yes/no flags, empty optional cells, a blank line.
  const std::string text =
      "\xEF\xBB\xBFstatus,kind,title,description,sets,zones,kaffskala,fixed\r\n"
      "approved,unspezifisch,\"Jodle, laut\",\"Säg \"\"Grüezi\"\"\",Standard; Familie,,,yes\r\n"
      "\r\n"
      "approved,kaff,,,Standard,110;172,5,no\r\n";
  CatalogueInput input;
  add_csv_catalogue(text, "s.csv", input);
  REQUIRE(input.problems.empty());
  REQUIRE(input.catalogue.challenges.size() == 2);
  const CatalogueChallenge& first = input.catalogue.challenges[0];
  CHECK(first.challenge.title == "Jodle, laut");
  CHECK(first.challenge.description == "Säg \"Grüezi\"");
  CHECK(first.sets == std::vector<std::string>{"Standard", "Familie"});
  CHECK(first.zones.empty());
  CHECK_FALSE(first.challenge.kaffskala.has_value());
  CHECK(first.challenge.fixed);
  const CatalogueChallenge& second = input.catalogue.challenges[1];
  CHECK(second.zones == std::vector<std::int64_t>{110, 172});
  CHECK(second.challenge.kaffskala == 5);
  CHECK_FALSE(second.challenge.fixed);
  // Line numbers count physical lines, the blank one included.
  CHECK(input.where["challenges"] == std::vector<std::string>{"s.csv line 2", "s.csv line 4"});
  CHECK(input.catalogue.challenge_sets == std::vector<std::string>{"Standard", "Familie"});
}

TEST_CASE("catalogue CSV: bad rows are problems with their line; bad files are errors") {
  CatalogueInput input;
  add_csv_catalogue(
      "kind,status,title,description,kaffskala\n"
      "unspezifisch,approved,A,\"multi\nline\",\n"
      "unspezifisch,approved,B,D,five\n"
      "unspezifisch,aproved,C,D,\n",
      "b.csv", input);
  CHECK(input.catalogue.challenges.size() == 1);
  REQUIRE(input.problems.size() == 2);
  CHECK_THAT(input.problems[0], ::Catch::StartsWith("b.csv line 4: ") && ::Catch::Contains("five"));
  CHECK_THAT(input.problems[1],
             ::Catch::StartsWith("b.csv line 5: ") && ::Catch::Contains("aproved"));

  const auto fails = [](const std::string& text) {
    CatalogueInput ignored;
    add_csv_catalogue(text, "x.csv", ignored);
  };
  CHECK_THROWS_WITH(fails("kind,status\nkaff\n"),
                    ::Catch::Contains("x.csv line 2") && ::Catch::Contains("1 cells"));
  CHECK_THROWS_WITH(fails("kind,status,wat\n"), ::Catch::Contains("unknown column \"wat\""));
  CHECK_THROWS_WITH(fails("colour\n"), ::Catch::Contains("no known kind"));
  CHECK_THROWS_WITH(fails("kind,title\nkaff,\"open\n"), ::Catch::Contains("not closed"));
  CHECK_THROWS_WITH(fails("kind,title\nkaff,a\"b\n"), ::Catch::Contains("quote inside"));
  CHECK_THROWS_WITH(fails(""), ::Catch::Contains("no header"));
}

TEST_CASE("catalogue CSV: a column named twice is refused, naming it") {
  CatalogueInput input;
  CHECK_THROWS_WITH(add_csv_catalogue("number,num_conn_zones,num_connections,train_through,"
                                      "mongus,s_bahn_zone,number\n"
                                      "110,6,16,true,false,true,111\n",
                                      "zones.csv", input),
                    "error: zones.csv line 1: column \"number\" appears twice in the header "
                    "(columns 1 and 7)");
  CHECK(input.catalogue.zones.empty());
  CHECK(input.problems.empty());
  // The header's own line, after blank lines.
  CHECK_THROWS_WITH(parse_csv("\n\nname,name\n", "s.csv"),
                    "error: s.csv line 3: column \"name\" appears twice in the header "
                    "(columns 1 and 2)");
}

TEST_CASE("catalogue CSV: a missing column is said once, as a column") {
  const auto fails = [](const std::string& text) {
    CatalogueInput ignored;
    add_csv_catalogue(text, "zones.csv", ignored);
  };
  CHECK_THROWS_WITH(fails("number,num_conn_zones,train_through,mongus,s_bahn_zone\n"
                          "110,6,true,false,true\n"),
                    "error: zones.csv: missing column \"num_connections\" (zones need the "
                    "columns number, num_conn_zones, num_connections, train_through, mongus, "
                    "s_bahn_zone)");
  CHECK_THROWS_WITH(fails("kind,title\nkaff,A\n"),
                    ::Catch::StartsWith("error: zones.csv: missing column \"status\""));
  CHECK_THROWS_WITH(fails("from,to\n"), ::Catch::Contains("no known kind"));
  CHECK_THROWS_WITH(fails("from,to,minutes,from\n"), ::Catch::Contains("appears twice"));
  CHECK_THROWS_WITH(fails("name,nickname\nAnn,A\n"), ::Catch::Contains("no known kind"));
  CHECK_THROWS_WITH(fails("passphrase,nickname\np,A\n"),
                    ::Catch::StartsWith("error: zones.csv: missing column \"name\""));
  // Optional columns may be left out.
  CatalogueInput input;
  add_csv_catalogue("name,passphrase\nAnn,p\n", "players.csv", input);
  CHECK(input.problems.empty());
  CHECK(input.catalogue.players.size() == 1);
}

TEST_CASE("catalogue CSV: a bad cell names its line and column, not a JSON path") {
  CatalogueInput input;
  add_csv_catalogue(
      "number,num_conn_zones,num_connections,train_through,mongus,s_bahn_zone\n"
      "110,6,16,true,false,true\n"
      "111,six,16,true,false,true\n"
      "9223372036854775808,6,16,true,false,true\n"
      "113,0x10,16,true,false,true\n"
      "114,6,16,maybe,false,true\n"
      " 115 ,010,16,true,false,true\n",
      "zones.csv", input);
  REQUIRE(input.problems.size() == 4);
  CHECK(input.problems[0] ==
        "zones.csv line 3: column \"num_conn_zones\": expected a decimal integer, got \"six\"");
  CHECK(input.problems[1] ==
        "zones.csv line 4: column \"number\": 9223372036854775808 is out of range (an integer "
        "from -9223372036854775808 to 9223372036854775807)");
  CHECK(input.problems[2] ==
        "zones.csv line 5: column \"num_conn_zones\": expected a decimal integer, got \"0x10\"");
  CHECK(input.problems[3] ==
        "zones.csv line 6: column \"train_through\": \"maybe\" is not true or false");
  REQUIRE(input.catalogue.zones.size() == 2);
  CHECK(input.catalogue.zones[1].number == 115);
  CHECK(input.catalogue.zones[1].num_conn_zones == 10);  // decimal, not octal

  CatalogueInput challenges;
  add_csv_catalogue(
      "kind,status,title,action,zones\n"
      "unspezifisch,approved,A,\"{\"\"type\"\": \"\"nope\"\"}\",\n"
      "unspezifisch,aproved,B,,\n"
      "unspezifisch,approved,C,,\"[\"\"110\"\"]\"\n"
      "unspezifisch,approved,D,,110;x\n",
      "c.csv", challenges);
  REQUIRE(challenges.problems.size() == 4);
  CHECK_THAT(challenges.problems[0],
             ::Catch::StartsWith("c.csv line 2: column \"action\" (.type): unknown type \"nope\""));
  CHECK_THAT(challenges.problems[1],
             ::Catch::StartsWith("c.csv line 3: column \"status\": unknown name \"aproved\""));
  CHECK(challenges.problems[2] ==
        "c.csv line 4: column \"zones\" ([0]): expected an integer, got string");
  CHECK(challenges.problems[3] ==
        "c.csv line 5: column \"zones\": expected a decimal integer, got \"x\"");
}

TEST_CASE("CSV: an unterminated quote is reported at the line where it opens") {
  CHECK_THROWS_WITH(parse_csv("kind,title\nkaff,ok\nkaff,\"open\nmore\nand more\n", "q.csv"),
                    "error: q.csv line 3: a quoted cell starts here and is not closed");
  // A closed multi-line cell before it does not shift the count.
  CHECK_THROWS_WITH(parse_csv("a,b\n\"x\ny\",1\n2,\"z\n\n", "q.csv"),
                    "error: q.csv line 4: a quoted cell starts here and is not closed");
}

TEST_CASE("csv_line quotes exactly what needs quoting") {
  CHECK(csv_line({"a", "b c", ""}) == "a,b c,\n");
  CHECK(csv_line({"a,b", "say \"hi\"", "two\nlines", " padded"}) ==
        "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\"\n");
  const CsvTable back =
      parse_csv("h1,h2,h3,h4\n" + csv_line({"a,b", "say \"hi\"", "two\nlines", " padded"}), "t");
  REQUIRE(back.rows.size() == 1);
  CHECK(back.rows[0].cells ==
        std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines", " padded"});
}
