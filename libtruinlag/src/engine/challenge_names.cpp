#include "engine/challenge_names.hpp"

#include "engine/challenge_rules.hpp"
#include "engine/names.hpp"

namespace truinlag::engine {

ChallengeNames::ChallengeNames(const std::map<ChallengeId, Challenge>& challenges) {
  for (const auto& [id, challenge] : challenges) add(challenge);
}

std::optional<Error> ChallengeNames::clash(const Challenge& c) const {
  const auto name = challenge_name(c);
  if (!name || names_.count(normalise_name(*name)) == 0) return std::nullopt;
  return AlreadyExists{"challenge '" + trim(*name) + "'"};
}

void ChallengeNames::add(const Challenge& c) {
  if (const auto name = challenge_name(c)) names_.insert(normalise_name(*name));
}

}  // namespace truinlag::engine
