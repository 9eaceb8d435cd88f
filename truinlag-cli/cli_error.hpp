// How truinlag-cli ends when something is wrong: an exit code scripts can
// rely on and a message for people.
#pragma once

#include <stdexcept>
#include <string>

namespace truinlag::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,       // the engine refused, or a name names nothing or several things
  kExitUsage = 2,         // the command line (or a value or file it names) could not be parsed
  kExitDisconnected = 3,  // no daemon to talk to, or it went away
};

// Ends the program: main prints the message on stderr and exits with the code.
class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// "error: <message>" with kExitUsage: input that cannot be parsed.
inline CliError usage_error(const std::string& message) {
  return CliError(kExitUsage, "error: " + message);
}

}  // namespace truinlag::cli
