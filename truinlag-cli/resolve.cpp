#include "resolve.hpp"

#include <algorithm>

#include "decimal.hpp"
#include "truinlag/names.hpp"

namespace truinlag::cli {
namespace {

// Enough candidates in a message to spot a typo, not a screenful.
constexpr std::size_t kListedCandidates = 12;

std::string candidate_text(const Nameable& candidate) {
  return "#" + std::to_string(candidate.id) + " " + candidate.name;
}

std::string candidate_list(std::string_view kind, const std::vector<const Nameable*>& list) {
  if (list.empty()) return "there are no " + std::string(kind) + "s";
  std::string text = std::string(kind) + "s: ";
  for (std::size_t i = 0; i < list.size() && i < kListedCandidates; ++i) {
    text += (i == 0 ? "" : ", ") + candidate_text(*list[i]);
  }
  if (list.size() > kListedCandidates) {
    text += " and " + std::to_string(list.size() - kListedCandidates) + " more";
  }
  return text;
}

bool answers_to(const Nameable& candidate, std::string_view text) {
  if (same_name(candidate.name, text)) return true;
  return std::any_of(candidate.aliases.begin(), candidate.aliases.end(),
                     [&](const std::string& alias) { return same_name(alias, text); });
}

}  // namespace

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (!text.empty() && text.front() == '-') return std::nullopt;  // ids and numbers are >= 0 here
  return parse_decimal<std::int64_t>(text);
}

std::int64_t resolve_name(std::string_view kind, std::string_view text,
                          const std::vector<Nameable>& candidates) {
  const std::string trimmed = trim(text);
  std::vector<const Nameable*> all;
  for (const Nameable& candidate : candidates) all.push_back(&candidate);
  const auto unknown = [&] {
    return CliError(kExitFailure, "error: no " + std::string(kind) + " \"" + trimmed + "\" (" +
                                      candidate_list(kind, all) + ")");
  };

  // "#N" is an id and nothing else, the way out of an ambiguity.
  if (trimmed.size() > 1 && trimmed.front() == '#') {
    const std::string_view digits = std::string_view(trimmed).substr(1);
    if (const auto id = parse_int(digits)) {
      for (const Nameable& candidate : candidates) {
        if (candidate.id == *id) return candidate.id;
      }
      throw unknown();
    }
    // "#" and digits past 2^63-1 are meant as an id, but none can be one.
    if (digits.find_first_not_of("0123456789") == std::string_view::npos) {
      std::int64_t ignored = 0;
      throw usage_error(std::string(kind) + " \"" + trimmed +
                        "\": " + read_decimal(digits, ignored));
    }
  }
  std::vector<const Nameable*> matches;
  const auto id = parse_int(trimmed);
  for (const Nameable& candidate : candidates) {
    if ((id && candidate.id == *id) || answers_to(candidate, trimmed))
      matches.push_back(&candidate);
  }
  if (matches.size() == 1) return matches.front()->id;
  if (matches.empty()) throw unknown();
  std::string hint = candidate_list(kind, matches);
  throw CliError(kExitFailure, "error: " + std::string(kind) + " \"" + trimmed +
                                   "\" is ambiguous (" + hint + "); write #<id> to mean an id");
}

SessionId resolve_session(const GlobalState& state, std::string_view text) {
  std::vector<Nameable> candidates;
  for (const Session& session : state.sessions)
    candidates.push_back({session.id, session.name, {}});
  return resolve_name("session", text, candidates);
}

PlayerId resolve_player(const GlobalState& state, std::string_view text) {
  std::vector<Nameable> candidates;
  for (const Player& player : state.players) {
    Nameable candidate{player.id, player.name, {}};
    if (player.nickname) candidate.aliases.push_back(*player.nickname);
    candidates.push_back(std::move(candidate));
  }
  return resolve_name("player", text, candidates);
}

TeamId resolve_team(const SessionState& state, std::string_view text) {
  std::vector<Nameable> candidates;
  for (const Team& team : state.teams) candidates.push_back({team.id, team.name, {}});
  return resolve_name("team", text, candidates);
}

ChallengeSetId resolve_set(const std::vector<ChallengeSet>& sets, std::string_view text) {
  std::vector<Nameable> candidates;
  for (const ChallengeSet& set : sets) candidates.push_back({set.id, set.name, {}});
  return resolve_name("challenge set", text, candidates);
}

ZoneId resolve_zone(const std::vector<Zone>& zones, std::int64_t number) {
  for (const Zone& zone : zones) {
    if (zone.number == number) return zone.id;
  }
  std::string known = zones.empty() ? "there are no zones" : "zones: ";
  for (std::size_t i = 0; i < zones.size() && i < kListedCandidates; ++i) {
    known += (i == 0 ? "" : ", ") + std::to_string(zones[i].number);
  }
  if (zones.size() > kListedCandidates) {
    known += " and " + std::to_string(zones.size() - kListedCandidates) + " more";
  }
  throw CliError(kExitFailure, "error: no zone " + std::to_string(number) + " (" + known + ")");
}

ZoneId resolve_zone(const std::vector<Zone>& zones, std::string_view number) {
  const std::string trimmed = trim(number);
  std::int64_t wanted = 0;
  if (const std::string problem = read_decimal(trimmed, wanted); !problem.empty()) {
    throw usage_error("zone number: " + problem);
  }
  return resolve_zone(zones, wanted);
}

}  // namespace truinlag::cli
