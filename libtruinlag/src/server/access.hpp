// Who may talk to the daemon, and where its socket may live.
//
// The socket is the only door to the engine: anyone who can connect can
// shut the daemon down, read every team's location or change the score.
// So the daemon checks the peer's credentials (SO_PEERCRED) on accept, and
// a socket in a shared place like /tmp lives in a directory only its owner
// can enter. The decisions are pure functions so tests can cover the cases
// a test process cannot produce itself (another uid).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace truinlag::server {

struct PeerCredentials {
  uid_t uid = 0;
  gid_t gid = 0;
};

struct AccessRules {
  uid_t own_uid = 0;              // the daemon's effective uid
  std::vector<uid_t> allow_uids;  // --allow-uid
  std::vector<gid_t> allow_gids;  // --allow-gid (the peer's primary group)
};

// nullopt: the peer may connect. Otherwise the reason sent in
// Goodbye{refused}. Accepted: the daemon's own uid, root, an allowed uid,
// or an allowed (primary) gid.
std::optional<std::string> refusal_reason(const PeerCredentials& peer, const AccessRules& rules);

// The credentials of the process at the other end of a connected unix
// socket; nullopt if the kernel does not say.
std::optional<PeerCredentials> peer_credentials(int fd);

// Makes `dir` a private directory: created with mode 0700 if missing, and
// then it must be a real directory (not a symlink), owned by `owner`, with
// mode 0700. nullopt when it is fine, else the problem in a sentence.
// (/tmp is shared: another user could have created the directory first, or
// planted a symlink, to reach or replace our socket.)
std::optional<std::string> make_private_directory(const std::string& dir, uid_t owner);

// The directory part of a socket path ("." if there is none).
std::string directory_of(const std::string& path);

}  // namespace truinlag::server
