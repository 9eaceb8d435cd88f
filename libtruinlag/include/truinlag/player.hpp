// Players (global: a player belongs to at most one session).
#pragma once

#include <optional>
#include <string>

#include "truinlag/basics.hpp"

namespace truinlag {

struct Player {
  PlayerId id = 0;
  std::string name;
  std::optional<std::string> nickname;
  std::string passphrase;  // the app logs in with it; empty in GetState answers
  std::optional<std::uint64_t> discord_id;
  std::optional<std::string> phone;
  std::optional<SessionId> session;
  std::optional<PictureId> picture;
  std::uint64_t locations_sent = 0;
  std::uint64_t locations_accepted = 0;

  static constexpr auto kFields =
      std::tuple{Field{"id", &Player::id},
                 Field{"name", &Player::name},
                 Field{"nickname", &Player::nickname},
                 Field{"passphrase", &Player::passphrase},
                 Field{"discord_id", &Player::discord_id},
                 Field{"phone", &Player::phone},
                 Field{"session", &Player::session},
                 Field{"picture", &Player::picture},
                 Field{"locations_sent", &Player::locations_sent},
                 Field{"locations_accepted", &Player::locations_accepted}};
  bool operator==(const Player&) const = default;
};

}  // namespace truinlag
