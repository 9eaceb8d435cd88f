#include "protocol/bounded_input_archive.hpp"

#include <bit>

namespace truinlag::protocol {

BoundedInputArchive::BoundedInputArchive(std::span<const std::uint8_t> bytes,
                                         std::uint32_t format)
    : bytes_(bytes), format_(format) {
  if (format < 1 || format > kValueFormat) {
    throw DecodeError("value format " + std::to_string(format) + " is not one this build reads");
  }
  std::uint8_t little = 0;
  read_raw(&little, 1);
  if (little > 1) throw DecodeError("bad byte-order header");
  const bool host_little = std::endian::native == std::endian::little;
  swap_ = (little == 1) != host_little;
}

void BoundedInputArchive::truncated() { throw DecodeError("payload truncated"); }

std::size_t BoundedInputArchive::read_size(std::size_t min_bytes_per_element) {
  std::uint64_t size = 0;
  read(size);
  // Every element occupies at least min_bytes_per_element on the wire, so a
  // size the remaining bytes cannot hold is a lie: refuse it before any
  // allocation is sized from it.
  if (size > bytes_left() / min_bytes_per_element) {
    throw DecodeError("size prefix " + std::to_string(size) + " exceeds the " +
                      std::to_string(bytes_left()) + " bytes left");
  }
  return static_cast<std::size_t>(size);
}

}  // namespace truinlag::protocol
