// The normalised names of all challenges, for an Import that checks tens
// of thousands of new challenges against every other one: built once per
// import, each check and each addition O(log n), where the single
// AddChallenge's scan of every challenge made an import quadratic
// (issue 14). Same rule as that scan: the title, else a Kaff's place,
// compared under normalise_name().
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "truinlag/challenge.hpp"
#include "truinlag/results.hpp"

namespace truinlag::engine {

class ChallengeNames {
 public:
  explicit ChallengeNames(const std::map<ChallengeId, Challenge>& challenges);

  // AlreadyExists, worded like AddChallenge's, if a challenge already
  // holds the name of the new challenge `c` (one not yet in the index).
  std::optional<Error> clash(const Challenge& c) const;
  // Records the name of a challenge just added.
  void add(const Challenge& c);

 private:
  std::set<std::u32string> names_;
};

}  // namespace truinlag::engine
