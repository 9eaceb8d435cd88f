// `import FILE...` and `export [FILE]`: the catalogue through files
// (catalogue_file.hpp), in one request each way. Several import files go
// into one Import, so zones.csv, minutes.csv and challenges.csv land
// together or not at all.
#include <fstream>
#include <iterator>

#include "catalogue_file.hpp"
#include "challenge_args.hpp"
#include "verbs.hpp"

namespace truinlag::cli {
namespace {

enum class Format { Auto, Json, Csv };

Format format_of(const std::string& name, Format given) {
  if (given != Format::Auto) return given;
  const auto dot = name.rfind('.');
  if (dot != std::string::npos && name.substr(dot) == ".csv") return Format::Csv;
  return Format::Json;
}

Format parse_format(const std::string& text) {
  if (text == "auto") return Format::Auto;
  if (text == "json") return Format::Json;
  if (text == "csv") return Format::Csv;
  throw usage_error("--format is auto, json or csv, not \"" + text + "\"");
}

std::string read_file(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw usage_error("cannot read \"" + path + "\"");
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

struct ImportArgs {
  std::vector<std::string> files;
  bool skip_invalid = false;
  std::string format = "auto";
};

CatalogueInput read_inputs(const ImportArgs& args) {
  CatalogueInput input;
  for (const std::string& path : args.files) {
    const std::string source = path == "-" ? "stdin" : path;
    const std::string text = read_file(path);
    if (format_of(path, parse_format(args.format)) == Format::Csv) {
      add_csv_catalogue(text, source, input);
    } else {
      nlohmann::json json;
      try {
        json = nlohmann::json::parse(text);
      } catch (const nlohmann::json::parse_error& e) {
        throw usage_error(source + " is not valid JSON: " + e.what());
      }
      add_json_catalogue(json, source, input);
    }
  }
  return input;
}

// The client library refuses a request over the daemon's frame limit with
// BadData "request of N bytes exceeds the daemon's limit of M bytes ...";
// for an import the way out is to split the files, which only we can say.
void refuse_oversize_import(const Result& result, const Catalogue& catalogue) {
  const auto* failure = std::get_if<Failure>(&result);
  const auto* bad = failure ? std::get_if<BadData>(&failure->error) : nullptr;
  if (!bad || bad->text.rfind("request of ", 0) != 0 ||
      bad->text.find("exceeds the daemon's limit") == std::string::npos) {
    return;
  }
  throw CliError(kExitFailure,
                 "error: " + describe(failure->error) + "\nthe import holds " +
                     std::to_string(catalogue.challenges.size()) + " challenge(s) and " +
                     std::to_string(catalogue.players.size()) + " player(s) (and " +
                     std::to_string(catalogue.teams.size()) +
                     " team(s)): split it into several files (sets, zones and minutes first, "
                     "then the challenges in parts) and import them one after the other");
}

int run_import(const GlobalOptions& global, const ImportArgs& args) {
  const CatalogueInput input = read_inputs(args);
  // Records that do not even read: refused here, like the engine's refusals.
  for (const std::string& problem : input.problems) {
    std::cerr << (args.skip_invalid ? "skipped: " : "error: ") << problem << "\n";
  }
  if (!input.problems.empty() && !args.skip_invalid) {
    throw CliError(kExitUsage,
                   "error: nothing imported: " + std::to_string(input.problems.size()) +
                       " record(s) could not be read (--skip-invalid imports the rest)");
  }
  Client client = connect_daemon(global);
  const Result result = call(client, global, Import{input.catalogue, args.skip_invalid});
  refuse_oversize_import(result, input.catalogue);
  if (global.json) print_json(result);
  const Imported& imported = expect<Imported>(result);
  for (const ImportRejection& rejection : imported.rejected) {
    const auto labels = input.where.find(rejection.part);
    const std::string label = labels != input.where.end() && rejection.index < labels->second.size()
                                  ? labels->second[rejection.index]
                                  : rejection.part + "[" + std::to_string(rejection.index) + "]";
    std::cerr << (args.skip_invalid ? "skipped: " : "error: ") << label << ": "
              << describe(rejection.error) << "\n";
  }
  if (!imported.rejected.empty() && !args.skip_invalid) {
    throw CliError(kExitFailure,
                   "error: nothing imported: " + std::to_string(imported.rejected.size()) +
                       " record(s) refused (--skip-invalid imports the rest)");
  }
  if (!global.json) {
    std::cout << "imported " << imported.imported << " record(s)";
    const std::size_t skipped = imported.rejected.size() + input.problems.size();
    if (skipped > 0) std::cout << ", skipped " << skipped;
    std::cout << "\n";
  }
  return kExitOk;
}

struct ExportArgs {
  std::string file = "-";
  std::string what = "all";
  std::string format = "auto";
};

int run_export(const GlobalOptions& global, const ExportArgs& args) {
  const auto what = catalogue_kind(args.what);
  if (!what) {
    throw usage_error("--what is all, challenges, sets, zones, minutes, players or teams");
  }
  const Format format = format_of(args.file, parse_format(args.format));
  if (format == Format::Csv && *what == CatalogueKind::All) {
    throw usage_error(
        "a CSV holds one kind of record: give --what challenges|sets|zones|minutes|players|teams");
  }
  Client client = connect_daemon(global);
  const Result result = call(client, global, Export{});
  const Catalogue& catalogue = expect<CatalogueResult>(result).catalogue;
  const std::string text = format == Format::Csv ? catalogue_csv_text(catalogue, *what)
                                                 : catalogue_json_text(catalogue, *what);
  if (args.file == "-") {
    std::cout << text << std::flush;
    return kExitOk;
  }
  std::ofstream out(args.file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw CliError(kExitFailure, "error: cannot write \"" + args.file + "\"");
  return kExitOk;
}

}  // namespace

Verb add_import_verb(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* command = add_verb(
      app, "import",
      "Add challenge sets, zones, travel minutes, challenges, players and teams from files, in "
      "one request: all of them, or none if any record is invalid",
      "truinlag-cli import day.json\n"
      "truinlag-cli import zones.csv minutes.csv challenges.csv\n"
      "truinlag-cli import --skip-invalid challenges.csv");
  command
      ->add_option("FILE", args->files,
                   "JSON catalogues or CSVs (one kind each, told by the header row); "
                   "\"-\" reads standard input")
      ->required();
  command->add_flag("--skip-invalid", args->skip_invalid,
                    "Import the valid records and report the others (default: import nothing "
                    "if any record is invalid)");
  command
      ->add_option("--format", args->format,
                   "auto (by extension: .csv is CSV, anything else JSON), json or csv")
      ->capture_default_str();
  return {command, [&global, args] { return run_import(global, *args); }};
}

Verb add_export_verb(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* command =
      add_verb(app, "export",
               "Write the catalogue (sets, zones, minutes, challenges, players, teams) as JSON or "
               "one CSV",
               "truinlag-cli export day.json\n"
               "truinlag-cli export --what challenges challenges.csv\n"
               "truinlag-cli export --what minutes --format csv > minutes.csv");
  command->add_option("FILE", args->file, "Where to write (default: standard output)")
      ->capture_default_str();
  command
      ->add_option("--what", args->what,
                   "all, challenges (with their sets), sets, zones (with minutes in JSON), "
                   "minutes, players or teams; a CSV holds one of them")
      ->capture_default_str();
  command
      ->add_option("--format", args->format,
                   "auto (by extension: .csv is CSV, anything else JSON), json or csv")
      ->capture_default_str();
  return {command, [&global, args] { return run_export(global, *args); }};
}

}  // namespace truinlag::cli
