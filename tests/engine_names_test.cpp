// Name rules: normalisation and the normalised Damerau–Levenshtein
// similarity that refuses confusable team names.
#include <catch2/catch.hpp>

#include "engine/names.hpp"

using namespace truinlag::engine;

TEST_CASE("names compare trimmed and case-insensitively, umlauts included") {
  CHECK(same_name("  Blau ", "BLAU"));
  CHECK(same_name("Äpfel", "äPFEL"));
  CHECK(same_name("Zürich", "ZÜRICH"));
  CHECK(same_name("Élan", "élan"));
  CHECK_FALSE(same_name("Blau", "Blaue"));
  CHECK(trim("\t Rot \n") == "Rot");
}

TEST_CASE("unrestricted Damerau–Levenshtein distances of known pairs") {
  CHECK(damerau_levenshtein(U"", U"") == 0);
  CHECK(damerau_levenshtein(U"", U"abc") == 3);
  CHECK(damerau_levenshtein(U"abc", U"abc") == 0);
  CHECK(damerau_levenshtein(U"ab", U"ba") == 1);   // one transposition
  CHECK(damerau_levenshtein(U"ca", U"abc") == 2);  // the restricted variant says 3
  CHECK(damerau_levenshtein(U"kitten", U"sitting") == 3);
  CHECK(damerau_levenshtein(U"flaw", U"lawn") == 2);
  CHECK(damerau_levenshtein(U"a cat", U"an act") == 2);
}

TEST_CASE("normalised similarity of known pairs") {
  CHECK(name_similarity("", "") == Approx(1.0));
  CHECK(name_similarity("", "flower") == Approx(0.0));
  CHECK(name_similarity("levenshtein", "löwenbräu") == Approx(0.27272).margin(1e-5));
  CHECK(name_similarity("Team Rot", "team rot") == Approx(1.0));
  CHECK(name_similarity("Team Rot", "Team Rott") == Approx(8.0 / 9.0));  // 0.889 >= 0.85
  CHECK(name_similarity("Blau", "Blai") == Approx(0.75));                // < 0.85: allowed
  CHECK(name_similarity("Zugvögel", "Zugvogel") == Approx(0.875));
}
