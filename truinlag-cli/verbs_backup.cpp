// `backup PATH [--overwrite]`: a consistent copy of the daemon's database,
// taken by the daemon with SQLite's online backup between two commits. The
// daemon refuses every target that would destroy a database (its own, one
// in use by another truinlagd, an existing file without --overwrite);
// those sentences are printed as they come (exit 1).
#include <filesystem>

#include "verbs.hpp"

namespace truinlag::cli {

Verb add_backup_verb(CLI::App& app, const GlobalOptions& global) {
  auto backup = std::make_shared<Backup>();
  CLI::App* command = app.add_subcommand(
      "backup", "Copy the daemon's database to PATH while it runs (a consistent snapshot)");
  command->add_option("PATH", backup->path, "Where to write the copy (on the daemon's machine)")
      ->required();
  command->add_flag("--overwrite", backup->overwrite,
                    "Replace PATH if it exists (never a database a truinlagd is using)");
  command->footer(
      "The copy is written to a temporary file next to PATH and renamed into place\n"
      "when complete. PATH must not exist unless --overwrite is given; the daemon's\n"
      "own database and another running daemon's database are always refused.\n"
      "\n"
      "Examples:\n"
      "  truinlag-cli backup /var/backups/truinlag-$(date +%F).db\n"
      "  truinlag-cli backup --overwrite /var/backups/truinlag-latest.db");
  return {command, [&global, backup] {
            // The daemon resolves relative paths against its own working
            // directory; send the path as the user meant it. An empty path
            // is sent as it is, for the daemon's sentence about it.
            Backup request = *backup;
            if (!request.path.empty()) {
              request.path = std::filesystem::absolute(request.path).lexically_normal().string();
            }
            Client client = connect_daemon(global);
            const std::string written = request.path;
            return report<Success>(
                global, call(client, global, request),
                [written](const Success&) { return "backup written to " + written + "\n"; });
          }};
}

}  // namespace truinlag::cli
