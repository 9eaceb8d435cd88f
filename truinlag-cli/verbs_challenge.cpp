// challenge add | set | list | clear
#include <memory>

#include "challenge_args.hpp"
#include "daemon.hpp"
#include "format_lists.hpp"

namespace truinlag::cli {
namespace {

std::string challenge_label(const Challenge& challenge) {
  return "challenge #" + std::to_string(challenge.id) + " " +
         challenge.title.value_or(challenge.place.value_or(""));
}

// With --json the list of answers, else the lines for people.
void print_answers(const GlobalOptions& global, const std::vector<Result>& answers,
                   const std::string& text) {
  if (global.json) {
    print_json(answers);
  } else {
    std::cout << text << std::flush;
  }
}

// Adds each challenge in order. The JSON is checked first, so a typo adds
// nothing; the engine may still refuse one, and then the ones before it
// stay added and the answers so far are printed before the error.
int add_challenges(const GlobalOptions& global, const nlohmann::json& input) {
  const bool many = input.is_array();
  std::vector<Challenge> challenges;
  for (const auto& element : many ? input : nlohmann::json::array({input})) {
    challenges.push_back(challenge_from_json(element, Challenge{}, true));
  }
  Daemon daemon(global);
  std::vector<Result> answers;
  std::string text;
  for (std::size_t i = 0; i < challenges.size(); ++i) {
    try {
      const auto created = daemon.ask(AddChallenge{challenges[i]});
      challenges[i].id = created.id;
      answers.push_back(created);
      text += "added " + challenge_label(challenges[i]) + "\n";
    } catch (const EngineError& e) {
      if (!many) throw;  // main reports it like any refusal
      answers.push_back(Failure{e.error()});
      print_answers(global, answers, text);
      throw CliError(kExitFailure, "error: challenge [" + std::to_string(i) + "]: " + e.what());
    }
  }
  if (!many) return print_answer(global, std::get<Created>(answers.front()), text);
  print_answers(global, answers, text);
  return kExitOk;
}

Verb add_challenge_add(CLI::App& noun, const GlobalOptions& global) {
  auto argument = std::make_shared<std::string>();
  CLI::App* verb = add_verb(
      noun, "add", "Add challenges from JSON: one object, or an array of them",
      "truinlag-cli challenge add '{\"kind\": \"unspezifisch\", \"status\": \"approved\",\n"
      "    \"sets\": [1], \"title\": \"Jodle\", \"description\": \"Jodlet am Bahnhof.\",\n"
      "    \"additional_points\": 100}'\n"
      "truinlag-cli challenge add challenges.json");
  verb->add_option("JSON_OR_FILE", *argument,
                   "Inline JSON, a file of JSON, or - for standard input (docs/cli.md)")
      ->required();
  return {verb,
          [&global, argument] { return add_challenges(global, read_json_argument(*argument)); }};
}

Verb add_challenge_set(CLI::App& noun, const GlobalOptions& global) {
  struct Args {
    ChallengeId id = 0;
    std::string argument;
  };
  auto args = std::make_shared<Args>();
  CLI::App* verb = add_verb(noun, "set", "Change a challenge: the keys given replace its values",
                            "truinlag-cli challenge set 4 '{\"status\": \"approved\"}'\n"
                            "truinlag-cli challenge set 4 challenge-4.json");
  verb->add_option("ID", args->id, "The challenge's id (challenge list)")->required();
  verb->add_option("JSON_OR_FILE", args->argument,
                   "Inline JSON, a file of JSON, or - for standard input")
      ->required();
  return {verb, [&global, args] {
            const nlohmann::json input = read_json_argument(args->argument);
            if (input.contains("id") && input["id"] != args->id) {
              throw usage_error("the JSON's \"id\" differs from ID " + std::to_string(args->id));
            }
            Daemon daemon(global);
            const auto list = daemon.ask(GetChallenges{});
            const Challenge* stored = nullptr;
            for (const Challenge& c : list.challenges) {
              if (c.id == args->id) stored = &c;
            }
            if (!stored) fail_with(NotFound{"challenge " + std::to_string(args->id)});
            const Challenge changed = challenge_from_json(input, *stored, false);
            const auto done = daemon.ask(SetChallenge{changed});
            return print_answer(global, done, "changed " + challenge_label(changed) + "\n");
          }};
}

Verb add_challenge_list(CLI::App& noun, const GlobalOptions& global) {
  CLI::App* verb = add_verb(noun, "list", "List the challenges (--json: every field)",
                            "truinlag-cli challenge list\n"
                            "truinlag-cli challenge list --json > challenges.json");
  return {verb, [&global] {
            Daemon daemon(global);
            const auto list = daemon.ask(GetChallenges{});
            return print_answer(global, list, challenges_text(list.challenges));
          }};
}

Verb add_challenge_clear(CLI::App& noun, const GlobalOptions& global) {
  auto yes = std::make_shared<bool>(false);
  CLI::App* verb = add_verb(noun, "clear", "Delete every challenge (running games keep theirs)",
                            "truinlag-cli challenge clear --yes");
  verb->add_flag("--yes", *yes, "Required: says you mean it");
  return {verb, [&global, yes] {
            if (!*yes) throw usage_error("challenge clear deletes every challenge; add --yes");
            Daemon daemon(global);
            const auto done = daemon.ask(DeleteAllChallenges{});
            return print_answer(global, done, "deleted every challenge\n");
          }};
}

}  // namespace

void add_challenge_verbs(CLI::App& app, const GlobalOptions& global, Verbs& verbs) {
  CLI::App* noun = add_noun(app, "challenge", "Add, change, list and delete challenges");
  verbs.push_back(add_challenge_add(*noun, global));
  verbs.push_back(add_challenge_set(*noun, global));
  verbs.push_back(add_challenge_list(*noun, global));
  verbs.push_back(add_challenge_clear(*noun, global));
}

}  // namespace truinlag::cli
