// `backup PATH`: a consistent copy of the daemon's database, taken by the
// daemon with SQLite's online backup between two commits.
#include <filesystem>

#include "verbs.hpp"

namespace truinlag::cli {

Verb add_backup_verb(CLI::App& app, const GlobalOptions& global) {
  auto path = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "backup", "Copy the daemon's database to PATH while it runs (a consistent snapshot)");
  command->add_option("PATH", *path, "Where to write the copy (on the daemon's machine)")
      ->required();
  command->footer(
      "Example:\n"
      "  truinlag-cli backup /var/backups/truinlag-$(date +%F).db");
  return {command, [&global, path] {
            // The daemon resolves relative paths against its own working
            // directory; send the path as the user meant it.
            const std::string absolute = std::filesystem::absolute(*path).string();
            Client client = connect_daemon(global);
            return report<Success>(global, call(client, global, Backup{absolute}),
                                   [absolute](const Success&) {
                                     return "backup written to " + absolute + "\n";
                                   });
          }};
}

}  // namespace truinlag::cli
