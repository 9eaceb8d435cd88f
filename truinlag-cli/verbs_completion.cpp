// `completion bash|zsh|list`: prints a completion script made from the app's
// own tree of verbs and options (completion.hpp), so it cannot drift.
#include <memory>

#include "completion.hpp"
#include "verbs.hpp"

namespace truinlag::cli {

Verb add_completion_verb(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* verb =
      add_verb(app, "completion", "Print a shell completion script for truinlag-cli",
               "source <(truinlag-cli completion bash)        (a line for ~/.bashrc)\n"
               "truinlag-cli completion zsh > ~/.zfunc/_truinlag-cli   (~/.zfunc in $fpath)");
  verb->add_option("SHELL", *shell,
                   "bash, zsh, or list (each command with what may follow it, one a line)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "list"}));
  // The tree is walked when the verb runs, so verbs added after this one
  // are in it too.
  return {verb, [&app, shell] {
            const std::string program = "truinlag-cli";
            if (*shell == "bash") {
              std::cout << bash_completion(app, program);
            } else if (*shell == "zsh") {
              std::cout << zsh_completion(app, program);
            } else {
              std::cout << command_list(app, program);
            }
            std::cout << std::flush;
            return static_cast<int>(kExitOk);
          }};
}

}  // namespace truinlag::cli
