#include "csv.hpp"

#include <map>

#include "cli_error.hpp"

namespace truinlag::cli {
namespace {

bool needs_quotes(std::string_view cell) {
  if (cell.empty()) return false;
  return cell.find_first_of(",\"\r\n") != std::string_view::npos || cell.front() == ' ' ||
         cell.back() == ' ';
}

}  // namespace

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    const std::string& cell = cells[i];
    if (!needs_quotes(cell)) {
      line += cell;
      continue;
    }
    line += '"';
    for (char c : cell) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += '\n';
  return line;
}

CsvTable parse_csv(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // spreadsheets' BOM
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  std::size_t line = 1;
  row.line = 1;
  bool quoted = false;         // inside a quoted cell
  std::size_t quote_line = 0;  // where the open quoted cell starts
  bool was_quoted = false;     // the current cell was quoted (no more text may follow)
  bool row_has_content = false;
  const auto fail = [&](const std::string& what) {
    throw usage_error(source + " line " + std::to_string(line) + ": " + what);
  };
  const auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  const auto end_row = [&] {
    end_cell();
    if (row_has_content) rows.push_back(std::move(row));
    row = CsvRow{};
    row.line = line + 1;
    row_has_content = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!cell.empty() || was_quoted) fail("a quote inside an unquoted cell");
        quoted = true;
        quote_line = line;
        was_quoted = true;
        row_has_content = true;
        break;
      case ',':
        end_cell();
        row_has_content = true;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the row
        fail("a carriage return outside quotes");
        break;
      case '\n':
        end_row();
        ++line;
        break;
      default:
        if (was_quoted) fail("text after a closing quote");
        cell += c;
        row_has_content = true;
        break;
    }
  }
  if (quoted) {
    // Said at the opening quote: the end of the file says nothing about
    // where the closing one is missing.
    throw usage_error(source + " line " + std::to_string(quote_line) +
                      ": a quoted cell starts here and is not closed");
  }
  end_row();

  CsvTable table;
  if (rows.empty()) throw usage_error(source + ": no header row");
  table.header = std::move(rows.front().cells);
  // Two cells for one field would leave one of them silently unused.
  std::map<std::string_view, std::size_t> columns;  // name -> 1-based column
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const auto [it, added] = columns.emplace(table.header[i], i + 1);
    if (!added) {
      throw usage_error(source + " line " + std::to_string(rows.front().line) + ": column \"" +
                        table.header[i] + "\" appears twice in the header (columns " +
                        std::to_string(it->second) + " and " + std::to_string(i + 1) + ")");
    }
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].cells.size() != table.header.size()) {
      throw usage_error(source + " line " + std::to_string(rows[i].line) + ": " +
                        std::to_string(rows[i].cells.size()) + " cells, the header has " +
                        std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(rows[i]));
  }
  return table;
}

}  // namespace truinlag::cli
