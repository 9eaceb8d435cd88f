// Where the daemon listens unless told otherwise; truinlagd uses the same
// rule, so client and daemon meet without configuration.
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "truinlag/client.hpp"

namespace truinlag {

std::string default_socket_path() {
  if (const char* path = std::getenv("TRUINLAG_SOCKET"); path != nullptr && *path != '\0') {
    return path;
  }
  if (const char* dir = std::getenv("XDG_RUNTIME_DIR"); dir != nullptr && *dir != '\0') {
    return std::string(dir) + "/truinlag.sock";
  }
  return fallback_socket_dir() + "/truinlag.sock";
}

std::string fallback_socket_dir() {
  // A directory, not a socket file directly in /tmp: the daemon creates it
  // 0700 and checks it, so no other user can reach, replace or pre-empt
  // the socket (the sticky /tmp only protects files, not names).
  return "/tmp/truinlag-" + std::to_string(getuid());
}

}  // namespace truinlag
