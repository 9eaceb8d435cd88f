// CSV as spreadsheets write it (RFC 4180): a header row, then one record
// per row; cells with commas, quotes or line breaks are quoted and quotes
// doubled. Reading accepts LF and CRLF line ends, a UTF-8 byte-order mark,
// and quoted cells spanning lines. Pure: tested without files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace truinlag::cli {

struct CsvRow {
  std::size_t line = 0;  // 1-based line where the row starts (the header is line 1)
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Throws CliError(kExitUsage) naming `source` and the line for an
// unterminated quote (the line where it opens), a stray quote inside an
// unquoted cell, a header naming a column twice, or a row with another
// number of cells than the header. Blank lines are skipped.
CsvTable parse_csv(std::string_view text, const std::string& source);

// One row, quoted where needed, ending in "\n".
std::string csv_line(const std::vector<std::string>& cells);

}  // namespace truinlag::cli
