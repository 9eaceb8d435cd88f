// The docs that list the wire types and the commands are checked against
// the compiled types (tests/docs/doc_tables.hpp): a command, result, event
// or error added, renamed or reordered without its docs fails here, naming
// the table and the row.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "docs/doc_tables.hpp"
#include "truinlag/messages.hpp"

using namespace truinlag;
using truinlag::docs::Alternative;

namespace {

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string{TRUINLAG_DOCS_DIR} + "/" + name);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rows of the table under "### heading": index, `C++`, `json`, and the
// backticked names before a colon in the fields cell.
std::vector<Alternative> table_after(const std::string& doc, const std::string& heading) {
  const auto start = doc.find("\n### " + heading + "\n");
  REQUIRE(start != std::string::npos);
  std::istringstream lines(doc.substr(start + heading.size() + 6));
  static const std::regex row(R"(^\| (\d+) \| `(\w+)` \| `(\w+)` \| (.*) \|$)");
  static const std::regex field("`(\\w+)`:");
  std::vector<Alternative> rows;
  std::string line;
  while (std::getline(lines, line) && !line.starts_with("### ")) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    Alternative a{std::stoul(m[1]), m[2], m[3], {}};
    const std::string cell = m[4];
    for (std::sregex_iterator it(cell.begin(), cell.end(), field), end; it != end; ++it) {
      a.fields.push_back((*it)[1]);
    }
    rows.push_back(a);
  }
  return rows;
}

std::string show(const Alternative& a) {
  std::string text = std::to_string(a.index) + " " + a.cpp + " " + a.json + " (";
  for (const auto& f : a.fields) text += f + " ";
  return text + ")";
}

template <class V>
void check_table(const std::string& doc, const std::string& heading) {
  const auto documented = table_after(doc, heading);
  const auto compiled = docs::alternatives<V>();
  INFO("docs/protocol.md section 9, table " << heading);
  CHECK(documented.size() == compiled.size());
  for (std::size_t i = 0; i < std::min(documented.size(), compiled.size()); ++i) {
    INFO("row " << i << ": documented " << show(documented[i]) << ", compiled "
                << show(compiled[i]));
    CHECK(documented[i] == compiled[i]);
  }
}

}  // namespace

TEST_CASE("docs/protocol.md's variant tables match the compiled types") {
  const std::string doc = read_doc("protocol.md");
  check_table<ClientMessage>(doc, "ClientMessage");
  check_table<ServerMessage>(doc, "ServerMessage");
  check_table<Command>(doc, "Command");
  check_table<Result>(doc, "Result");
  check_table<BroadcastEvent>(doc, "BroadcastEvent");
  check_table<Error>(doc, "Error");
  check_table<PeriodContext>(doc, "PeriodContext");
  check_table<ChallengeAction>(doc, "ChallengeAction");
  check_table<Event>(doc, "Event");
  // The version the text claims to describe.
  CHECK_THAT(
      doc, Catch::Contains("exact for protocol version " + std::to_string(kProtocolVersion) + "."));
}

TEST_CASE("docs/commands.md is the command list the contracts generate") {
  // On failure: build/tests/docs/command-list > docs/commands.md
  CHECK(read_doc("commands.md") == docs::command_list());
}

TEST_CASE("the table reader finds a row the docs would get wrong") {
  // The check above is only as good as the reader: a changed field name or
  // a missing row must show up as a difference.
  const std::string doc =
      "x\n### T\n\n| index | C++ type | JSON `type` | fields |\n|---:|---|---|---|\n"
      "| 0 | `Ping` | `ping` | `payload`: optional<string> |\n"
      "| 1 | `GetState` | `get_state` | (no fields: 0 bytes) |\n### U\n"
      "| 2 | `Shutdown` | `shutdown` | (no fields: 0 bytes) |\n";
  const auto rows = table_after(doc, "T");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Alternative{0, "Ping", "ping", {"payload"}});
  CHECK(rows[1] == Alternative{1, "GetState", "get_state", {}});
  // A row with a field the code does not have differs from the code's row.
  CHECK(rows[1] != docs::alternatives<Command>()[0]);
}
