#include "engine/challenge_text.hpp"

namespace truinlag::engine {

std::string substitute(std::string_view text, const TextValues& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char code = text[i + 1];
    switch (code) {
      case '%':
        out += '%';
        break;
      case 'p':
        out += values.place.value_or("?");
        break;
      case 'z':
      case 's':
        out += values.zone_number ? std::to_string(*values.zone_number) : "?";
        break;
      case 'r':
        out += std::to_string(values.repetitions);
        break;
      default:
        out += text[i];
        out += code;
        break;
    }
    ++i;
  }
  return out;
}

ChallengeTexts challenge_texts(const Challenge& c, const Config& config, const TextValues& values,
                               bool zoned_zoneable) {
  const bool zkaff = c.kind == ChallengeKind::ZKaff;
  std::string title = config.default_challenge_title;
  std::string description = config.default_challenge_description;
  if (c.place) {
    title = zkaff ? config.zkaff_title_template : config.place_title_template;
    description = zkaff ? config.zkaff_description_template : config.place_description_template;
  }
  if (c.title) title = *c.title;
  if (c.description) description = *c.description;

  const auto finish_title = [&](const std::string& raw) {
    return substitute((c.no_disembark ? config.no_disembark_prefix : std::string()) + raw, values);
  };
  const auto finish_description = [&](const std::string& raw) {
    return substitute(raw + (zoned_zoneable ? config.zoneable_note : std::string()), values);
  };
  ChallengeTexts texts;
  texts.title = finish_title(title);
  texts.description = finish_description(description);
  for (const auto& [language, text] : c.translated_titles) {
    texts.translated_titles[language] = finish_title(text);
  }
  for (const auto& [language, text] : c.translated_descriptions) {
    texts.translated_descriptions[language] = finish_description(text);
  }
  return texts;
}

}  // namespace truinlag::engine
