// `truinlag-cli completion` (truinlag-cli/completion.hpp): the tree walk on
// a small app, then the real program's scripts run in bash the way bash
// runs them on <Tab>, and every verb's --help checked for an example.
// Needs $TRUINLAG_CLI; no daemon.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "completion.hpp"
#include "support/daemon_process.hpp"

using truinlag::cli::command_tree;
using truinlag::testing::run_command;
using truinlag::testing::TempDir;

namespace {

std::string cli() {
  const char* path = std::getenv("TRUINLAG_CLI");
  REQUIRE(path != nullptr);
  return path;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The script of `shell`, saved in `dir`.
std::string script(const TempDir& dir, const std::string& shell) {
  const auto result = run_command(cli() + " completion " + shell);
  REQUIRE(result.exit_code == 0);
  const std::string path = dir.file("completion." + shell);
  write_file(path, result.out);
  return path;
}

// What bash offers for the command line `words` with the cursor on the
// last word (COMP_WORDS as bash splits them, "=" a word of its own).
std::vector<std::string> complete(const std::string& script_path,
                                  const std::vector<std::string>& words) {
  std::string array;
  for (const std::string& word : words) array += " '" + word + "'";
  TempDir dir;
  const std::string driver = dir.file("driver.sh");
  write_file(driver, "source '" + script_path + "'\nCOMP_WORDS=(" + array +
                         ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
                         "\n_truinlag_cli\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
  const auto result = run_command("bash " + driver);
  REQUIRE(result.exit_code == 0);
  std::vector<std::string> offered;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) offered.push_back(line);
  }
  return offered;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("the tree: subcommands in order, options with those passed on to parents") {
  CLI::App app{"test"};
  std::string socket;
  bool json = false;
  app.add_option("--socket", socket);
  app.add_flag("--json", json);
  app.fallthrough();
  CLI::App* noun = app.add_subcommand("session");
  CLI::App* add = noun->add_subcommand("add");
  std::string mode, name;
  add->add_option("--mode,-m", mode);
  add->add_option("NAME", name);  // a positional: no word to complete
  noun->add_subcommand("list");
  app.add_option_group("group");  // nameless: not a word either

  const auto tree = command_tree(app);
  REQUIRE(tree.size() == 4);
  CHECK(tree[0].path.empty());
  CHECK(tree[0].subcommands == std::vector<std::string>{"session"});
  CHECK(tree[1].path == "session");
  CHECK(tree[1].subcommands == std::vector<std::string>{"add", "list"});
  CHECK(tree[2].path == "session add");
  CHECK(tree[2].options ==
        std::vector<std::string>{"-h", "--help", "-m", "--mode", "--socket", "--json"});
  CHECK(tree[2].value_options == std::vector<std::string>{"-m", "--mode", "--socket"});
  CHECK(tree[3].path == "session list");

  // Without fallthrough a verb does not pass the program's options on.
  CLI::App strict{"strict"};
  strict.add_flag("--json", json);
  strict.add_subcommand("ping");
  CHECK(command_tree(strict)[1].options == std::vector<std::string>{"-h", "--help"});
}

TEST_CASE("completion bash: valid bash that completes nouns, verbs and options") {
  TempDir dir;
  const std::string bash = script(dir, "bash");
  CHECK(run_command("bash -n " + bash).exit_code == 0);

  CHECK(complete(bash, {"truinlag-cli", "ses"}) == std::vector<std::string>{"session"});
  const auto verbs = complete(bash, {"truinlag-cli", "session", ""});
  CHECK(has(verbs, "add"));
  CHECK(has(verbs, "list"));
  CHECK(has(verbs, "remove"));
  CHECK_FALSE(has(verbs, "--help"));  // options only after a "-"
  const auto watch = complete(bash, {"truinlag-cli", "watch", "--"});
  CHECK(has(watch, "--session"));
  CHECK(has(watch, "--socket"));  // the program's options work after the verb too
  CHECK(has(watch, "--json"));
  CHECK(has(complete(bash, {"truinlag-cli", "scoreboard", "OG", "--"}), "--no-color"));
  CHECK(complete(bash, {"truinlag-cli", "session", "add", "--m"}) ==
        std::vector<std::string>{"--mode"});
  const auto nouns = complete(bash, {"truinlag-cli", ""});
  CHECK(has(nouns, "scoreboard"));
  CHECK(has(nouns, "completion"));
  CHECK(has(nouns, "game"));

  // Option values are skipped, also as --opt=value (bash splits off "=").
  CHECK(complete(bash, {"truinlag-cli", "--socket", "/tmp/t.sock", "team", "ass"}) ==
        std::vector<std::string>{"assign"});
  CHECK(complete(bash, {"truinlag-cli", "--socket", "=", "/tmp/t.sock", "ga"}) ==
        std::vector<std::string>{"game"});
  // A flag takes no value: the word after it is the verb.
  CHECK(complete(bash, {"truinlag-cli", "--json", "sco"}) ==
        std::vector<std::string>{"scoreboard"});
  // The cursor on an option's value: nothing of ours (bash offers files).
  CHECK(complete(bash, {"truinlag-cli", "--socket", ""}).empty());
  CHECK(complete(bash, {"truinlag-cli", "watch", "--session", "s"}).empty());
}

TEST_CASE("completion zsh: the same tables, and valid zsh where zsh is installed") {
  TempDir dir;
  const std::string zsh = script(dir, "zsh");
  std::ifstream in(zsh);
  std::stringstream text;
  text << in.rdbuf();
  CHECK_THAT(text.str(), Catch::StartsWith("#compdef truinlag-cli\n"));
  CHECK_THAT(text.str(), Catch::Contains("    'session') echo 'add list remove "));
  CHECK_THAT(text.str(), Catch::Contains("compdef _truinlag_cli truinlag-cli\n"));
  if (run_command("command -v zsh").exit_code == 0) {
    CHECK(run_command("zsh -n " + zsh).exit_code == 0);
  } else {
    std::cout << "zsh is not installed: the zsh script's syntax was not checked\n";
  }
}

TEST_CASE("completion: an unknown shell is a usage error") {
  CHECK(run_command(cli() + " completion fish 2>/dev/null").exit_code == 2);
}

TEST_CASE("every verb's --help ends with an example") {
  // `completion list`: "truinlag-cli session add: -h --help --mode= ...";
  // a verb is a command with nothing but options after the colon.
  const auto list = run_command(cli() + " completion list");
  REQUIRE(list.exit_code == 0);
  std::istringstream lines(list.out);
  std::size_t verbs = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    const std::string command = line.substr(0, colon);
    std::istringstream words(line.substr(colon + 1));
    bool leaf = true;
    for (std::string word; words >> word;) leaf = leaf && word[0] == '-';
    if (!leaf) continue;
    ++verbs;
    INFO(command << " --help");
    const auto help = run_command(cli() + command.substr(12) + " --help");  // after "truinlag-cli"
    CHECK(help.exit_code == 0);
    // The footer, not the usage line: an example after "Example".
    const std::size_t example = help.out.find("Example");
    REQUIRE(example != std::string::npos);
    CHECK_THAT(help.out.substr(example), Catch::Contains("\n  truinlag-cli "));
  }
  CHECK(verbs >= 40);  // the walk found the verbs, not just a few
}
