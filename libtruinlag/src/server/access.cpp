#include "server/access.hpp"

#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace truinlag::server {

std::optional<std::string> refusal_reason(const PeerCredentials& peer, const AccessRules& rules) {
  const auto contains = [](const auto& list, auto value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  if (peer.uid == rules.own_uid || peer.uid == 0 || contains(rules.allow_uids, peer.uid) ||
      contains(rules.allow_gids, peer.gid)) {
    return std::nullopt;
  }
  return "uid " + std::to_string(peer.uid) + " (gid " + std::to_string(peer.gid) +
         ") is not allowed to use this daemon; it accepts uid " + std::to_string(rules.own_uid) +
         ", root and those given by --allow-uid / --allow-gid";
}

std::optional<PeerCredentials> peer_credentials(int fd) {
  ucred credentials{};
  socklen_t length = sizeof credentials;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
      length != sizeof credentials) {
    return std::nullopt;
  }
  return PeerCredentials{credentials.uid, credentials.gid};
}

std::optional<std::string> make_private_directory(const std::string& dir, uid_t owner) {
  // mkdir is atomic: either we create it, or it existed already and is
  // checked like any other (someone may have made it before us).
  if (::mkdir(dir.c_str(), 0700) == 0) {
    ::chmod(dir.c_str(), 0700);  // ours, just made: whatever the umask took away
  } else if (errno != EEXIST) {
    return "cannot create the socket directory " + dir + ": " + std::strerror(errno);
  }
  struct stat info {};
  if (::lstat(dir.c_str(), &info) != 0) {
    return "cannot inspect the socket directory " + dir + ": " + std::strerror(errno);
  }
  if (S_ISLNK(info.st_mode)) {
    return "the socket directory " + dir + " is a symbolic link; refusing to use it";
  }
  if (!S_ISDIR(info.st_mode)) {
    return "the socket directory " + dir + " exists and is not a directory; refusing to use it";
  }
  if (info.st_uid != owner) {
    return "the socket directory " + dir + " is owned by uid " + std::to_string(info.st_uid) +
           ", not by us (uid " + std::to_string(owner) + "); refusing to use it";
  }
  if ((info.st_mode & 07777) != 0700) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return "the socket directory " + dir + " has mode " + mode +
           ", not 0700 (other users could reach or replace the socket); refusing to use it "
           "(chmod 700 it if it is yours)";
  }
  return std::nullopt;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace truinlag::server
