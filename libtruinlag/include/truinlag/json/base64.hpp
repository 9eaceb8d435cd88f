// Base64 (RFC 4648, standard alphabet, with padding) for the byte strings
// of the wire types (JPEG pictures), which JSON cannot carry as text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace truinlag {

std::string base64_encode(std::string_view bytes);

// Returns nullopt unless `text` is canonical padded base64: only alphabet
// characters, a length divisible by 4, and at most two '=' at the end.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace truinlag
