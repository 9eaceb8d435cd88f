// Test support: runs truinlag-cli ($TRUINLAG_CLI) against one daemon's
// socket and hands back exit code, stdout and stderr, for the end-to-end
// tests of CLI verbs.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/daemon_process.hpp"

// Not inside namespace truinlag: there `Catch` would name the engine's
// Catch command instead of Catch2's namespace the macros use.
namespace cli_support {

using truinlag::testing::CommandResult;
using truinlag::testing::run_command;
using truinlag::testing::TempDir;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Cli {
  std::string base;        // "<truinlag-cli> --socket <path>"
  std::string stderr_file;  // where a run's stderr goes before it is read back

  // Needs TRUINLAG_CLI (set by meson for the e2e suite).
  Cli(const TempDir& dir, const std::string& socket)
      : base(cli_path() + " --socket " + socket), stderr_file(dir.file("cli.stderr")) {}

  static std::string cli_path() {
    const char* path = std::getenv("TRUINLAG_CLI");
    REQUIRE(path != nullptr);
    return path;
  }

  CliRun run(const std::string& args) const {
    CommandResult result = run_command(base + " " + args + " 2>" + stderr_file);
    return {result.exit_code, std::move(result.out), file_text(stderr_file)};
  }
  // A command that must succeed; its stdout.
  std::string ok(const std::string& args) const {
    CliRun result = run(args);
    INFO("truinlag-cli " << args << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }
  nlohmann::json json_of(const std::string& args) const {
    return nlohmann::json::parse(ok("--json " + args));
  }
};

}  // namespace cli_support
