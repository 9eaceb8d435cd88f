// `completion bash|zsh|list`: shell completion generated from the CLI11
// app itself, so it names exactly the verbs and options the program has.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace truinlag::cli {

// A command of the tree and what may follow it.
struct CommandInfo {
  std::string path;                        // "" (the program), "watch", "session add"
  std::vector<std::string> subcommands;    // "add", "list", ... in the order of --help
  std::vector<std::string> options;        // "-h", "--help", "--mode", ... and the
                                           // options of its parents that it passes
                                           // on (CLI11's fallthrough: --socket, --json)
  std::vector<std::string> value_options;  // those of `options` that take a value
};

// Every command, parents before children, the program first.
std::vector<CommandInfo> command_tree(const CLI::App& app);

// Scripts completing `program`'s nouns, verbs and each verb's options
// (after "-"); anything else (positionals, option values) is left to the
// shell's file completion.
std::string bash_completion(const CLI::App& app, const std::string& program);
std::string zsh_completion(const CLI::App& app, const std::string& program);

// One line per command, for other shells and tools:
//   truinlag-cli session add: -h --help --mode= --socket= --json
// (subcommands, then options; "=" marks an option that takes a value).
std::string command_list(const CLI::App& app, const std::string& program);

}  // namespace truinlag::cli
