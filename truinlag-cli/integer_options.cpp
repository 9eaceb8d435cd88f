#include "integer_options.hpp"

#include <cstdint>
#include <string>

#include "decimal.hpp"

namespace truinlag::cli {
namespace {

template <class T>
std::string check_and_canonicalise(std::string& text) {
  T value{};
  std::string problem = read_decimal(text, value);
  if (problem.empty()) text = std::to_string(value);
  return problem;
}

}  // namespace

CLI::Validator decimal_integer(bool is_unsigned) {
  // No description: the help keeps showing "INT" / "UINT" alone.
  if (is_unsigned) return CLI::Validator(check_and_canonicalise<std::uint64_t>, "", "DECIMAL");
  return CLI::Validator(check_and_canonicalise<std::int64_t>, "", "DECIMAL");
}

std::size_t require_decimal_integers(CLI::App& app) {
  std::size_t covered = 0;
  for (CLI::Option* option : app.get_options()) {
    // The type name before any validator's ":..." (our validator adds none).
    const std::string type = option->get_type_name();
    const std::string base = type.substr(0, type.find(':'));
    if (base == "INT" || base == "UINT") {
      // transform, not check: a check's rewrite of the text is dropped.
      option->transform(decimal_integer(base == "UINT"));
      ++covered;
    }
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    covered += require_decimal_integers(*sub);
  }
  return covered;
}

}  // namespace truinlag::cli
