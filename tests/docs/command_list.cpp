// Prints docs/commands.md from the compiled contracts (doc_tables.hpp).
#include <iostream>

#include "docs/doc_tables.hpp"

int main() {
  std::cout << truinlag::docs::command_list();
  return 0;
}
