// The libFuzzer entry point of one fuzz target: meson builds this file once
// per target, with TRUINLAG_FUZZ_TARGET naming it (see fuzz_checks.hpp).
#include <cstdio>

#include "fuzz_checks.hpp"

[[noreturn]] void truinlag::fuzz::property_violated(const char* what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  __builtin_trap();  // a crash: libFuzzer saves the input as a finding
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  truinlag::fuzz::check_target(TRUINLAG_FUZZ_TARGET, {data, size});
  return 0;
}
